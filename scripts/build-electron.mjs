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
await build({
  ...common,
  entryPoints: ['electron/main/index.ts'],
  outfile: 'dist/electron/main.cjs',
  external: ['electron', 'better-sqlite3', 'exceljs'],
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
});
await build({
  ...common,
  entryPoints: ['electron/preload/preload.ts'],
  outfile: 'dist/electron/preload.cjs',
  external: ['electron'],
});
// The PDF's QR worker runs as its own thread and so needs its own file beside main.cjs.
await build({ ...common, entryPoints: ['electron/pdf/qr.worker.ts'], outfile: 'dist/electron/qr.worker.cjs' });
console.log('dist/electron/main.cjs, preload.cjs, qr.worker.cjs');
