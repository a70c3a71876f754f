import { lazy, Suspense, useEffect, useMemo, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, Outlet, RouterProvider, useNavigate } from 'react-router';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { ApiError, onAuthEvent } from './api/client';
import { noteAuthEnded, SESSION_KEY } from './api/session';
import { I18nProvider, useI18n } from './i18n';
import { RequireAuth, RequireNav, NotFound } from './components/RequireAuth';
import { FullPageSpin } from './components/FullPageSpin';
import { notifyError, setMessageApi } from './components/feedback';
import type { NavKey } from './components/navigation';

declare module '@tanstack/react-query' {
  interface Register {
    // quiet: the caller shows the error itself (inline on a form), so no global toast.
    mutationMeta: { quiet?: boolean };
  }
}

// Route-level splitting: each page is its own chunk; echarts rides only with the overview.
// The shell itself is lazy too, so the login page does not wait for the menu and drawer.
const AppLayout = lazy(() => import('./components/AppLayout'));
const LoginPage = lazy(() => import('./features/login/LoginPage'));
const AccountPage = lazy(() => import('./features/account/AccountPage'));
const OverviewPage = lazy(() => import('./features/overview/OverviewPage'));
const RegionsPage = lazy(() => import('./features/regions/RegionsPage'));
const SchoolsPage = lazy(() => import('./features/schools/SchoolsPage'));
const SchoolDetailPage = lazy(() => import('./features/schools/SchoolDetailPage'));
const StudentsPage = lazy(() => import('./features/students/StudentsPage'));
const StudentEventsPage = lazy(() => import('./features/students/StudentEventsPage'));
const ImportsPage = lazy(() => import('./features/imports/ImportsPage'));
const ReconciliationPage = lazy(() => import('./features/reconciliation/ReconciliationPage'));
const ReviewPage = lazy(() => import('./features/reconciliation/ReviewPage'));
const LedgersPage = lazy(() => import('./features/ledgers/LedgersPage'));
const RostersPage = lazy(() => import('./features/rosters/RostersPage'));
const UsersPage = lazy(() => import('./features/users/UsersPage'));
const AuditPage = lazy(() => import('./features/audit/AuditPage'));
const SettingsPage = lazy(() => import('./features/settings/SettingsPage'));
const InboxPage = lazy(() => import('./features/inbox/InboxPage'));
const AbsencesPage = lazy(() => import('./features/absences/AbsencesPage'));
const CasesPage = lazy(() => import('./features/cases/CasesPage'));
const CaseDetailPage = lazy(() => import('./features/cases/CaseDetailPage'));
const ChiefsPage = lazy(() => import('./features/chiefs/ChiefsPage'));
const CalendarPage = lazy(() => import('./features/calendar/CalendarPage'));

function guarded(nav: NavKey, page: ReactNode) {
  return <RequireNav nav={nav}>{page}</RequireNav>;
}

const router = createBrowserRouter([
  {
    element: <Root />,
    children: [
      {
        path: '/login',
        element: (
          <Suspense fallback={<FullPageSpin />}>
            <LoginPage />
          </Suspense>
        ),
      },
      {
        element: (
          <RequireAuth>
            <Suspense fallback={<FullPageSpin />}>
              <AppLayout />
            </Suspense>
          </RequireAuth>
        ),
        children: [
          { index: true, element: guarded('overview', <OverviewPage />) },
          { path: 'account', element: <AccountPage /> },
          { path: 'regions', element: guarded('regions', <RegionsPage />) },
          { path: 'regions/:code', element: guarded('regions', <RegionsPage />) },
          { path: 'schools', element: guarded('schools', <SchoolsPage />) },
          { path: 'schools/:code', element: guarded('schools', <SchoolDetailPage />) },
          { path: 'students', element: guarded('students', <StudentsPage />) },
          { path: 'students/events', element: guarded('students', <StudentEventsPage />) },
          { path: 'imports', element: guarded('imports', <ImportsPage />) },
          { path: 'reconciliation', element: guarded('reconciliation', <ReconciliationPage />) },
          { path: 'review', element: guarded('review', <ReviewPage />) },
          { path: 'ledgers', element: guarded('ledgers', <LedgersPage />) },
          { path: 'rosters', element: guarded('rosters', <RostersPage />) },
          { path: 'users', element: guarded('users', <UsersPage />) },
          { path: 'audit', element: guarded('audit', <AuditPage />) },
          { path: 'settings', element: guarded('settings', <SettingsPage />) },
          { path: 'inbox', element: guarded('inbox', <InboxPage />) },
          { path: 'absences', element: guarded('absences', <AbsencesPage />) },
          { path: 'cases', element: guarded('cases', <CasesPage />) },
          { path: 'cases/:id', element: guarded('cases', <CaseDetailPage />) },
          { path: 'chiefs', element: guarded('chiefs', <ChiefsPage />) },
          { path: 'calendar', element: guarded('calendar', <CalendarPage />) },
          { path: 'overview', element: <Navigate to="/" replace /> },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
]);

/** Inside the router: answers the client's auth events by navigating. */
function Root() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();

  useEffect(() => {
    setMessageApi(message);
    return () => setMessageApi(null);
  }, [message]);

  useEffect(
    () =>
      onAuthEvent((event) => {
        if (event.kind === 'unauthenticated') {
          noteAuthEnded(event.code);
          // Drop every cached list: the next user of this browser must not see them.
          qc.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
          qc.setQueryData(SESSION_KEY, null);
          void navigate('/login', { replace: true, state: { reason: event.code, from: window.location.pathname + window.location.search } });
        } else {
          void qc.invalidateQueries({ queryKey: SESSION_KEY });
          void navigate('/account', { replace: true });
        }
      }),
    [qc, navigate],
  );

  return <Outlet />;
}

function makeQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      // Background refetch failures would otherwise go unnoticed while stale data shows.
      onError: (err, query) => {
        if (query.state.data !== undefined) notifyError(err);
      },
    }),
    mutationCache: new MutationCache({
      onError: (err, _vars, _ctx, mutation) => {
        if (!mutation.meta?.quiet) notifyError(err);
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // A 4xx will not change on retry; only network trouble and 5xx are worth another go.
        retry: (count, err) => count < 2 && !(err instanceof ApiError && err.status >= 400 && err.status < 500),
      },
    },
  });
}

function Themed({ children }: { children: ReactNode }) {
  const { lang } = useI18n();
  useEffect(() => {
    dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
    document.documentElement.lang = lang;
  }, [lang]);
  return (
    <ConfigProvider
      locale={lang === 'en' ? enUS : zhCN}
      theme={{ token: { colorPrimary: '#1677ff', borderRadius: 6 } }}
      // Button text stays exactly the dictionary string ("登录", not "登 录"), which is
      // also what browser tests and screen readers match on.
      button={{ autoInsertSpace: false }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function App() {
  const queryClient = useMemo(makeQueryClient, []);
  return (
    <I18nProvider>
      <QueryClientProvider client={queryClient}>
        <Themed>
          <RouterProvider router={router} />
        </Themed>
      </QueryClientProvider>
    </I18nProvider>
  );
}
