// `npm run server -- --db FILE|URL --listen HOST:PORT --tls-cert CERT.pem --tls-key KEY.pem
//   [--allow CIDR,…] [--name NAME,…] [--log FILE] [--key-passphrase-file FILE]`
// The county server: the UI and the API for every window, township station and institution, over
// HTTPS, headless, started by the system (systemd unit / Windows service in the README).
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import log from 'electron-log/node';
import { createEnv } from '../core/env';
import { AppError } from '../core/errors';
import { resolveDbPath } from '../core/paths';
import { BUSY_TIMEOUT_MS } from '../db/connection';
import { startHousekeeping } from '../services/housekeeping';
import { keyPassphraseFile, unlockFromFile } from '../services/keys/keyFile';
import { isLoopback } from './edge';
import { startDispatchThreads } from './dispatchThread';
import { startHost } from './server';
import { keyPassphraseFrom, parseListen } from './serverOptions';

const USAGE =
  '用法：npm run server -- --db 文件|postgres://… --listen 地址:端口 --tls-cert 证书.pem --tls-key 私钥.pem ' +
  '[--allow 网段,…] [--name 域名,…] [--log 日志文件] [--key-passphrase-file 文件]';

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

async function main() {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      listen: { type: 'string', default: '127.0.0.1:8443' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      allow: { type: 'string' },
      name: { type: 'string' },
      log: { type: 'string' },
      'key-passphrase-file': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  let listen: { host: string; port: number };
  try {
    listen = parseListen(values.listen);
  } catch (e) {
    fail(`${(e as Error).message}\n${USAGE}`);
  }
  if (!isIP(listen.host) && listen.host !== 'localhost') fail(`--listen 的地址应为 IP 地址：${listen.host}`);
  const hasTls = Boolean(values['tls-cert'] && values['tls-key']);
  if (Boolean(values['tls-cert']) !== Boolean(values['tls-key'])) fail('--tls-cert 与 --tls-key 须同时提供');
  if (!hasTls && !isLoopback(listen.host))
    fail(
      `拒绝启动：未提供 --tls-cert/--tls-key 时只能监听本机地址。在 ${listen.host} 上不加密地提供服务，` +
        '密码和身份证号会以明文经过网络。请先用 npm run -s cli -- server cert 生成证书，或使用单位自己的证书。',
    );
  if (values.log) {
    log.transports.file.resolvePathFn = () => values.log!;
    log.transports.file.maxSize = 10 * 1024 * 1024; // rotated to <name>.old.log beyond 10 MB
  } else log.transports.file.level = false;
  const say = (m: string) => log.info(m);
  // Days (issue, expiry, attendance, 今天) are this process's local days; the schools' installs count
  // China Standard Time. A server left on UTC is eight hours behind them.
  if (new Date().getTimezoneOffset() !== -480)
    log.warn(
      '本机时区不是中国标准时间（UTC+8）：发券、有效期和考勤的日期按本机时区计算。请把服务器时区设为 Asia/Shanghai，或以 TZ=Asia/Shanghai 启动',
    );

  const db = resolveDbPath(values.db);
  let tls: { cert: Buffer; key: Buffer } | undefined;
  try {
    if (hasTls) tls = { cert: readFileSync(values['tls-cert']!), key: readFileSync(values['tls-key']!) };
  } catch (e) {
    fail(`无法读取证书或私钥：${(e as Error).message}`, 1);
  }
  try {
    const keyPassphrase = keyPassphraseFrom(values['key-passphrase-file']);
    const env = await createEnv(db, { keyPassphrase });
    env.log = (m, err) => log.error(m, err);
    // Unlocked now, not at the first issue: a file others can read or a wrong passphrase stops the
    // start with the reason instead of leaving a server that cannot issue.
    const passphraseFile = keyPassphraseFile(values['key-passphrase-file']);
    const key = await unlockFromFile(env.db.reader, env.keyring, passphraseFile);
    if (key.unlocked) log.info(`签名密钥 ${key.kid} 已用口令文件解锁（${key.file}）`);
    // The API is answered on a thread of its own (its own connection, sessions and jobs); this one
    // keeps TLS, HTTP, throttling and the hourly housekeeping. The same options, so the same key.
    const dispatcher = await startDispatchThreads(
      { spec: db, options: { keyPassphrase }, passphraseFile, housekeeping: true },
      env.sessions,
      (m, err) => log.error(m, err),
      () => {
        // Its calls can no longer be answered: exit, so that systemd (Restart=on-failure) or the
        // Windows service starts the server again.
        log.error('服务器的数据处理线程意外停止，服务器退出以便由系统服务重新启动');
        process.exit(1);
      },
    );
    const host = await startHost(env, {
      ...(dispatcher ? { dispatcher } : {}),
      port: listen.port,
      listen: listen.host,
      ...(tls ? { tls } : {}),
      names: list(values.name),
      // Loopback stays allowed with any --allow: the health check and the admin on the server.
      allow: values.allow ? [...list(values.allow), '127.0.0.0/8', '::1'] : [],
    });
    // Where the writes are: in the writing thread when there is one.
    const stopHousekeeping = dispatcher ? () => undefined : startHousekeeping(env);
    say(
      `龙陵县职业培训电子券与档案 县级服务器已启动：${host.url}（数据库：${env.db.label}；` +
        `${values.allow ? `允许网段：${values.allow}` : '未限制来源网段'}；` +
        `${dispatcher ? '接口由读、写两个数据处理线程应答' : '数据处理线程未能启动，接口在主线程应答'}）`,
    );
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        // On PostgreSQL a write stuck behind a lock (or a server gone silent) would hold the graceful
        // stop for ever: a second signal ends the process, and PostgreSQL rolls back what was not
        // committed when the connection closes. SQLite's wait for its lock ends by itself within the
        // busy timeout, and a thread ended inside it brings the process down with a native error.
        if (env.db.engine === 'sqlite') {
          say(
            `再次收到 ${signal}：仍在等待进行中的数据库写入（每条等锁最多 ${BUSY_TIMEOUT_MS / 1000} 秒），完成后退出；` +
              '如需立即结束，请发送 SIGKILL（kill -9），已提交的数据不会丢失',
          );
          return;
        }
        say(`再次收到 ${signal}：不再等待进行中的请求，立即退出（尚未提交的写入将由数据库撤销）`);
        process.exit(1);
      }
      stopping = true;
      const force = env.db.engine === 'pg' ? '（再按一次 Ctrl+C 立即退出）' : '';
      say(`收到 ${signal}，正在停止：不再接受新连接，等待进行中的请求完成…${force}`);
      stopHousekeeping();
      void host
        .stop()
        .then(() => env.db.close())
        .then(() => {
          say('已停止。');
          process.exit(0);
        });
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  } catch (e) {
    const msg = e instanceof AppError ? e.message : (e as Error).message;
    log.error(`启动失败：${msg}`);
    process.exit(1);
  }
}

await main();
