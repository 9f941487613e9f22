// The desktop shell's wiring (menu, window state, single instance, 关于, log, window.desktop)
// against fakes of Electron's objects: the Electron binary is not needed.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import log from 'electron-log/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aboutDetail, showAbout, type AboutInfo } from '../../electron/main/about';
import { DESKTOP_CHANNELS, PDF_MIME, XLSX_MIME } from '../../electron/main/desktopChannels';
import { KINDS, safeFileName } from '../../electron/main/desktopFiles';
import { registerDesktopIpc, type DesktopDeps } from '../../electron/main/desktopIpc';
import type {
  BrowserWindowLike,
  DialogLike,
  IpcMainInvokeEventLike,
  MenuItemOptions,
  MessageBoxOptions,
  WebContentsLike,
} from '../../electron/main/electronTypes';
import { startFileLog } from '../../electron/main/log';
import { installMenu, menuTemplate } from '../../electron/main/menu';
import { claimSingleInstance } from '../../electron/main/singleInstance';
import { createMainWindow } from '../../electron/main/window';
import {
  DEFAULT_SIZE,
  placeWindow,
  readWindowState,
  trackWindowState,
  writeWindowState,
} from '../../electron/main/windowState';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'longling-shell-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A window that records what the shell does to it. */
function fakeWindow(id = 7) {
  const calls: string[] = [];
  const listeners: Record<string, (() => void)[]> = {};
  const wcListeners: Record<string, unknown[]> = {};
  const webContents = {
    id,
    session: { setPermissionRequestHandler: () => {}, setPermissionCheckHandler: () => {} },
    on: (e: string, l: unknown) => (wcListeners[e] ??= []).push(l),
    setWindowOpenHandler: () => {},
    print: (_o: unknown, cb: (ok: boolean, reason: string) => void) => {
      calls.push('print');
      cb(true, '');
    },
  } as unknown as WebContentsLike;
  const win = {
    webContents,
    minimized: false,
    maximized: false,
    loaded: '',
    loadURL(url: string) {
      this.loaded = url;
      const file = url.startsWith('file:') ? fileURLToPath(url) : null;
      calls.push(file ? `load:${existsSync(file) ? 'exists' : 'missing'}` : `load:${url}`);
      return Promise.resolve();
    },
    once: (e: string, l: () => void) => (listeners[e] ??= []).push(l),
    on: (e: string, l: () => void) => (listeners[e] ??= []).push(l),
    show: () => calls.push('show'),
    focus: () => calls.push('focus'),
    maximize: () => calls.push('maximize'),
    isMaximized() {
      return this.maximized;
    },
    isMinimized() {
      return this.minimized;
    },
    restore: () => calls.push('restore'),
    getNormalBounds: () => ({ x: 100.4, y: 80, width: 1200, height: 800 }),
    destroy: () => calls.push('destroy'),
  };
  const emit = (e: string) => (listeners[e] ?? []).forEach((l) => l());
  return { win, calls, emit, wcListeners };
}

/** A dialog that records each message box, with or without a parent window, as Electron's overloads allow. */
function fakeDialog(show: (o: MessageBoxOptions) => number): Pick<DialogLike, 'showMessageBox'> {
  return {
    showMessageBox: async (a: unknown, b?: MessageBoxOptions) => ({
      response: show(b ?? (a as MessageBoxOptions)),
    }),
  };
}

describe('application menu', () => {
  const actions = {
    openDataFolder: () => {},
    openConnectionSettings: () => {},
    showHelp: () => {},
    showAbout: () => {},
  };
  const labels = (items: MenuItemOptions[]) => items.filter((i) => i.type !== 'separator').map((i) => i.label);
  const sub = (items: MenuItemOptions[], label: string) => items.find((i) => i.label === label)!.submenu!;

  it('is in Chinese, with Electron roles for the standard commands', () => {
    const t = menuTemplate(actions, { dev: false });
    expect(labels(t)).toEqual(['文件', '编辑', '视图', '帮助']);
    expect(labels(sub(t, '文件'))).toEqual(['打开数据文件夹', '连接设置…', '退出']);
    expect(sub(t, '文件').find((i) => i.label === '退出')!.role).toBe('quit');
    expect(
      sub(t, '编辑')
        .filter((i) => i.role)
        .map((i) => [i.label, i.role]),
    ).toEqual([
      ['撤销', 'undo'],
      ['重做', 'redo'],
      ['剪切', 'cut'],
      ['复制', 'copy'],
      ['粘贴', 'paste'],
      ['全选', 'selectAll'],
    ]);
    expect(sub(t, '视图').map((i) => i.role ?? i.type)).toEqual([
      'resetZoom',
      'zoomIn',
      'zoomOut',
      'separator',
      'togglefullscreen',
    ]);
    expect(labels(sub(t, '视图'))).toEqual(['实际大小', '放大', '缩小', '全屏']);
    expect(labels(sub(t, '帮助'))).toEqual(['使用说明', '关于']);
  });

  it('offers 重新加载 only in development', () => {
    const dev = menuTemplate(actions, { dev: true });
    expect(labels(sub(dev, '视图'))).toContain('重新加载');
    expect(JSON.stringify(menuTemplate(actions, { dev: false }))).not.toContain('reload');
  });

  it('is installed with actions that open the data folder, the connection settings, the help and the about box', async () => {
    const opened: string[] = [];
    const boxes: MessageBoxOptions[] = [];
    let about = 0;
    let settings = 0;
    let installed: unknown = null;
    const Menu = {
      buildFromTemplate: (t: MenuItemOptions[]) => ({ t }),
      setApplicationMenu: (m: unknown) => (installed = m),
    };
    const shell = { openPath: async (p: string) => (opened.push(p), '') };
    const dialog = fakeDialog((o) => (boxes.push(o), 0));
    installMenu(
      { Menu, shell, dialog, app: { isPackaged: true } },
      {
        dataDir: '/data',
        showAbout: () => about++,
        openConnectionSettings: () => settings++,
        window: () => null,
      },
    );
    const t = (installed as { t: MenuItemOptions[] }).t;
    sub(t, '文件')[0]!.click!();
    sub(t, '文件').find((i) => i.label === '连接设置…')!.click!();
    sub(t, '帮助').find((i) => i.label === '使用说明')!.click!();
    sub(t, '帮助').find((i) => i.label === '关于')!.click!();
    await Promise.resolve();
    expect(opened).toEqual(['/data']);
    expect(boxes[0]!.title).toBe('使用说明');
    expect(boxes[0]!.detail).toContain('签名密钥');
    expect(about).toBe(1);
    expect(settings).toBe(1);
    expect(labels(sub(t, '视图'))).not.toContain('重新加载');
  });
});

describe('window state', () => {
  const screen = [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }];
  const saved = (x: number, y: number, width = 1200, height = 800, maximized = false) => ({
    bounds: { x, y, width, height },
    maximized,
  });

  it('opens at the default size without a saved state', () => {
    expect(placeWindow(null, screen)).toEqual({ bounds: DEFAULT_SIZE, maximized: false });
  });

  it('restores a position that is on a display, and whether it was maximized', () => {
    expect(placeWindow(saved(100, 80, 1200, 800, true), screen)).toEqual({
      bounds: { x: 100, y: 80, width: 1200, height: 800 },
      maximized: true,
    });
  });

  it('does not restore a position on a display that is gone; Electron centres the default size', () => {
    const offScreen = placeWindow(saved(2500, 200), screen); // was on a second monitor, now unplugged
    expect(offScreen.bounds).toEqual(DEFAULT_SIZE);
    expect(placeWindow(saved(-1180, 100), screen).bounds).toEqual(DEFAULT_SIZE); // only 20 px visible
    const second = [...screen, { workArea: { x: 1920, y: 0, width: 1280, height: 1000 } }];
    expect(placeWindow(saved(2500, 200, 600, 500), second).bounds).toEqual({
      x: 2500,
      y: 200,
      width: 600,
      height: 500,
    });
  });

  it('shrinks and moves a partly visible window into the work area', () => {
    expect(placeWindow(saved(1500, -50, 2400, 1300), screen).bounds).toEqual({ x: 0, y: 0, width: 1920, height: 1040 });
    expect(placeWindow(saved(1500, 600, 1000, 700), screen).bounds).toEqual({
      x: 920,
      y: 340,
      width: 1000,
      height: 700,
    });
  });

  it('ignores a missing, corrupt or malformed state file', () => {
    const file = join(dir, 'window-state.json');
    expect(readWindowState(file)).toBeNull();
    writeFileSync(file, '{"bounds": {"x": 1, "y"');
    expect(readWindowState(file)).toBeNull();
    writeFileSync(file, JSON.stringify({ bounds: { x: 'a', y: 0, width: 800, height: 600 }, maximized: false }));
    expect(readWindowState(file)).toBeNull();
    writeFileSync(file, JSON.stringify({ bounds: { x: 0, y: 0, width: 5, height: 5 }, maximized: false }));
    expect(readWindowState(file)).toBeNull();
    writeWindowState(file, saved(10, 20));
    expect(readWindowState(file)).toEqual(saved(10, 20));
  });

  it('is written when the window closes, with its unmaximized bounds', () => {
    const file = join(dir, 'sub', 'window-state.json');
    const f = fakeWindow();
    f.win.maximized = true;
    trackWindowState(f.win, file);
    expect(existsSync(file)).toBe(false);
    f.emit('close');
    expect(readWindowState(file)).toEqual(saved(100, 80, 1200, 800, true));
  });

  it('is applied when the main window is created', () => {
    const f = fakeWindow();
    let opts: unknown = null;
    const Ctor = function (this: unknown, o: unknown) {
      opts = o;
      return f.win;
    } as unknown as new (o: unknown) => BrowserWindowLike;
    createMainWindow(Ctor, '/p.cjs', { bounds: { x: 5, y: 6, width: 1100, height: 700 }, maximized: true });
    expect(opts).toMatchObject({ x: 5, y: 6, width: 1100, height: 700, minWidth: 1024 });
    f.emit('ready-to-show');
    expect(f.calls).toEqual(['load:app://longling/index.html', 'maximize', 'show']);
  });
});

describe('single instance', () => {
  const fakeApp = (locked: boolean) => {
    const on: Record<string, () => void> = {};
    const app = {
      quits: 0,
      requestSingleInstanceLock: () => locked,
      quit: () => app.quits++,
      on: (e: string, l: () => void) => (on[e] = l),
    };
    return { app, on };
  };

  it('quits when another copy holds the lock', () => {
    const { app, on } = fakeApp(false);
    expect(claimSingleInstance(app, () => null)).toBe(false);
    expect(app.quits).toBe(1);
    expect(on['second-instance']).toBeUndefined();
  });

  it('brings the running window forward on a second start', () => {
    const { app, on } = fakeApp(true);
    const f = fakeWindow();
    let win: typeof f.win | null = null;
    expect(claimSingleInstance(app, () => win)).toBe(true);
    on['second-instance']!(); // before the window exists: nothing to do
    win = f.win;
    f.win.minimized = true;
    on['second-instance']!();
    expect(f.calls).toEqual(['restore', 'show', 'focus']);
    expect(app.quits).toBe(0);
  });
});

describe('关于', () => {
  const info: AboutInfo = {
    version: '0.1.0',
    dbFile: '/home/u/.config/龙陵县职业培训电子券与档案/longling.db',
    dataDir: '/home/u/.config/龙陵县职业培训电子券与档案',
    backupsDir: '/home/u/.config/龙陵县职业培训电子券与档案/backups',
    logsDir: '/home/u/.config/龙陵县职业培训电子券与档案/logs',
  };

  it('lists the version, the database file, the backups and logs folders', () => {
    const text = aboutDetail(info);
    for (const s of ['0.1.0', info.dbFile, info.backupsDir!, info.logsDir]) expect(text).toContain(s);
    expect(aboutDetail({ ...info, backupsDir: null })).toContain('备份文件夹：未设置（定时备份未开启）');
    expect(text).toContain('工作方式：单机（本机数据库）');
  });

  it('connected to the county server: names the server and its pinned fingerprint, no local database', () => {
    const fingerprint = Array.from({ length: 32 }, () => 'AB').join(':');
    const text = aboutDetail({
      ...info,
      dbFile: null,
      backupsDir: null,
      server: { address: 'https://10.1.2.3:8443', fingerprint },
    });
    expect(text).toContain('工作方式：连接县级服务器（数据保存在服务器上）');
    expect(text).toContain('服务器地址：https://10.1.2.3:8443');
    expect(text).toContain(`服务器证书指纹（SHA-256）：${fingerprint}`);
    expect(text).not.toContain('数据库文件');
    expect(text).not.toContain('备份文件夹');
  });

  it('opens the data folder from its button, and nothing otherwise', async () => {
    const opened: string[] = [];
    let shown: MessageBoxOptions | null = null;
    const shell = { openPath: async (p: string) => (opened.push(p), '') };
    for (const response of [0, 1]) {
      const dialog = fakeDialog((o) => ((shown = o), response));
      await showAbout({ dialog, shell }, info, null);
    }
    expect(shown!.title).toBe('关于');
    expect(shown!.message).toBe('龙陵县职业培训电子券与档案');
    expect(shown!.buttons).toEqual(['确定', '打开数据文件夹']);
    expect(shown!.detail).toContain(info.dbFile);
    expect(opened).toEqual([info.dataDir]);
  });

  it("passes no window to Electron's message box when there is none (Electron has no null-window overload)", async () => {
    const calls: unknown[][] = [];
    const dialog: Pick<DialogLike, 'showMessageBox'> = {
      showMessageBox: async (...args: unknown[]) => (calls.push(args), { response: 0 }),
    };
    const shell = { openPath: async () => '' };
    await showAbout({ dialog, shell }, info, null);
    const win = { id: 1 } as unknown as BrowserWindowLike;
    await showAbout({ dialog, shell }, info, win);
    expect(calls.map((a) => a.length)).toEqual([1, 2]);
    expect(calls[1]![0]).toBe(win);
  });
});

describe('log file', () => {
  it('writes to logs/main.log in the given folder, with the error', () => {
    const logger = log.create({ logId: 'desktop-shell-test' });
    const fileLog = startFileLog(join(dir, 'logs'), logger);
    logger.transports.console.level = false;
    fileLog.info('启动 0.1.0');
    fileLog.error('定时维护任务失败', new Error('database is locked'));
    expect(fileLog.file).toBe(join(dir, 'logs', 'main.log'));
    const text = readFileSync(fileLog.file, 'utf8');
    expect(text).toContain('启动 0.1.0');
    expect(text).toMatch(/\[error\] 定时维护任务失败 .*database is locked/);
  });
});

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const PDF_BYTES = Buffer.from('%PDF-1.7\n% a tiny test file\n');
const XLSX_BYTES = Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);

describe('window.desktop in the main process', () => {
  function setup(over: Partial<DesktopDeps> = {}) {
    const handlers = new Map<string, (e: IpcMainInvokeEventLike, input: unknown) => Promise<unknown>>();
    const ipcMain = { handle: (c: string, l: never) => handlers.set(c, l) };
    const app = fakeWindow(7);
    const printer = fakeWindow(99);
    const state = { opened: [] as string[], openError: '', saveTo: null as string | null, logged: [] as string[] };
    const dialogs: unknown[] = [];
    const deps: DesktopDeps = {
      dialog: {
        showSaveDialog: async (w, o) => {
          dialogs.push({ w, ...o });
          return state.saveTo ? { canceled: false, filePath: state.saveTo } : { canceled: true };
        },
      },
      shell: { openPath: async (p) => (state.opened.push(p), state.openError) },
      tempDir: join(dir, 'tmp'),
      documentsDir: join(dir, 'docs'),
      windowOf: (id) => (id === 7 ? app.win : null),
      openPrintWindow: () => printer.win,
      log: (m) => state.logged.push(m),
      ...over,
    };
    registerDesktopIpc(ipcMain, deps);
    const main = { url: 'app://longling/index.html' };
    const event = (id = 7, frame: { url: string } | null = main): IpcMainInvokeEventLike => ({
      sender: { id, mainFrame: main },
      senderFrame: frame,
    });
    const call = (channel: string, input: unknown, e = event()) => handlers.get(channel)!(e, input);
    return { call, event, state, dialogs, app, printer, handlers };
  }
  const save = { name: '培训券统计-2026.xlsx', mime: XLSX_MIME, base64: b64(XLSX_BYTES) };

  it('answers only the main frame of the app window', async () => {
    const s = setup();
    expect([...s.handlers.keys()].sort()).toEqual(Object.values(DESKTOP_CHANNELS).sort());
    const refused = { ok: false, error: { code: 'FORBIDDEN', message: '拒绝来自非本程序页面的请求' } };
    for (const channel of Object.values(DESKTOP_CHANNELS)) {
      expect(await s.call(channel, save, s.event(7, { url: 'https://evil.example/' }))).toEqual(refused);
      expect(await s.call(channel, save, s.event(7, { url: 'app://longling/index.html' }))).toEqual(refused); // subframe
      expect(await s.call(channel, save, s.event(7, null))).toEqual(refused);
      expect(await s.call(channel, save, s.event(8))).toEqual(refused); // an app page, but not the app's window
    }
    expect(s.dialogs).toEqual([]);
  });

  it.each([
    ['no input', undefined],
    ['another type', { ...save, mime: 'text/html' }],
    ['an extra field', { ...save, path: '/etc/passwd' }],
    ['no name', { ...save, name: '' }],
    ['not base64', { ...save, base64: '<script>' }],
    ['bytes of another type', { ...save, base64: b64('MZ\x90\x00 an executable') }],
    ['a PDF declared as a workbook', { ...save, base64: b64(PDF_BYTES) }],
  ])('refuses to save %s', async (_what, input) => {
    const s = setup();
    const r = (await s.call(DESKTOP_CHANNELS.saveFile, input)) as { ok: boolean; error: { code: string } };
    expect(r.ok).toBe(false);
    expect(r.error.code).toBe('VALIDATION');
    expect(s.dialogs).toEqual([]);
  });

  it('refuses a file over 64 MB', async () => {
    const s = setup();
    const r = await s.call(DESKTOP_CHANNELS.saveFile, { ...save, base64: 'A'.repeat(90_000_000) });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '文件过大（超过 64 MB）' } });
  });

  it('writes the file where the user chose, or nothing when the dialog is cancelled', async () => {
    const s = setup();
    expect(await s.call(DESKTOP_CHANNELS.saveFile, save)).toEqual({ ok: true, value: null });
    s.state.saveTo = join(dir, '统计.xlsx');
    expect(await s.call(DESKTOP_CHANNELS.saveFile, save)).toEqual({ ok: true, value: s.state.saveTo });
    expect(readFileSync(s.state.saveTo)).toEqual(XLSX_BYTES);
    expect(s.dialogs[1]).toMatchObject({
      w: s.app.win,
      defaultPath: join(dir, 'docs', '培训券统计-2026.xlsx'),
      filters: [{ name: 'Excel 工作簿', extensions: ['xlsx'] }],
    });
    const pdf = { name: 'x', mime: PDF_MIME, base64: b64(PDF_BYTES) };
    await s.call(DESKTOP_CHANNELS.saveFile, pdf);
    expect(s.dialogs[2]).toMatchObject({ defaultPath: join(dir, 'docs', 'x.pdf'), filters: [{ extensions: ['pdf'] }] });
  });

  it('reports a file it cannot write, and logs why', async () => {
    const s = setup();
    s.state.saveTo = join(dir, 'missing-folder', 'a.xlsx');
    const r = await s.call(DESKTOP_CHANNELS.saveFile, save);
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(s.state.logged).toEqual(['desktop:saveFile 失败']);
  });

  it('opens only PDFs and workbooks in the system viewer, from a temp copy under its own name', async () => {
    const s = setup();
    for (const name of ['run.exe', 'a.pdf.bat', 'x.desktop', 'noext']) {
      expect(await s.call(DESKTOP_CHANNELS.openFile, { name, base64: b64(PDF_BYTES) })).toMatchObject({ ok: false });
    }
    const r = (await s.call(DESKTOP_CHANNELS.openFile, { name: '../../档案摘要.pdf', base64: b64(PDF_BYTES) })) as {
      value: string;
    };
    expect(s.state.opened).toEqual([r.value]);
    expect(r.value.startsWith(join(dir, 'tmp'))).toBe(true);
    expect(r.value.endsWith('档案摘要.pdf')).toBe(true);
    expect(readFileSync(r.value)).toEqual(PDF_BYTES);
    s.state.openError = 'No application is associated';
    expect(await s.call(DESKTOP_CHANNELS.openFile, { name: 'a.pdf', base64: b64(PDF_BYTES) })).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
  });

  it('prints a PDF through a hidden, hardened window, then removes it and the temp file', async () => {
    const s = setup();
    expect(await s.call(DESKTOP_CHANNELS.print, { base64: b64(XLSX_BYTES) })).toMatchObject({ ok: false });
    expect(await s.call(DESKTOP_CHANNELS.print, { base64: b64(PDF_BYTES) })).toEqual({ ok: true, value: true });
    expect(s.printer.calls).toEqual(['load:exists', 'print', 'destroy']);
    expect(s.printer.win.loaded).toMatch(/^file:.*\.pdf$/);
    expect(existsSync(fileURLToPath(s.printer.win.loaded))).toBe(false);
    expect(s.printer.wcListeners['will-navigate']).toHaveLength(1);
  });

  it('empties the temp folder of a previous session at start', () => {
    mkdirSync(join(dir, 'tmp', 'old'), { recursive: true });
    writeFileSync(join(dir, 'tmp', 'old', 'a.pdf'), PDF_BYTES);
    setup();
    expect(existsSync(join(dir, 'tmp', 'old'))).toBe(false);
  });

  it('makes file names safe and gives them the right extension', () => {
    const [pdf, xlsx] = KINDS;
    expect(safeFileName('a/b\\c.pdf', pdf!)).toBe('c.pdf');
    expect(safeFileName('报表:2026?.xlsx', xlsx!)).toBe('报表_2026_.xlsx');
    expect(safeFileName('CON', pdf!)).toBe('_CON.pdf');
    expect(safeFileName(' ... ', pdf!)).toBe('文件.pdf');
    expect(safeFileName('payload.exe', pdf!)).toBe('payload.exe.pdf');
  });
});
