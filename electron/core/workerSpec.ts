import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * How to start a worker thread whose source is `sourceTs` beside `callerUrl`: in the packaged app,
 * the bundled `bundledCjs` beside the app's main file; in development, the TypeScript source behind
 * a small bootstrap that registers tsx in the worker (execArgv loaders do not reach workers).
 * Null when neither is there (the caller then does the work on its own thread).
 */
export function workerSpec(
  callerUrl: string,
  sourceTs: string,
  bundledCjs: string,
): { code: string; eval: boolean } | null {
  const here = fileURLToPath(callerUrl);
  const bundled = here.replace(/[^/\\]+$/, bundledCjs);
  if (here.endsWith('.cjs')) return existsSync(bundled) ? { code: bundled, eval: false } : null;
  const ts = here.replace(/[^/\\]+$/, sourceTs);
  if (!here.endsWith('.ts') || !existsSync(ts)) return null;
  const url = JSON.stringify(pathToFileURL(ts).href);
  return { code: `import('tsx/esm/api').then(({ register }) => { register(); return import(${url}); });`, eval: true };
}
