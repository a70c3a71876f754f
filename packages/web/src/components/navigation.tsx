// The menu and the route guards read the same table, so a page hidden from a role is
// also refused to it when typed into the address bar (the server refuses the data anyway).
import type { ReactNode } from 'react';
import {
  AuditOutlined,
  AlertOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  InboxOutlined,
  ApartmentOutlined,
  BankOutlined,
  BookOutlined,
  ClusterOutlined,
  CloudUploadOutlined,
  DashboardOutlined,
  FileSearchOutlined,
    SolutionOutlined,
  SwapOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
  UsergroupAddOutlined,
} from '@ant-design/icons';
import type { Me } from '@baoxue/shared';
import type { MessageKey } from '../i18n';

export type NavKey =
  | 'overview'
  | 'regions'
  | 'schools'
  | 'students'
  | 'imports'
  | 'reconciliation'
  | 'review'
  | 'ledgers'
  | 'rosters'
  | 'users'
  | 'audit'
  | 'settings'
  | 'account'
  | 'inbox'
  | 'absences'
  | 'cases'
  | 'chiefs'
  | 'calendar';

export interface NavItem {
  key: NavKey;
  path: string;
  label: MessageKey;
  icon: ReactNode;
  visible: (me: Me) => boolean;
}

const everyone = () => true;

export const NAV_ITEMS: readonly NavItem[] = [
  { key: 'overview', path: '/', label: 'menu.overview', icon: <DashboardOutlined />, visible: everyone },
  { key: 'inbox', path: '/inbox', label: 'menu.inbox', icon: <InboxOutlined />, visible: everyone },
  {
    key: 'absences',
    path: '/absences',
    label: 'menu.absences',
    icon: <CheckSquareOutlined />,
    visible: (me) => me.role !== 'village_official',
  },
  { key: 'cases', path: '/cases', label: 'menu.cases', icon: <AlertOutlined />, visible: everyone },
  { key: 'regions', path: '/regions', label: 'menu.regions', icon: <ClusterOutlined />, visible: (me) => me.role !== 'teacher' },
  {
    key: 'schools',
    path: '/schools',
    label: 'menu.schools',
    icon: <BankOutlined />,
    visible: (me) => me.role !== 'village_official',
  },
  { key: 'students', path: '/students', label: 'menu.students', icon: <TeamOutlined />, visible: everyone },
  {
    key: 'imports',
    path: '/imports',
    label: 'menu.imports',
    icon: <CloudUploadOutlined />,
    visible: (me) => me.permissions.includes('imports.run'),
  },
  {
    key: 'reconciliation',
    path: '/reconciliation',
    label: 'menu.reconciliation',
    icon: <SwapOutlined />,
    visible: (me) => me.permissions.includes('monitoring.view'),
  },
  {
    key: 'review',
    path: '/review',
    label: 'menu.review',
    icon: <FileSearchOutlined />,
    visible: (me) => me.permissions.includes('reconciliation.review'),
  },
  {
    key: 'ledgers',
    path: '/ledgers',
    label: 'menu.ledgers',
    icon: <SolutionOutlined />,
    visible: (me) => me.permissions.includes('monitoring.view'),
  },
  {
    key: 'rosters',
    path: '/rosters',
    label: 'menu.rosters',
    icon: <BookOutlined />,
    visible: (me) => me.permissions.includes('monitoring.view'),
  },
  {
    key: 'chiefs',
    path: '/chiefs',
    label: 'menu.chiefs',
    icon: <ApartmentOutlined />,
    visible: (me) => me.permissions.includes('chiefs.edit'),
  },
  {
    key: 'calendar',
    path: '/calendar',
    label: 'menu.calendar',
    icon: <CalendarOutlined />,
    visible: (me) => me.permissions.includes('calendar.edit'),
  },
  {
    key: 'users',
    path: '/users',
    label: 'menu.users',
    icon: <UsergroupAddOutlined />,
    visible: (me) => me.permissions.includes('users.manage'),
  },
  {
    key: 'audit',
    path: '/audit',
    label: 'menu.audit',
    icon: <AuditOutlined />,
    visible: (me) => me.permissions.includes('audit.view'),
  },
  {
    key: 'settings',
    path: '/settings',
    label: 'menu.settings',
    icon: <SettingOutlined />,
    visible: (me) => me.permissions.includes('settings.edit'),
  },
  { key: 'account', path: '/account', label: 'menu.account', icon: <UserOutlined />, visible: everyone },
];

export function navItem(key: NavKey): NavItem {
  const item = NAV_ITEMS.find((i) => i.key === key);
  if (!item) throw new Error(`unknown nav item ${key}`);
  return item;
}

/** The menu entry a path belongs to: '/schools/6107270001' → 'schools'. */
export function navKeyOf(pathname: string): NavKey {
  const first = pathname.split('/')[1] ?? '';
  const item = NAV_ITEMS.find((i) => i.path === `/${first}`);
  return item ? item.key : 'overview';
}
