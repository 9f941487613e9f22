// `npm run security`: @doyensec/electronegativity over the Electron shell and the renderer's page.
// Every finding above informational must be fixed or explained in security/electronegativity-accepted.json.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ELECTRON_VERSION = '38.8.6';

/** The tool's CSV quotes cells that hold commas and line breaks (a CSP sample does). */
function parseCsv(text) {
  const rows = [[]];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    rows.at(-1).push(cell.trim());
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endCell();
    else if (c === '\n') {
      endCell();
      rows.push([]);
    } else cell += c;
  }
  rows.at(-1).push(cell.trim());
  return rows.filter((r) => r.length > 1);
}
const dir = mkdtempSync(join(tmpdir(), 'longling-scan-'));
try {
  // Only the app's own sources: node_modules and build output are not ours to judge here.
  cpSync('electron', join(dir, 'electron'), { recursive: true });
  cpSync('renderer/index.html', join(dir, 'renderer/index.html'));
  cpSync('package.json', join(dir, 'package.json'));
  // The tool writes its CSV header and its rows with two concurrent fs.writeFile calls (the
  // header's truncating the file), so some runs (four in fifteen here) leave the header over the start
  // of the first row. Such a file is recognised (a row not of eight cells, or not starting
  // with a check's name) and the scan run again, rather than reading a garbled finding.
  let rows;
  for (let attempt = 1; !rows; attempt++) {
    const csv = join(dir, `findings-${attempt}.csv`);
    const r = spawnSync(
      process.execPath,
      [
        'node_modules/@doyensec/electronegativity/dist/index.js',
        '-i',
        dir,
        '-r',
        '-v',
        'false',
        '-e',
        ELECTRON_VERSION,
        '-o',
        csv,
      ],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) {
      console.error(r.stdout, r.stderr);
      process.exit(2);
    }
    const parsed = parseCsv(readFileSync(csv, 'utf8').trim());
    rmSync(csv);
    const whole =
      parsed[0]?.[0] === 'issue' && parsed.slice(1).every((row) => row.length === 8 && /^[A-Z0-9_]+$/.test(row[0]));
    if (whole) rows = parsed.slice(1);
    else if (attempt < 5) console.error('electronegativity wrote a garbled CSV; scanning again');
    else {
      console.error('electronegativity wrote a garbled CSV five times in a row');
      process.exit(2);
    }
  }
  const accepted = JSON.parse(readFileSync('security/electronegativity-accepted.json', 'utf8'));
  let open = 0;
  for (const [check, severity, confidence, file, location] of rows) {
    const ok = accepted.find((a) => a.check === check && a.file === file);
    if (severity === 'INFORMATIONAL') continue;
    console.log(`${ok ? 'accepted' : 'OPEN    '}  ${check} ${severity}/${confidence} ${file}:${location}`);
    if (ok) console.log(`          ${ok.why}`);
    else open++;
  }
  console.log(`\nelectronegativity ${rows.length} finding(s); ${open} not fixed or explained.`);
  process.exitCode = open ? 1 : 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
