// `demo`: a database of realistic synthetic data for training and screenshots, made by the same
// flows as real work: demo accounts log in and register workers, issue vouchers (one by one and in
// a batch), redeem them at the institutions, run classes with attendance, record completions and
// certificates, settle with two people, pay and recover — over the past eight months, each step on
// its day. The parts are in ./demo/.
import { randomBytes } from 'node:crypto';
import { AppError } from '../../core/errors';
import { activeKey } from '../../db/repos/key.repo';
import { countUsers } from '../../db/repos/user.repo';
import { keyLockedError } from '../../services/keys/keyRing';
import { IsoDate } from '../../../shared/contract/schemas/common';
import { localDate } from '../../../shared/domain/idNumber';
import { openCli, type CliRuntime } from '../runtime';
import {
  ADMIN_PASSWORD,
  KEY_PASSPHRASE,
  passphraseFromStdin,
  readSecret,
  requireSecret,
  unlockForSigning,
} from '../secrets';
import { checkFresh } from './demo/setup';
import { SPAN_DAYS } from './demo/scenario';
import { playStory } from './demo/story';
import { summary } from './demo/summary';
import { Calendar, DemoClock } from './demo/timeline';
import { int, str, type CliIo, type CommandTable, type Flags } from './types';

/**
 * Someone must be able to log in afterwards: the demo's own accounts get random passwords nobody
 * is shown, so a database without an account of the user's needs one made now (as `init` does).
 */
async function ensureOwnAdmin(cli: CliRuntime, flags: Flags, io: CliIo): Promise<void> {
  const admin = str(flags, 'admin', false);
  if ((await countUsers(cli.env.db.reader)) > 0) {
    if (admin) io.out(`数据库已有用户账号，未新建管理员 ${admin}`);
    return;
  }
  if (!admin)
    throw new AppError(
      'VALIDATION',
      '演示数据库需要一个您能登录的管理员账号（演示账号的密码随机生成，不显示）：请加 --admin 用户名（密码在提示时输入，或用 --password-stdin、环境变量 LONGLING_ADMIN_PASSWORD 提供），或先运行 npm run cli -- init --db 文件 --admin 用户名',
    );
  const password = await requireSecret(ADMIN_PASSWORD, flags, { confirm: true });
  await cli.call('auth:setupAdmin', { username: admin, displayName: '系统管理员', password });
  io.out(`管理员账号 ${admin} 已创建`);
}

/** A key that signs the demo's vouchers: made now, or the database's own, unlocked. */
async function readyKey(cli: CliRuntime, flags: Flags, io: CliIo, fromStdin: string | undefined): Promise<void> {
  if (!(await activeKey(cli.env.db.reader))) {
    // The passphrase is never printed. Without one (no terminal, no stdin, no environment) the
    // key gets a random one that nobody knows: it signs this demo's vouchers and nothing more.
    const given = fromStdin ?? (await readSecret(KEY_PASSPHRASE, flags, { confirm: true }));
    await cli.call('keys:create', { passphrase: given ?? randomBytes(24).toString('base64url') });
    io.out(
      given
        ? '已生成签名密钥（用您提供的口令加密保存）'
        : '已生成签名密钥：口令随机生成，未显示也未保存，此密钥只用于签发本次演示数据；以后要签发新券，请先在“系统管理 → 签名密钥”中轮换密钥并设置口令',
    );
    return;
  }
  await unlockForSigning(cli, flags);
  // Found out now rather than at the first voucher, with half a demo written.
  if (!(await cli.call('keys:status', {})).unlocked) throw keyLockedError('voucher');
}

/**
 * The day the story ends: today, or `--today` (a past day, so that a training class gets the same
 * data whatever day it is made, with `--seed`). A day given ends after office hours; today's later
 * hours have not happened yet.
 */
function storyEnd(flags: Flags): { today: Date; until: Date } {
  const given = str(flags, 'today', false);
  const now = new Date();
  if (!given) return { today: now, until: new Date(now.getTime() - 2 * 3_600_000) };
  const day = IsoDate.safeParse(given);
  if (!day.success) throw new AppError('VALIDATION', `--today ${given}：${day.error.issues[0]!.message}`);
  if (given > localDate(now))
    throw new AppError('VALIDATION', `--today ${given} 在今天之后：演示数据只能截至今天或以前的某一天`);
  const today = new Date(`${given}T12:00:00`);
  return { today, until: new Date(`${given}T18:00:00`) };
}

export const demoCommands: CommandTable = {
  demo: {
    usage:
      'demo --db FILE|URL --workers N [--seed S] [--today YYYY-MM-DD] [--admin 用户名] [--password-stdin | --passphrase-stdin]   用真实流程生成演示数据：演示账号登记、发券（单张和批量）、核销、开班考勤、结业取证、结算拨付和追回，时间跨度约 8 个月，截至今天或 --today 所给的一天（新库须加 --admin 建立您自己的管理员账号；口令：提示输入、标准输入或环境变量）',
    async run(flags, io) {
      if (flags['password-stdin'] !== undefined && flags['passphrase-stdin'] !== undefined)
        throw new AppError(
          'VALIDATION',
          '标准输入只能提供一项：请用环境变量 LONGLING_ADMIN_PASSWORD 或 LONGLING_KEY_PASSPHRASE 提供另一项',
        );
      const started = performance.now();
      const { today, until } = storyEnd(flags);
      const cal = new Calendar(new Date(today.getFullYear(), today.getMonth(), today.getDate() - SPAN_DAYS));
      // The demo's months begin in the past: every record, audit row and session uses this clock.
      const clock = new DemoClock(cal.at(0, 7, 30));
      const fromStdin = await passphraseFromStdin(flags);
      const cli = await openCli(str(flags, 'db', false), { clock, keyPassphrase: fromStdin });
      try {
        await ensureOwnAdmin(cli, flags, io);
        await checkFresh(cli);
        await readyKey(cli, flags, io, fromStdin);
        const staff = await playStory(cli, clock, cal, {
          workers: int(flags, 'workers', 200),
          seed: int(flags, 'seed', 20261129),
          until,
        });
        const seconds = (performance.now() - started) / 1000;
        for (const line of await summary(cli, staff, cal.date(0), seconds)) io.out(line);
        return 0;
      } finally {
        await cli.close();
      }
    },
  },
};
