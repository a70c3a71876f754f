// The authenticated shell: side menu (a drawer on phones), header with who is logged in,
// the language switch and logout, and the page in the middle.
import { Suspense, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Drawer, Flex, Layout, Menu, Tag, Tooltip, Typography, theme } from 'antd';
import { LogoutOutlined, MenuOutlined } from '@ant-design/icons';
import { ROLE_LABELS, type Me } from '@baoxue/shared';
import { logout, useMe } from '../api/session';
import { useI18n } from '../i18n';
import { ErrorBoundary } from './ErrorBoundary';
import { FullPageSpin } from './FullPageSpin';
import { LangSwitch } from './LangSwitch';
import { InboxBadge } from '../features/inbox/InboxBadge';
import { NAV_ITEMS, navKeyOf } from './navigation';
import { useIsMobile } from './useIsMobile';

const SIDER_WIDTH = 216;

export default function AppLayout() {
  const me = useMe();
  const isMobile = useIsMobile();
  const location = useLocation();
  const { token } = theme.useToken();
  const { t } = useI18n();
  // The drawer remembers the path it was opened on, so any navigation closes it.
  const [drawerOpenAt, setDrawerOpenAt] = useState<string | null>(null);
  const drawerOpen = drawerOpenAt === location.pathname;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {isMobile ? null : (
        // The sider runs the page's full length, so its white and its border do not stop under
        // the menu on a long page; the menu inside stays in view while the page scrolls.
        <Layout.Sider width={SIDER_WIDTH} theme="light" style={{ borderRight: `1px solid ${token.colorBorderSecondary}` }}>
          <div style={{ position: 'sticky', top: 0, maxHeight: '100vh', overflow: 'auto' }}>
            <Brand />
            <NavMenu me={me} />
          </div>
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            padding: isMobile ? '0 8px' : '0 24px',
            position: 'sticky',
            top: 0,
            zIndex: 10,
            display: 'flex',
            alignItems: 'center',
            gap: 8,
            height: 56,
            lineHeight: '56px',
          }}
        >
          {isMobile ? (
            <>
              <Button
                type="text"
                icon={<MenuOutlined />}
                aria-label="menu"
                data-testid="menu-toggle"
                onClick={() => setDrawerOpenAt(location.pathname)}
              />
              <Typography.Text strong style={{ fontSize: 16 }}>
                {t('app.name')}
              </Typography.Text>
            </>
          ) : (
            <UserBadge me={me} />
          )}
          <div style={{ flex: 1 }} />
          {me.mustChangePassword ? null : <InboxBadge />}
          <LangSwitch />
          <LogoutButton compact={isMobile} />
        </Layout.Header>
        <Layout.Content style={{ padding: isMobile ? 12 : 24, minWidth: 0 }}>
          <ErrorBoundary resetKey={location.pathname}>
            <Suspense fallback={<FullPageSpin />}>
              <Outlet />
            </Suspense>
          </ErrorBoundary>
        </Layout.Content>
      </Layout>
      {isMobile ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpenAt(null)}
          size={264}
          title={<Brand inline />}
          styles={{ body: { padding: 0 } }}
          data-testid="menu-drawer"
        >
          <div style={{ padding: '12px 16px', borderBottom: `1px solid ${token.colorBorderSecondary}` }}>
            <UserBadge me={me} vertical />
          </div>
          <NavMenu me={me} onPick={() => setDrawerOpenAt(null)} />
        </Drawer>
      ) : null}
    </Layout>
  );
}

function Brand({ inline }: { inline?: boolean }) {
  const { t } = useI18n();
  return (
    <Flex align="center" gap={8} style={inline ? undefined : { height: 56, padding: '0 20px' }}>
      <span
        aria-hidden
        style={{
          display: 'inline-flex',
          alignItems: 'center',
          justifyContent: 'center',
          width: 28,
          height: 28,
          borderRadius: 6,
          background: '#1677ff',
          color: '#fff',
          fontWeight: 600,
        }}
      >
        学
      </span>
      <Typography.Text strong style={{ fontSize: 16 }}>
        {t('app.name')}
      </Typography.Text>
    </Flex>
  );
}

/** `onPick`: a choice closes the phone's drawer, the page already open included. */
function NavMenu({ me, onPick }: { me: Me; onPick?: () => void }) {
  const { t } = useI18n();
  const location = useLocation();
  // Until the initial password is changed nothing else can be opened, so nothing else is offered.
  const items = NAV_ITEMS.filter((item) => item.visible(me) && (!me.mustChangePassword || item.key === 'account')).map((item) => ({
    key: item.key,
    icon: item.icon,
    // A real link: middle-click opens a new tab, and tests find it by its test id.
    label: (
      <Link to={item.path} data-testid={`menu-${item.key}`}>
        {t(item.label)}
      </Link>
    ),
  }));
  return <Menu mode="inline" selectedKeys={[navKeyOf(location.pathname)]} items={items} onClick={onPick} style={{ borderInlineEnd: 0 }} />;
}

function UserBadge({ me, vertical }: { me: Me; vertical?: boolean }) {
  const { enumLabel, t } = useI18n();
  return (
    <Flex vertical={vertical} align={vertical ? 'flex-start' : 'center'} gap={vertical ? 4 : 8} style={{ minWidth: 0, lineHeight: 1.4 }} data-testid="header-user">
      <Typography.Text strong data-testid="header-user-name">
        {me.displayName}
      </Typography.Text>
      <Tag color="blue" style={{ marginInlineEnd: 0 }} data-testid="header-user-role">
        {enumLabel(ROLE_LABELS, me.role)}
      </Tag>
      <Tooltip title={t('header.scope')}>
        <Typography.Text type="secondary" ellipsis style={{ maxWidth: 280 }} data-testid="header-user-scope">
          {me.scopeName}
        </Typography.Text>
      </Tooltip>
    </Flex>
  );
}

function LogoutButton({ compact }: { compact: boolean }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const onClick = async () => {
    setBusy(true);
    try {
      await logout(qc);
    } catch {
      // The local session is gone either way; a failed server call changes nothing for the user.
    } finally {
      setBusy(false);
    }
    await navigate('/login', { replace: true, state: { reason: 'logged_out' } });
  };
  return (
    <Tooltip title={compact ? t('header.logout') : undefined}>
      <Button
        icon={<LogoutOutlined />}
        loading={busy}
        onClick={() => void onClick()}
        data-testid="logout"
        aria-label={t('header.logout')}
        type={compact ? 'text' : 'default'}
      >
        {compact ? null : t('header.logout')}
      </Button>
    </Tooltip>
  );
}
