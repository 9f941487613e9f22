// 帮助 → 关于: the version and where this install keeps its data, so that a clerk on the phone
// with the bureau can read out the paths, and one button that opens the data folder.
import { messageBox, type BrowserWindowLike, type DialogLike, type ShellLike } from './electronTypes';
import { PRODUCT_NAME } from '../core/paths';

export interface AboutInfo {
  version: string;
  /** 单机: this machine's database; connected: null (the data is on the server). */
  dbFile: string | null;
  dataDir: string;
  /** The folder of the daily backups (系统设置), or null when none is configured. */
  backupsDir: string | null;
  logsDir: string;
  /** Connected to the county server: its address and pinned certificate fingerprint. */
  server?: { address: string; fingerprint: string } | null;
}

export const OPEN_DATA_FOLDER = '打开数据文件夹';

export function aboutDetail(info: AboutInfo): string {
  const where = info.server
    ? [
        '工作方式：连接县级服务器（数据保存在服务器上）',
        `服务器地址：${info.server.address}`,
        `服务器证书指纹（SHA-256）：${info.server.fingerprint}`,
      ]
    : [
        '工作方式：单机（本机数据库）',
        `数据库文件：${info.dbFile ?? '（尚未选择工作方式）'}`,
        `备份文件夹：${info.backupsDir ?? '未设置（定时备份未开启）'}`,
      ];
  return [`版本：${info.version}`, ...where, `日志文件夹：${info.logsDir}`, '', '龙陵县人力资源和社会保障局'].join(
    '\n',
  );
}

export async function showAbout(
  deps: { dialog: Pick<DialogLike, 'showMessageBox'>; shell: ShellLike },
  info: AboutInfo,
  window: BrowserWindowLike | null,
): Promise<void> {
  const { response } = await messageBox(deps.dialog, window, {
    type: 'info',
    title: '关于',
    message: PRODUCT_NAME,
    detail: aboutDetail(info),
    buttons: ['确定', OPEN_DATA_FOLDER],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  });
  if (response === 1) await deps.shell.openPath(info.dataDir);
}
