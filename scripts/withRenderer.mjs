// Builds the renderer when its sources are newer than the build, then runs a host entry with tsx
// (`npm run web` on loopback, `npm run server` for the county).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export function runWithRenderer(entry) {
  const built = 'dist/renderer/index.html';
  const sources = Math.max(newest('renderer'), newest('shared'));
  if (!existsSync(built) || statSync(built).mtimeMs < sources) {
    console.log('正在构建界面（约 1 分钟）…');
    const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
      stdio: 'inherit',
      shell: process.platform === 'win32',
    });
    if (b.status !== 0) process.exit(b.status ?? 1);
  }
  const r = spawnSync('npx', ['tsx', entry, ...process.argv.slice(2)], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  process.exit(r.status ?? 0);
}
