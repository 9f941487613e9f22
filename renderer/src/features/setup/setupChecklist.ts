import type { UserRow } from '../../../../shared/contract/schemas/auth';
import type { Institution, SubsidyStandard } from '../../../../shared/contract/schemas/catalog';
import type { KeyStatus } from '../../../../shared/contract/schemas/keys';
import type { Settings } from '../../../../shared/contract/schemas/settings';

export interface SetupItem {
  key: string;
  title: string;
  /** What is there now, or what is missing. */
  detail: string;
  done: boolean;
  /** The page where it is done. */
  to: string;
}

export interface SetupState {
  keys: KeyStatus;
  institutions: readonly Institution[];
  standards: readonly SubsidyStandard[];
  users: readonly UserRow[];
  settings: Settings;
  /** An institution's install receives the bureau's catalogues: nothing to set up there. */
  institutionMode: boolean;
}

/** What a new install needs before daily work, each item read from what is really there. */
export function setupItems(s: SetupState): SetupItem[] {
  const staff = s.users.filter((u) => u.role !== 'admin' && !u.disabled);
  const items: SetupItem[] = [
    {
      key: 'keys',
      title: '生成签名密钥',
      detail: s.keys.activeKid ? `已启用密钥 ${s.keys.activeKid}` : '尚未生成：没有密钥不能发券',
      done: s.keys.activeKid !== null,
      to: '/admin?tab=keys',
    },
  ];
  if (!s.institutionMode) {
    items.push(
      {
        key: 'institutions',
        title: '登记培训机构',
        detail: s.institutions.length > 0 ? `已登记 ${s.institutions.length} 家` : '尚未登记',
        done: s.institutions.length > 0,
        to: '/admin?tab=institutions',
      },
      {
        key: 'standards',
        title: '设置补贴标准',
        detail:
          s.standards.length > 0
            ? `已有 ${s.standards.length} 条（含安装时预置的标准，请核对）`
            : '尚未设置：没有标准不能发券',
        done: s.standards.length > 0,
        to: '/admin?tab=standards',
      },
    );
  }
  items.push(
    {
      key: 'users',
      title: '创建工作人员账号',
      detail: staff.length > 0 ? `已有 ${staff.length} 个账号` : '只有管理员账号',
      done: staff.length > 0,
      to: '/admin?tab=users',
    },
    {
      key: 'backup',
      title: '设置备份文件夹',
      detail: s.settings.backupDir ? s.settings.backupDir : '尚未设置：不会自动备份',
      done: s.settings.backupDir !== '',
      to: '/admin?tab=settings',
    },
  );
  return items;
}
