// Bundles the Electron main process and the preload. The preload must be one CommonJS file
// because sandboxed preloads cannot load other modules.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
};
// Code that finds files beside itself reads import.meta.url, which CommonJS has not.
const nodeModule = {
  external: ['electron', 'better-sqlite3', 'exceljs'],
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};
await build({ ...common, ...nodeModule, entryPoints: ['electron/main/index.ts'], outfile: 'dist/electron/main.cjs' });
await build({
  ...common,
  entryPoints: ['electron/preload/preload.ts'],
  outfile: 'dist/electron/preload.cjs',
  external: ['electron'],
});
// Worker threads (the PDF's QR codes, a big spreadsheet's parsing) need their own files beside main.cjs.
for (const [entry, out] of [
  ['electron/pdf/qr.worker.ts', 'qr.worker.cjs'],
  ['electron/services/excel/sheet.worker.ts', 'sheet.worker.cjs'],
]) {
  await build({ ...common, ...nodeModule, entryPoints: [entry], outfile: `dist/electron/${out}` });
}
console.log('dist/electron/main.cjs, preload.cjs, qr.worker.cjs, sheet.worker.cjs');
