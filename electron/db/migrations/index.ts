import type { Migration } from '../migration';
import { m001 } from './001_accounts_audit';
import { m002 } from './002_workers';
import { m003 } from './003_seed_townships';

export const MIGRATIONS: readonly Migration[] = [m001, m002, m003];
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
