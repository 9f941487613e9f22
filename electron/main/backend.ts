// What the page's calls go to, by the admin's choice: this machine's database (单机) or the county
// server. In connected mode no local database is opened at all, so nothing can be written here by
// mistake; housekeeping (expiry, witnesses, backups) is then the server's.
import type { ConnectionChoice, ConnectionState } from '../../shared/contract/connection';
import type { Result } from '../../shared/contract/result';
import type { Env } from '../core/context';
import { createEnv } from '../core/env';
import { getSettings } from '../db/repos/settings.repo';
import { startHousekeeping } from '../services/housekeeping';
import type { SecretProtector } from '../services/keys/keyCrypto';
import { writeConnection } from './connectionConfig';
import { localCall, type ApiCall } from './ipc';
import { createServerClient, type ServerClientOptions } from './serverClient';

export interface Backend {
  choice: ConnectionChoice;
  call: ApiCall;
  state(): ConnectionState;
  /** 单机: the database file and the backups folder, for 关于. */
  local: { dbFile: string; backupsDir(): Promise<string | null> } | null;
  close(): Promise<void>;
}

export interface BackendDeps {
  dbFile: string;
  protector?: SecretProtector | null;
  log?: (message: string, error: unknown) => void;
  server?: ServerClientOptions;
}

export async function openBackend(choice: ConnectionChoice, deps: BackendDeps): Promise<Backend> {
  if (choice.mode === 'server') {
    const client = createServerClient(choice, { ...deps.server, ...(deps.log ? { log: deps.log } : {}) });
    return {
      choice,
      call: client.call,
      state: client.state,
      local: null,
      close: async () => client.close(),
    };
  }
  const env: Env = await createEnv(deps.dbFile, { protector: deps.protector ?? null });
  if (deps.log) env.log = deps.log;
  const stopHousekeeping = startHousekeeping(env);
  return {
    choice,
    call: localCall(env),
    state: () => ({ online: true }),
    local: {
      dbFile: deps.dbFile,
      backupsDir: async () => (await getSettings(env.db.reader)).backupDir || null,
    },
    async close() {
      stopHousekeeping();
      await env.db.close();
    },
  };
}

const sameChoice = (a: ConnectionChoice | null, b: ConnectionChoice) => !!a && JSON.stringify(a) === JSON.stringify(b);

/** The current backend, and the switch from one to another when the admin changes the choice. */
export class DesktopConnection {
  private backend: Backend | null = null;

  constructor(
    private readonly deps: {
      configFile: string;
      open(choice: ConnectionChoice): Promise<Backend>;
      /** After a switch: the tokens of the old target are dropped. */
      onSwitch(): void;
      log(message: string, error: unknown): void;
    },
  ) {}

  get choice(): ConnectionChoice | null {
    return this.backend?.choice ?? null;
  }

  get current(): Backend | null {
    return this.backend;
  }

  /** The target of the page's calls: the same function until the choice changes. */
  readonly call = (): ApiCall | null => this.backend?.call ?? null;

  async start(choice: ConnectionChoice): Promise<void> {
    this.backend = await this.deps.open(choice);
  }

  /**
   * Opens the new target before letting go of the old one, so a choice that cannot be opened (a
   * database file in use) leaves everything as it was; then stores the choice.
   */
  async switchTo(choice: ConnectionChoice): Promise<Result<null>> {
    if (sameChoice(this.choice, choice)) return { ok: true, value: null };
    let next: Backend;
    try {
      next = await this.deps.open(choice);
    } catch (e) {
      this.deps.log('无法切换工作方式', e);
      return { ok: false, error: { code: 'INTERNAL', message: `无法切换工作方式：${(e as Error).message}` } };
    }
    try {
      writeConnection(this.deps.configFile, choice);
    } catch (e) {
      await next.close();
      this.deps.log('无法保存连接设置', e);
      return { ok: false, error: { code: 'INTERNAL', message: '无法保存连接设置：用户数据文件夹不可写' } };
    }
    const old = this.backend;
    this.backend = next;
    this.deps.onSwitch();
    await old?.close().catch((e: unknown) => this.deps.log('关闭原连接失败', e));
    return { ok: true, value: null };
  }

  async close(): Promise<void> {
    const b = this.backend;
    this.backend = null;
    await b?.close();
  }
}
