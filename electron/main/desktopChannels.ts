// The channels of window.desktop (saving, opening and printing files; the connection to the county
// server), shared by the preload and the main process. No imports: the preload bundles this file.
export const DESKTOP_CHANNELS = {
  saveFile: 'desktop:saveFile',
  openFile: 'desktop:openFile',
  print: 'desktop:print',
} as const;

export const CONNECTION_CHANNELS = {
  /** page → main: the choice (null on first start) and whether the server answers. */
  get: 'desktop:connection:get',
  /** page → main: choose (first start) or change (an admin, confirmed in a system dialog). */
  set: 'desktop:connection:set',
  /** main → page: the server stopped answering, or answers again. */
  state: 'desktop:connection:state',
  /** main → page: 文件 → 连接设置… was chosen in the menu. */
  open: 'desktop:connection:open',
} as const;

export const PDF_MIME = 'application/pdf';
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
