import { z } from 'zod';
import type { Role } from '../roles';

/** 在线会话: one login as the admin's list shows it. Never the token: the id only names it. */
export interface LiveSessionRow {
  id: string;
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  clientAddress: string | null;
  clientKind: 'browser' | 'desktop' | 'cli' | 'system';
  startedAt: string;
  lastActive: string;
  locked: boolean;
  /** The admin's own session (ending it logs them out). */
  current: boolean;
}

/** 强制下线: a session by its public id (16 base64url characters, see core/sessions newSessionId). */
export const SessionEndInput = z
  .object({ id: z.string({ error: '请指定会话' }).regex(/^[A-Za-z0-9_-]{16}$/, '会话编号不正确') })
  .strict();
