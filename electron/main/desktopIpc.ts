// window.desktop in the main process: save a generated PDF or workbook where the user chooses,
// open it in the system viewer, or print it through the system print dialog. Like the api
// channel, it answers only the main frame of the app's own window.
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Result } from '../../shared/contract/result';
import { DESKTOP_CHANNELS } from './desktopChannels';
import { checkOpen, checkPrint, checkSave, clearTemp, writeTemp, type CheckedFile } from './desktopFiles';
import type { BrowserWindowLike, DialogLike, IpcMainLike, ShellLike } from './electronTypes';
import { isTrustedSender } from './security';
import { hardenWebContents } from './window';

/** Hidden, sandboxed, with Chromium's PDF viewer (a plugin) enabled: the PDF is its only content. */
export interface DesktopDeps {
  dialog: Pick<DialogLike, 'showSaveDialog'>;
  shell: ShellLike;
  /** Where files to open or print are written: <userData>/tmp, emptied at each start. */
  tempDir: string;
  /** Where the save dialog starts. */
  documentsDir: string;
  /** The app window whose web contents have this id, or null for any other sender. */
  windowOf(webContentsId: number): BrowserWindowLike | null;
  openPrintWindow(): BrowserWindowLike;
  log(message: string, error: unknown): void;
}

const refused: Result<never> = { ok: false, error: { code: 'FORBIDDEN', message: '拒绝来自非本程序页面的请求' } };
const failed = (message: string): Result<never> => ({ ok: false, error: { code: 'INTERNAL', message } });

export function registerDesktopIpc(ipcMain: IpcMainLike, deps: DesktopDeps): void {
  clearTemp(deps.tempDir);

  const handle = <T>(
    channel: string,
    check: (input: unknown) => Result<CheckedFile>,
    failure: string,
    run: (file: CheckedFile, win: BrowserWindowLike) => Promise<Result<T>>,
  ) =>
    ipcMain.handle(channel, async (event, input) => {
      const trusted = isTrustedSender(event.senderFrame, event.sender.mainFrame);
      const win = trusted ? deps.windowOf(event.sender.id) : null;
      if (!win) return refused;
      const file = check(input);
      if (!file.ok) return file;
      try {
        return await run(file.value, win);
      } catch (e) {
        deps.log(`${channel} 失败`, e);
        return failed(failure);
      }
    });

  handle(
    DESKTOP_CHANNELS.saveFile,
    checkSave,
    '保存失败：文件可能正被其他程序打开，或没有写入该位置的权限',
    async (file, win) => {
      const chosen = await deps.dialog.showSaveDialog(win, {
        title: '保存文件',
        defaultPath: join(deps.documentsDir, file.name),
        filters: [{ name: file.kind.filter, extensions: [file.kind.ext.slice(1)] }],
      });
      if (chosen.canceled || !chosen.filePath) return { ok: true, value: null };
      writeFileSync(chosen.filePath, file.bytes);
      return { ok: true, value: chosen.filePath };
    },
  );

  handle(DESKTOP_CHANNELS.openFile, checkOpen, '无法打开文件', async (file) => {
    const path = writeTemp(deps.tempDir, file);
    const error = await deps.shell.openPath(path);
    return error ? failed(`无法打开文件：${error}（请确认本机装有 PDF 阅读器或 Excel）`) : { ok: true, value: path };
  });

  // Chromium's own viewer renders the PDF in a hidden window; print() then shows the system print
  // dialog. Resolves false when the user cancels it.
  handle(DESKTOP_CHANNELS.print, checkPrint, '打印失败，请改用“打开”后在 PDF 阅读器中打印', async (file) => {
    const path = writeTemp(deps.tempDir, file);
    const win = deps.openPrintWindow();
    try {
      hardenWebContents(win.webContents);
      await win.loadURL(pathToFileURL(path).href);
      const printed = await new Promise<boolean>((resolve) =>
        win.webContents.print({ silent: false, printBackground: true }, (ok) => resolve(ok)),
      );
      return { ok: true, value: printed };
    } finally {
      win.destroy();
      rmSync(dirname(path), { recursive: true, force: true });
    }
  });
}
