// First step of `npm test`: what the tests need besides npm's own packages. Debian packages are
// installed when missing if we run as root (as CI does); otherwise we stop at once with the one line
// to run, instead of letting tests fail later on a missing tool with a stack trace. Electron's type
// definitions (for `typecheck:electron`) come with its npm package, which `npm ci` drops where
// Electron's binary cannot be downloaded; it is then added without the binary.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** Each Debian package and how to tell it is there. */
const PACKAGES = [
  { pkg: 'chromium', present: () => onPath('chromium') },
  { pkg: 'poppler-utils', present: () => onPath('pdftotext') && onPath('pdftoppm') && onPath('pdfinfo') },
  { pkg: 'zbar-tools', present: () => onPath('zbarimg') },
  { pkg: 'fonts-noto-cjk', present: () => /Noto Sans CJK/i.test(run('fc-list', []).stdout ?? '') },
  // Optional: the PostgreSQL suite (npm run test:pg) runs where it is installed and is skipped,
  // saying so, where it is not. As root (CI) it is installed like the others.
  { pkg: 'postgresql', optional: true, present: () => pgInstalled() },
];

function pgInstalled() {
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian) && readdirSync(debian).some((v) => existsSync(`${debian}/${v}/bin/initdb`))) return true;
  return onPath('initdb') && onPath('pg_ctl');
}

function run(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { encoding: 'utf8', ...opts });
}

function onPath(cmd) {
  return run('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

const root = typeof process.getuid === 'function' && process.getuid() === 0;
const canInstall = root && onPath('apt-get');
const missing = PACKAGES.filter((p) => !p.present() && (canInstall || !p.optional)).map((p) => p.pkg);
if (missing.length > 0) {
  const line = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (!canInstall) {
    console.error(`测试需要的系统软件包未安装：${missing.join('、')}。请先运行：sudo ${line}`);
    process.exit(1);
  }
  console.log(`安装测试需要的 Debian 软件包：${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', ...missing],
  ]) {
    const r = run('apt-get', args, { env, stdio: 'inherit' });
    if (r.status !== 0) {
      console.error(`安装失败（apt-get ${args[0]}）。请手动运行：${line}`);
      process.exit(1);
    }
  }
}

if (!existsSync('node_modules/electron/electron.d.ts')) {
  const version = JSON.parse(readFileSync('package.json', 'utf8')).optionalDependencies.electron;
  console.log(`补装 electron@${version} 的 npm 包（只要类型定义，不下载 Electron 可执行文件）`);
  const r = run('npm', ['install', '--no-save', '--no-audit', '--no-fund', `electron@${version}`], {
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (r.status !== 0 || !existsSync('node_modules/electron/electron.d.ts')) {
    console.error(`无法安装 electron 的类型定义。请运行：ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci`);
    process.exit(1);
  }
}
