import {
  AccountBookOutlined,
  AuditOutlined,
  BarChartOutlined,
  FileProtectOutlined,
  ReadOutlined,
  ScanOutlined,
  SettingOutlined,
  SwapOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { ROLES, type Role } from '../../../../shared/contract/roles';
import type { InstallMode } from '../../../../shared/contract/schemas/exchange';
import { useInstallMode } from '../../features/exchange/api';
import { EXCHANGE_ROLES } from '../../features/exchange/access';
import { REDEEM_ROLES } from '../../features/redeem/access';
import { SETTLEMENT_ROLES } from '../../features/settlement/access';
import { STATS_ROLES } from '../../features/stats/access';
import { TRAINING_ROLES } from '../../features/training/access';
import { VOUCHER_ROLES } from '../../features/vouchers/access';
import { WORKER_ROLES } from '../../features/workers/access';
import { useCurrentUser } from '../session/sessionContext';

export interface Section {
  path: string;
  label: string;
  icon: ReactNode;
  roles: readonly Role[];
  /** Sections that need the bureau's worker and voucher records, which an institution's install has not. */
  bureauOnly?: boolean;
  /** County-wide work, not for a clerk bound to townships (see isCountyOnlyChannel). */
  countyOnly?: boolean;
}

export const SECTIONS: Section[] = [
  { path: '/workers', label: '劳动者档案', icon: <TeamOutlined />, roles: WORKER_ROLES, bureauOnly: true },
  { path: '/vouchers', label: '培训券', icon: <FileProtectOutlined />, roles: VOUCHER_ROLES, bureauOnly: true },
  {
    path: '/settlement',
    label: '资金结算',
    icon: <AccountBookOutlined />,
    roles: SETTLEMENT_ROLES,
    bureauOnly: true,
    countyOnly: true,
  },
  { path: '/stats', label: '统计分析', icon: <BarChartOutlined />, roles: STATS_ROLES, bureauOnly: true },
  {
    path: '/exchange',
    label: '机构数据交换',
    icon: <SwapOutlined />,
    roles: EXCHANGE_ROLES,
    bureauOnly: true,
    countyOnly: true,
  },
  { path: '/redeem', label: '扫码核销', icon: <AuditOutlined />, roles: REDEEM_ROLES },
  { path: '/training', label: '培训管理', icon: <ReadOutlined />, roles: TRAINING_ROLES },
  { path: '/verify', label: '扫码验券', icon: <ScanOutlined />, roles: ROLES },
  { path: '/admin', label: '系统管理', icon: <SettingOutlined />, roles: ['admin'] },
];

/** Where a role starts its day: the first section is its home page. */
const FIRST: Partial<Record<Role, string>> = { reviewer: '/settlement' };

export function sectionsFor(role: Role, mode?: InstallMode, townships: readonly string[] = []): Section[] {
  const institution = mode?.installMode === 'institution';
  const mine = SECTIONS.filter(
    (s) => s.roles.includes(role) && !(institution && s.bureauOnly) && !(townships.length > 0 && s.countyOnly),
  );
  const first = mine.find((s) => s.path === FIRST[role]);
  return first ? [first, ...mine.filter((s) => s !== first)] : mine;
}

/** The signed-in user's sections on this install; `ready` once the install mode is known. */
export function useSections(): { sections: Section[]; ready: boolean; mode: InstallMode | undefined } {
  const user = useCurrentUser();
  const mode = useInstallMode();
  return { sections: sectionsFor(user.role, mode.data, user.townships ?? []), ready: !mode.isPending, mode: mode.data };
}
