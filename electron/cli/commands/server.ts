import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../core/errors';
import { makeServerCert } from '../../host/serverCert';
import { int, str, type CommandTable } from './types';

export const serverCommands: CommandTable = {
  'server cert': {
    usage:
      'server cert --host 名称[,名称…] --out 文件夹 [--days 3650]   为县级服务器生成自签名证书和私钥（server.crt / server.key），并显示客户端需核对的 SHA-256 指纹',
    async run(flags, io) {
      const names = str(flags, 'host', true)
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const out = str(flags, 'out', true);
      const days = int(flags, 'days', 3650);
      if (days < 1) throw new AppError('VALIDATION', '--days 至少为 1');
      const certFile = join(out, 'server.crt');
      const keyFile = join(out, 'server.key');
      // An existing key may already be pinned by every desktop in the county: never overwrite it.
      if (existsSync(certFile) || existsSync(keyFile))
        throw new AppError(
          'CONFLICT',
          `${out} 中已有 server.crt 或 server.key，为免替换已在使用的证书，请换一个文件夹`,
        );
      let made;
      try {
        made = await makeServerCert(names, days);
      } catch (e) {
        throw new AppError('VALIDATION', (e as Error).message);
      }
      mkdirSync(out, { recursive: true });
      writeFileSync(keyFile, made.key, { mode: 0o600 });
      writeFileSync(certFile, made.cert, { mode: 0o644 });
      io.out(`已生成证书 ${certFile} 和私钥 ${keyFile}（仅所有者可读），有效期至 ${made.notAfter}。`);
      io.out(`适用名称：${names.join('，')}`);
      io.out(`SHA-256 指纹：${made.fingerprint256}`);
      io.out('请把此指纹告知各窗口和培训机构：桌面版“连接县级服务器”时填写，浏览器首次访问时核对证书指纹。');
      return 0;
    },
  },
};
