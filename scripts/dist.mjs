// `npm run dist [-- electron-builder options]`: the installers (Windows NSIS, Linux AppImage and deb,
// see electron-builder.yml). electron-builder is not a dependency of the project and Electron is an
// optional one: both need network access beyond the npm registry (Electron's own download host, and
// the prebuilt better-sqlite3 for Electron), which only a build machine has.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const electronVersion = pkg.optionalDependencies?.electron ?? pkg.devDependencies?.electron;
const install = `npm install --no-save electron-builder@25 electron@${electronVersion}`;

function fail(what) {
  console.error(
    `无法生成安装程序：${what}。\n` +
      `请在可以联网下载 Electron 的打包电脑上，于项目文件夹中运行：\n  ${install}\n` +
      '然后再运行 npm run dist。安装程序生成在 release/ 文件夹。\n' +
      '（不打包也可使用：npm start 启动桌面程序，npm run web 在浏览器中使用同一界面。）',
  );
  process.exit(1);
}

try {
  require.resolve('electron-builder');
} catch {
  fail('未安装 electron-builder');
}
let binary = null;
try {
  binary = require('electron'); // in plain Node this is the path of the Electron executable
} catch {
  binary = null;
}
if (typeof binary !== 'string' || !existsSync(binary))
  fail('未安装 Electron 可执行文件（npm 安装时未能下载 Electron）');

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run('npm', ['run', 'build']);
run('npx', [
  '--no-install',
  'electron-builder',
  '--config',
  'electron-builder.yml',
  `-c.electronVersion=${electronVersion}`,
  ...process.argv.slice(2),
]);
