// window.desktop.connection in the main process: which way this desktop works, and the admin's choice
// of it. Where the calls go decides who sees every ID number typed and which server receives the
// session token, so a page alone can never change it: on first start (nothing chosen yet) the choice
// is taken as given; later only an admin of the current target may change it, and only after
// confirming in a system dialog, which page script cannot click. While the server cannot be reached
// nobody can prove to be one, so nobody changes it from the page: anyone at the window could
// otherwise unplug the cable and point the desktop at a server of their own (then receiving every
// password and ID number typed there). Resetting it then takes the computer's own account.
import {
  ConnectionChoiceInput,
  MODE_LABELS,
  type ConnectionChoice,
  type ConnectionInfo,
  type ServerChoice,
} from '../../shared/contract/connection';
import type { Result } from '../../shared/contract/result';
import type { SessionInfo } from '../../shared/contract/schemas/auth';
import type { DesktopConnection } from './backend';
import { CONNECTION_CHANNELS } from './desktopChannels';
import type { BrowserWindowLike, DialogLike, IpcMainLike } from './electronTypes';
import type { IpcTransport } from './ipc';
import { isTrustedSender } from './security';
import { createServerClient } from './serverClient';

export interface ConnectionIpcDeps {
  connection: DesktopConnection;
  transport: IpcTransport;
  dialog: Pick<DialogLike, 'showMessageBox'>;
  /** The app window whose web contents have this id, or null for any other sender. */
  windowOf(webContentsId: number): BrowserWindowLike | null;
  /** Does a server answer at this address with this certificate? One attempt, no retries. */
  probe?(target: ServerChoice): Promise<Result<unknown>>;
}

const refused: Result<never> = { ok: false, error: { code: 'FORBIDDEN', message: '拒绝来自非本程序页面的请求' } };
const notAdmin: Result<never> = {
  ok: false,
  error: {
    code: 'FORBIDDEN',
    message: '只有系统管理员可以更改连接设置：请先以管理员身份登录，再从“文件 → 连接设置”更改',
  },
};

export async function probeServer(target: ServerChoice): Promise<Result<unknown>> {
  const client = createServerClient(target, { retryDelaysMs: [] });
  try {
    return await client.probe();
  } finally {
    client.close();
  }
}

const describe = (c: ConnectionChoice) =>
  c.mode === 'local' ? MODE_LABELS.local : `${MODE_LABELS.server}：${c.server}`;

function confirmDetail(from: ConnectionChoice, to: ConnectionChoice): string {
  return [
    `现在：${describe(from)}`,
    `改为：${describe(to)}`,
    ...(to.mode === 'server' ? [`服务器证书指纹（SHA-256）：${to.fingerprint}`] : []),
    '',
    '更改后需要重新登录，正在填写的内容不会保留。',
    from.mode === 'local'
      ? '本机数据库中的数据不会删除，也不会上传到服务器；改回单机后仍可使用。'
      : '改为单机后，本机只使用自己的数据库，看不到县级服务器上的数据。',
  ].join('\n');
}

const unverifiable: Result<never> = {
  ok: false,
  error: {
    code: 'FORBIDDEN',
    message:
      '连接不上县级服务器（或服务器证书与设置的指纹不符），无法确认您是系统管理员，因此不能在这里更改连接设置。' +
      '请恢复网络后以管理员身份更改；如服务器地址或证书确已更换，请信息管理员按使用说明在本机重置连接设置。',
  },
};

/**
 * May the window with this id change the choice? Null (yes) for an admin of the current target, or
 * for anyone while that target has no account yet; otherwise the refusal. A server that cannot be
 * reached, or shows another certificate than the pinned one, proves nobody an admin.
 */
async function refusalToChange(deps: ConnectionIpcDeps, senderId: number): Promise<Result<never> | null> {
  const r = await deps.transport.call(senderId, 'auth:session', {});
  if (!r.ok) return r.error.code === 'UNREACHABLE' ? unverifiable : notAdmin;
  const info = r.value as SessionInfo;
  return info.needsSetup || (info.user?.role === 'admin' && !info.locked) ? null : notAdmin;
}

export function registerConnectionIpc(ipcMain: IpcMainLike, deps: ConnectionIpcDeps): void {
  const probe = deps.probe ?? probeServer;
  // One change at a time: two first-start choices racing must not both be taken.
  let changing = false;

  ipcMain.handle(CONNECTION_CHANNELS.get, (event): Result<ConnectionInfo> => {
    if (!isTrustedSender(event.senderFrame, event.sender.mainFrame) || !deps.windowOf(event.sender.id)) return refused;
    const b = deps.connection.current;
    return { ok: true, value: { choice: b?.choice ?? null, state: b?.state() ?? { online: true } } };
  });

  ipcMain.handle(CONNECTION_CHANNELS.set, async (event, input): Promise<Result<boolean>> => {
    const win = isTrustedSender(event.senderFrame, event.sender.mainFrame) ? deps.windowOf(event.sender.id) : null;
    if (!win) return refused;
    const parsed = ConnectionChoiceInput.safeParse(input);
    if (!parsed.success) {
      return { ok: false, error: { code: 'VALIDATION', message: parsed.error.issues[0]?.message ?? '连接设置有误' } };
    }
    if (changing) return { ok: false, error: { code: 'BUSY', message: '正在更改连接设置，请稍候' } };
    changing = true;
    try {
      return await change(win, event.sender.id, parsed.data);
    } finally {
      changing = false;
    }
  });

  async function change(win: BrowserWindowLike, senderId: number, choice: ConnectionChoice): Promise<Result<boolean>> {
    const from = deps.connection.choice;
    if (from && JSON.stringify(from) === JSON.stringify(choice)) return { ok: true, value: false };
    // Rights first: someone who may not change it learns nothing by making this desktop try addresses.
    const refusal = from ? await refusalToChange(deps, senderId) : null;
    if (refusal) return refusal;
    if (choice.mode === 'server') {
      const answer = await probe(choice);
      if (!answer.ok) return answer;
    }
    if (from) {
      const { response } = await deps.dialog.showMessageBox(win, {
        type: 'warning',
        title: '更改连接设置',
        message: `将本机的工作方式改为“${MODE_LABELS[choice.mode]}”？`,
        detail: confirmDetail(from, choice),
        buttons: ['确认更改', '取消'],
        defaultId: 1,
        cancelId: 1,
        noLink: true,
      });
      if (response !== 0) return { ok: true, value: false };
    }
    const switched = await deps.connection.switchTo(choice);
    return switched.ok ? { ok: true, value: true } : switched;
  }
}
