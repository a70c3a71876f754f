import { useState } from 'react';
import { Link } from 'react-router';
import { App, Button, Input, Select, Space, Tag, Tooltip } from 'antd';
import { AuditOutlined, EditOutlined, KeyOutlined, PlusOutlined, UnlockOutlined } from '@ant-design/icons';
import { ROLE_LABELS, ROLES, type Role, type UserSummary } from '@baoxue/shared';
import { useI18n } from '../../i18n';
import { can, useMe } from '../../api/session';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { DataTable, type Column } from '../../components/DataTable';
import { ExportButton } from '../../components/ExportButton';
import { FilterBar } from '../../components/FilterBar';
import { Tel } from '../../components/Tel';
import { useListParams } from '../../components/useListParams';
import { notifySuccess } from '../../components/feedback';
import { useUnlockUser, useUsers, type UserFilters } from './users.api';
import { UserForm } from './UserForm';
import { ResetPasswordForm } from './ResetPasswordForm';

const FILTER_KEYS = ['q', 'role'] as const;

function isRole(v: string | undefined): v is Role {
  return v !== undefined && (ROLES as readonly string[]).includes(v);
}

type Dialog = { kind: 'create' } | { kind: 'edit'; user: UserSummary } | { kind: 'reset'; user: UserSummary } | null;

export default function UsersPage() {
  const { t, lang, enumLabel } = useI18n();
  const { modal } = App.useApp();
  const mayReadAudit = can(useMe(), 'audit.view');
  const list = useListParams(FILTER_KEYS);
  const { q, role } = list.filters;
  const query: UserFilters = { q, role: isRole(role) ? role : undefined, page: list.page, pageSize: list.pageSize };
  const users = useUsers(query);
  const unlock = useUnlockUser();
  const [dialog, setDialog] = useState<Dialog>(null);

  const confirmUnlock = (u: UserSummary) => {
    modal.confirm({
      title: t('users.unlockConfirm', { name: u.displayName }),
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      onOk: () => unlock.mutateAsync(u.id).then(() => notifySuccess(t('users.unlocked'))),
    });
  };

  const columns: Column<UserSummary>[] = [
    { key: 'username', title: t('users.username'), render: (u) => u.username },
    { key: 'displayName', title: t('users.displayName'), render: (u) => u.displayName, hideOnCard: true },
    { key: 'role', title: t('users.role'), render: (u) => enumLabel(ROLE_LABELS, u.role) },
    {
      key: 'scope',
      title: t('users.scope'),
      render: (u) => (
        <Tooltip title={u.scopeCode}>
          <span>{u.scopeName || u.scopeCode}</span>
        </Tooltip>
      ),
    },
    { key: 'phone', title: t('users.phone'), render: (u) => (u.phone ? <Tel phone={u.phone} /> : '—') },
    {
      key: 'status',
      title: t('users.status'),
      render: (u) => (
        <Space size={[0, 4]} wrap>
          {u.active ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>}
          {u.locked ? <Tag color="red">{t('users.locked')}</Tag> : null}
          {u.mustChangePassword ? <Tag color="orange">{t('users.mustChange')}</Tag> : null}
          {u.canViewFullId ? <Tag color="gold">{t('users.canViewFullId')}</Tag> : null}
          {u.isDemo ? <Tag>{t('users.demo')}</Tag> : null}
        </Space>
      ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      // Two buttons a line: four side by side pushed the table past a laptop's width. The
      // English labels are longer ("Reset password").
      width: lang === 'en' ? 270 : 220,
      render: (u) => (
        <Space size={4} wrap>
          <Button size="small" icon={<EditOutlined />} onClick={() => setDialog({ kind: 'edit', user: u })} data-testid={`user-edit-${u.username}`}>
            {t('common.edit')}
          </Button>
          <Button size="small" icon={<KeyOutlined />} onClick={() => setDialog({ kind: 'reset', user: u })} data-testid={`user-reset-${u.username}`}>
            {t('users.resetPassword')}
          </Button>
          {u.locked ? (
            <Button size="small" danger icon={<UnlockOutlined />} onClick={() => confirmUnlock(u)} data-testid={`user-unlock-${u.username}`}>
              {t('users.unlock')}
            </Button>
          ) : null}
          {mayReadAudit ? (
            // What this user did: the county admin's first question when something went wrong.
            <Link to={`/audit?username=${encodeURIComponent(u.username)}`} data-testid={`user-audit-${u.username}`}>
              <Button size="small" icon={<AuditOutlined />}>
                {t('users.activity')}
              </Button>
            </Link>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageTitle
        title={t('users.title')}
        extra={
          <>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })} data-testid="user-create">
              {t('users.create')}
            </Button>
            <ExportButton path="/users" params={query} />
          </>
        }
      />
      <FilterBar activeCount={role ? 1 : 0}>
        <Input.Search
          key={`q-${q ?? ''}`}
          defaultValue={q}
          allowClear
          placeholder={t('users.searchPlaceholder')}
          onSearch={(v) => list.update({ q: v.trim() })}
          style={{ width: 220 }}
          data-testid="user-search"
        />
        <Select
          allowClear
          placeholder={t('users.role')}
          value={isRole(role) ? role : undefined}
          onChange={(v: Role | undefined) => list.update({ role: v })}
          options={ROLES.map((r) => ({ value: r, label: enumLabel(ROLE_LABELS, r) }))}
          style={{ width: 220 }}
          popupMatchSelectWidth={false}
          data-testid="user-role-filter"
        />
      </FilterBar>
      {users.isError ? <QueryError error={users.error} onRetry={() => void users.refetch()} /> : null}
      <DataTable<UserSummary>
        testId="users-table"
        columns={columns}
        rows={users.data?.items}
        rowKey={(u) => u.id}
        loading={users.isFetching}
        cardTitle={(u) => u.displayName}
        paging={list.pagingFor(users.data)}
      />
      {dialog?.kind === 'create' ? <UserForm onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'edit' ? <UserForm user={dialog.user} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'reset' ? <ResetPasswordForm user={dialog.user} onClose={() => setDialog(null)} /> : null}
    </>
  );
}
