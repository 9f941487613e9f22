export const ROLES = ['admin', 'clerk', 'reviewer', 'institutionOperator'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: '系统管理员',
  clerk: '窗口经办人',
  reviewer: '复核人',
  institutionOperator: '培训机构操作员',
};

/** Who may call a channel: nobody logged in ('public'), any logged-in user ('user'), or the listed roles. */
export type Access = 'public' | 'user' | readonly Role[];

/**
 * County-wide work that a clerk bound to townships (所属乡镇) does not do: settlement lists name
 * trainees of every township, and the anomaly list and ledger cover the whole county.
 */
export const isCountyOnlyChannel = (name: string) =>
  name.startsWith('settlement:') || name.startsWith('anomaly:') || name === 'ledger:get';

export const COUNTY_ONLY_MESSAGE = '您绑定了所属乡镇，资金结算和异常核查由县级经办人办理';
