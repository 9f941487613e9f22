import { openDatabase } from '../db/connection';
import { systemClock, type Clock } from './clock';
import type { Env } from './context';
import { SessionStore } from './sessions';

export function createEnv(dbFile: string, clock: Clock = systemClock): Env {
  return { db: openDatabase(dbFile), clock, sessions: new SessionStore() };
}
