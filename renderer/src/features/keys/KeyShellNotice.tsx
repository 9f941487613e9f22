import { useLocation } from 'react-router-dom';
import type { Role } from '../../../../shared/contract/roles';
import { canIssueVouchers } from '../vouchers/access';
import { KeyReadyBanner } from './KeyReadyBanner';
import { KeyUnlockPrompt } from './KeyUnlockPrompt';

/** What the shell says about the signing key: the admin is asked to unlock it; issuers are told on their home page. */
export function KeyShellNotice({ role, home, bureau }: { role: Role; home: string | undefined; bureau: boolean }) {
  const location = useLocation();
  if (role === 'admin') return <KeyUnlockPrompt />;
  if (bureau && canIssueVouchers(role) && location.pathname === home) return <KeyReadyBanner />;
  return null;
}
