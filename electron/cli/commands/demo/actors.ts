// The demo's people at their desks: real accounts, logged in, calling the same channels through the
// same dispatcher as the UI, and unlocking their screen when the app locked it while they were away.
import { randomBytes } from 'node:crypto';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../../shared/contract/channels';
import type { Role } from '../../../../shared/contract/roles';
import type { Result } from '../../../../shared/contract/result';
import { AppError } from '../../../core/errors';
import type { CliRuntime } from '../../runtime';

/** How often the demo's people had to type their password: the cost the demo pays for honesty. */
export const passwordChecks = { logins: 0, unlocks: 0, firstPasswords: 0 };

/** Letters and digits, as the password rule asks; 144 random bits. Never printed, never saved. */
const randomPassword = () => `${randomBytes(18).toString('base64url')}a1`;

export class Actor {
  private token: string | null = null;
  id = 0;

  constructor(
    private readonly cli: CliRuntime,
    readonly username: string,
    readonly displayName: string,
    readonly role: Role,
    readonly institutionId: number | null,
    /** Random, kept in memory for this run only: never printed, never saved. */
    private password: string,
  ) {}

  /** Creates the account (as `by`, an admin) with a random password, and returns its user. */
  static async create(
    cli: CliRuntime,
    by: Actor | null,
    a: { username: string; displayName: string; role: Role; institutionId?: number | null },
  ): Promise<Actor> {
    const password = randomPassword();
    const input = { ...a, institutionId: a.institutionId ?? null, password };
    const row = by ? await by.call('user:create', input) : await cli.call('user:create', input);
    const actor = new Actor(cli, a.username, a.displayName, a.role, row.institutionId, password);
    actor.id = row.id;
    return actor;
  }

  private async login(): Promise<void> {
    passwordChecks.logins++;
    const r = await this.cli.callAs(null, 'auth:login', { username: this.username, password: this.password });
    if (!r.ok) throw new AppError(r.error.code, `演示账号 ${this.username} 登录失败：${r.error.message}`);
    this.token = r.value.token;
    // The admin set the first password: as at the window, its user chooses one before anything else.
    if (r.value.mustChangePassword) await this.choosePassword();
  }

  private async choosePassword(): Promise<void> {
    passwordChecks.firstPasswords++;
    const newPassword = randomPassword();
    const r = await this.cli.callAs(this.token, 'auth:changePassword', { oldPassword: this.password, newPassword });
    if (!r.ok) throw new AppError(r.error.code, `演示账号 ${this.username} 设置新密码失败：${r.error.message}`);
    this.password = newPassword;
  }

  /**
   * Calls a channel as this person. A screen locked while they were away (the app's idle lock
   * follows the demo's clock) is unlocked with their password, as they would; a session that has
   * ended is logged into again. Refusals come back as results.
   */
  async result<K extends ChannelName>(channel: K, input: ChannelInput<K>): Promise<Result<ChannelOutput<K>>> {
    if (!this.token) await this.login();
    let r = await this.cli.callAs(this.token, channel, input);
    if (!r.ok && r.error.code === 'LOCKED') {
      passwordChecks.unlocks++;
      const unlocked = await this.cli.callAs(this.token, 'auth:unlock', { password: this.password });
      if (!unlocked.ok)
        throw new AppError(unlocked.error.code, `演示账号 ${this.username} 解锁失败：${unlocked.error.message}`);
      r = await this.cli.callAs(this.token, channel, input);
    } else if (!r.ok && r.error.code === 'UNAUTHENTICATED') {
      await this.login();
      r = await this.cli.callAs(this.token, channel, input);
    }
    return r;
  }

  /** Like `result`, but a refusal stops the demo, saying who was doing what. */
  async call<K extends ChannelName>(channel: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> {
    const r = await this.result(channel, input);
    if (!r.ok)
      throw new AppError(r.error.code, `演示数据生成中断（${this.displayName} 调用 ${channel}）：${r.error.message}`, {
        detail: r.error.detail,
      });
    return r.value;
  }

  /** Waits for one of this person's jobs (a batch issuance) as the UI's progress bar does. */
  async job(started: ChannelOutput<'voucher:issueBatch'>): Promise<unknown> {
    for (let j = started; ;) {
      if (j.state === 'done') return j.result;
      if (j.state === 'failed') throw new AppError('RULE', `演示数据生成中断（${this.displayName}）：${j.error ?? ''}`);
      await new Promise((r) => setTimeout(r, 5));
      j = await this.call('job:get', { id: j.id });
    }
  }
}
