import { Result } from 'antd';
import type { ReactNode } from 'react';
import { ROLE_LABELS, type Role } from '../../../../shared/contract/roles';
import { useCurrentUser } from '../session/sessionContext';

export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const user = useCurrentUser();
  if (roles.includes(user.role)) return children;
  return <Result status="403" title="无权访问" subTitle={`当前角色（${ROLE_LABELS[user.role]}）无权使用此功能`} />;
}
