import type { ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { Button, Result } from 'antd';
import { useMe, useSession } from '../api/session';
import { useI18n } from '../i18n';
import { FullPageSpin } from './FullPageSpin';
import { QueryError } from './QueryError';
import { navItem, type NavKey } from './navigation';

export interface LoginState {
  from?: string;
  reason?: string;
}

/** Renders children only with a session; a user who must change the password goes to /account first. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const location = useLocation();
  const session = useSession();
  if (session.isPending) return <FullPageSpin />;
  if (session.isError) return <QueryError error={session.error} onRetry={() => void session.refetch()} />;
  if (!session.data) {
    const state: LoginState = { from: location.pathname + location.search };
    return <Navigate to="/login" replace state={state} />;
  }
  if (session.data.user.mustChangePassword && location.pathname !== '/account') {
    return <Navigate to="/account" replace />;
  }
  return <>{children}</>;
}

/** The page of a menu entry, or a 403 result for roles that do not see that entry. */
export function RequireNav({ nav, children }: { nav: NavKey; children: ReactNode }) {
  const me = useMe();
  if (!navItem(nav).visible(me)) return <Forbidden />;
  return <>{children}</>;
}

export function Forbidden() {
  const { t } = useI18n();
  return <Result status="403" title="403" subTitle={t('error.forbidden')} extra={<BackHome />} />;
}

export function NotFound() {
  const { t } = useI18n();
  return <Result status="404" title="404" subTitle={t('error.notFound')} extra={<BackHome />} />;
}

function BackHome() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Button type="primary" onClick={() => void navigate('/')}>
      {t('error.backHome')}
    </Button>
  );
}
