import { countUsers } from '../../db/repos/user.repo';
import { schemaVersionOf } from '../../db/open';
import { openCli } from '../runtime';
import { ADMIN_PASSWORD, requireSecret } from '../secrets';
import { str, type CommandTable } from './types';

export const adminCommands: CommandTable = {
  init: {
    usage:
      'init --db FILE|URL --admin NAME [--password-stdin]   创建或升级数据库，并建立首个管理员账号（密码：提示输入、标准输入或 LONGLING_ADMIN_PASSWORD）',
    async run(flags, io) {
      const cli = await openCli(str(flags, 'db', false));
      try {
        const admin = str(flags, 'admin', true);
        const version = await schemaVersionOf(cli.env.db);
        if ((await countUsers(cli.env.db.reader)) > 0) {
          io.out(`数据库已是第 ${version} 版，已有用户账号，未新建管理员。`);
          return 0;
        }
        const password = await requireSecret(ADMIN_PASSWORD, flags, { confirm: true });
        await cli.call('auth:setupAdmin', { username: admin, displayName: '系统管理员', password });
        io.out(`数据库已就绪（第 ${version} 版），管理员账号 ${admin} 已创建。`);
        return 0;
      } finally {
        await cli.close();
      }
    },
  },
};
