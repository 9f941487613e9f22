// The channels of window.desktop (saving, opening and printing files), shared by the preload and
// the main process. No imports: the preload bundles this file.
export const DESKTOP_CHANNELS = {
  saveFile: 'desktop:saveFile',
  openFile: 'desktop:openFile',
  print: 'desktop:print',
} as const;

export const PDF_MIME = 'application/pdf';
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
