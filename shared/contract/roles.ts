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
