// `npm start`: the desktop app. Electron is an optional dependency because its binary is
// downloaded by a postinstall step that fails without access to Electron's download host.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let binary = null;
try {
  binary = require('electron'); // in plain Node this is the path of the Electron executable
} catch {
  binary = null;
}
if (typeof binary !== 'string' || !existsSync(binary)) {
  console.error(
    '无法启动桌面程序：未安装 Electron 可执行文件（npm 安装时未能下载 Electron）。请在可联网下载 Electron 的电脑上重新运行 npm ci，或改用 `npm run web` 在浏览器中使用同一界面。',
  );
  process.exit(1);
}
for (const step of [['run', 'build']]) {
  const r = spawnSync('npm', step, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const r = spawnSync(binary, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 0);
