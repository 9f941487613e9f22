import { ROLE_LABELS } from '../../shared/contract/roles';
import type { Queryable } from '../db/driver/types';
import { findUser, userTownships } from '../db/repos/user.repo';
import type { Settings } from '../../shared/contract/schemas/settings';
import type { Env } from './context';
import { credentialOf, type Session, type SessionStore } from './sessions';

const ENDED = '登录已失效，请重新登录';

/**
 * Why a session may not go on, or null. Checked on every call, so that an account disabled, given
 * another role or institution, or whose password was reset — by this process, by the CLI or by
 * another window on the same database — is out at its next call, and no session outlives the
 * maximum age. CLI and system sessions have no account row and are not checked.
 */
export async function sessionEndReason(
  db: Queryable,
  sessions: SessionStore,
  s: Session,
  maxHours: number,
): Promise<string | null> {
  if (s.noIdleLock || s.user.id <= 0) return null;
  if (sessions.age(s) > maxHours * 3_600_000) return `登录已超过 ${maxHours} 小时，请重新登录`;
  const u = await findUser(db, s.user.id);
  if (!u) return '账号已不存在，已退出登录';
  if (u.disabled) return '您的账号已被停用，已退出登录。如有疑问请联系系统管理员';
  if (u.role !== s.user.role) return `您的角色已改为“${ROLE_LABELS[u.role]}”，请重新登录`;
  if (u.institution_id !== s.user.institutionId) return '您绑定的培训机构已变更，请重新登录';
  if (s.credential !== undefined && credentialOf(u.password_hash) !== s.credential) {
    return '您的密码已被修改或重置，请用新密码重新登录';
  }
  s.mustChangePassword = u.must_change_password === 1;
  // A new display name is only shown; it changes no rights.
  if (u.display_name !== s.user.displayName) s.user = { ...s.user, displayName: u.display_name };
  // 所属乡镇 are read again on every call (no store keeps them): an admin's change applies at once,
  // and a session that missed this read would be county-wide only for a clerk with none.
  const townships = u.role === 'clerk' ? await userTownships(db, u.id) : [];
  if (townships.join() !== s.user.townships.join()) s.user = { ...s.user, townships };
  return null;
}

/**
 * The caller's session for this call, or null with the reason it has just ended: checked (above),
 * or ended earlier (强制下线, endForUser, or an earlier call's check) and said why again.
 */
export async function resolveSession(
  env: Pick<Env, 'db' | 'sessions' | 'clock'>,
  token: string | null | undefined,
  settings: Pick<Settings, 'idleLockMinutes' | 'sessionMaxHours'>,
): Promise<{ session: Session | null; ended: string | null }> {
  await env.sessions.prune(settings.sessionMaxHours * 3_600_000);
  const s = await env.sessions.touch(token, env.clock.now().getTime(), settings.idleLockMinutes * 60_000);
  if (s) {
    const ended = await sessionEndReason(env.db.reader, env.sessions, s, settings.sessionMaxHours);
    // Retired with its reason, not forgotten: the calls sent beside this one, and any after it, are
    // told the same, not a bare 登录已失效 that would reach the page first and hide why.
    if (ended) await env.sessions.endById(s.id, ended);
    return ended ? { session: null, ended } : { session: s, ended: null };
  }
  const gone = await env.sessions.retired(token);
  if (!gone) return { session: null, ended: null };
  return {
    session: null,
    ended:
      gone.reason ??
      (await sessionEndReason(env.db.reader, env.sessions, gone.session, settings.sessionMaxHours)) ??
      ENDED,
  };
}
