// The application menu, in Chinese. The template is a pure function of the actions it calls, so
// its labels and roles are tested without Electron; installMenu hands it to Electron's Menu.
import {
  messageBox,
  type AppLike,
  type BrowserWindowLike,
  type DialogLike,
  type MenuItemOptions,
  type MenuLike,
  type ShellLike,
} from './electronTypes';

export interface MenuActions {
  openDataFolder(): void;
  /** 单机 or 连接县级服务器: the page shows the form; the main process decides (connectionIpc.ts). */
  openConnectionSettings(): void;
  showHelp(): void;
  showAbout(): void;
}

const separator: MenuItemOptions = { type: 'separator' };
const devItems: MenuItemOptions[] = [
  { label: '重新加载', role: 'reload' },
  { label: '开发者工具', role: 'toggleDevTools' },
  separator,
];

export function menuTemplate(actions: MenuActions, opts: { dev: boolean }): MenuItemOptions[] {
  return [
    {
      label: '文件',
      submenu: [
        { label: '打开数据文件夹', click: actions.openDataFolder },
        { label: '连接设置…', click: actions.openConnectionSettings },
        separator,
        { label: '退出', role: 'quit' },
      ],
    },
    {
      label: '编辑',
      submenu: [
        { label: '撤销', role: 'undo' },
        { label: '重做', role: 'redo' },
        separator,
        { label: '剪切', role: 'cut' },
        { label: '复制', role: 'copy' },
        { label: '粘贴', role: 'paste' },
        { label: '全选', role: 'selectAll' },
      ],
    },
    {
      label: '视图',
      submenu: [
        ...(opts.dev ? devItems : []),
        { label: '实际大小', role: 'resetZoom' },
        { label: '放大', role: 'zoomIn' },
        { label: '缩小', role: 'zoomOut' },
        separator,
        { label: '全屏', role: 'togglefullscreen' },
      ],
    },
    {
      label: '帮助',
      submenu: [{ label: '使用说明', click: actions.showHelp }, separator, { label: '关于', click: actions.showAbout }],
    },
  ];
}

export const HELP_TEXT = [
  '首次使用：创建系统管理员账号后，在“系统管理 → 签名密钥”中生成签名密钥，才能发放培训券。',
  '日常工作：在左侧菜单中登记劳动者、发放培训券、扫码验券、查看档案和统计。',
  '打印与保存：培训券和档案摘要生成 PDF 后可直接打印，或另存为文件；导出的报表保存为 Excel 文件。',
  '数据：单机方式下所有数据保存在本机的数据文件夹（文件 → 打开数据文件夹），请定期备份；连接县级服务器时数据保存在服务器上，本机不保存。',
  '连接设置：文件 → 连接设置，由系统管理员在“单机（本机数据库）”和“连接县级服务器”之间切换。',
  '程序只允许运行一个窗口：再次打开快捷方式会回到已打开的窗口。',
].join('\n\n');

export interface MenuDeps {
  Menu: MenuLike;
  shell: ShellLike;
  dialog: Pick<DialogLike, 'showMessageBox'>;
  app: Pick<AppLike, 'isPackaged'>;
}

/** Builds and installs the menu; `window` is the main window, for parenting the message boxes. */
export function installMenu(
  deps: MenuDeps,
  opts: {
    /** A function when it depends on the connection (the database's folder in 单机). */
    dataDir: string | (() => string);
    showAbout(): void;
    openConnectionSettings(): void;
    window(): BrowserWindowLike | null;
  },
): void {
  const template = menuTemplate(
    {
      openDataFolder: () => void deps.shell.openPath(typeof opts.dataDir === 'string' ? opts.dataDir : opts.dataDir()),
      showHelp: () =>
        void messageBox(deps.dialog, opts.window(), {
          type: 'info',
          title: '使用说明',
          message: '使用说明',
          detail: HELP_TEXT,
          buttons: ['确定'],
          noLink: true,
        }),
      showAbout: opts.showAbout,
      openConnectionSettings: opts.openConnectionSettings,
    },
    { dev: !deps.app.isPackaged },
  );
  deps.Menu.setApplicationMenu(deps.Menu.buildFromTemplate(template));
}
