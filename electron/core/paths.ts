import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_NAME = '龙陵县职业培训电子券与档案';
export const DB_ENV = 'LONGLING_DB';

/** The same folder Electron's app.getPath('userData') gives, so the CLI and the desktop app share one database. */
export function userDataDir(platform = process.platform, env = process.env): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), PRODUCT_NAME);
}

/** --db wins, then the environment variable, then the user data folder. */
export function resolveDbPath(flag: string | undefined, env = process.env): string {
  return flag ?? env[DB_ENV] ?? join(userDataDir(process.platform, env), 'longling.db');
}
