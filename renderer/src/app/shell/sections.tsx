import { FileProtectOutlined, ScanOutlined, SettingOutlined, TeamOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { ROLES, type Role } from '../../../../shared/contract/roles';
import { VOUCHER_ROLES } from '../../features/vouchers/access';
import { WORKER_ROLES } from '../../features/workers/access';

export interface Section {
  path: string;
  label: string;
  icon: ReactNode;
  roles: readonly Role[];
}

export const SECTIONS: Section[] = [
  { path: '/workers', label: '劳动者档案', icon: <TeamOutlined />, roles: WORKER_ROLES },
  { path: '/vouchers', label: '培训券', icon: <FileProtectOutlined />, roles: VOUCHER_ROLES },
  { path: '/verify', label: '扫码验券', icon: <ScanOutlined />, roles: ROLES },
  { path: '/admin', label: '系统管理', icon: <SettingOutlined />, roles: ['admin'] },
];

export function sectionsFor(role: Role): Section[] {
  return SECTIONS.filter((s) => s.roles.includes(role));
}
