// The evaluation behind README "Encryption at rest": is better-sqlite3-multiple-ciphers a drop-in
// for better-sqlite3 on this app's database? Not a dependency of the app: install it elsewhere and
// pass its folder, e.g. `node scripts/evaluate-encryption.mjs /tmp/mc/node_modules/better-sqlite3-multiple-ciphers app.db`.
import { copyFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const [modulePath, plainFile] = process.argv.slice(2);
if (!modulePath || !plainFile) {
  console.error(
    'usage: node scripts/evaluate-encryption.mjs <path to better-sqlite3-multiple-ciphers> <a plain app database>',
  );
  process.exit(2);
}
const require = createRequire(import.meta.url);
const Cipher = require(modulePath);
const Plain = require('better-sqlite3');
const KEY = 'evaluation passphrase';
const enc = `${plainFile}.encrypted.db`;
const counts = (db) =>
  Object.fromEntries(
    ['worker', 'voucher', 'audit_log'].map((t) => [t, db.prepare(`SELECT count(*) FROM ${t}`).pluck().get()]),
  );
const step = (label, f) => {
  try {
    console.log(`${label}: ${JSON.stringify(f())}`);
  } catch (e) {
    console.log(`${label}: error ${e.code ?? ''} ${e.message}`);
  }
};

// 1. The plain file as it is today opens unchanged.
step('plain file opened by the cipher build', () => {
  const db = new Cipher(plainFile, { readonly: true });
  const r = counts(db);
  db.close();
  return r;
});

// 2. Migrating it: a copy in rollback-journal mode, encrypted in place with rekey.
rmSync(enc, { force: true });
copyFileSync(plainFile, enc);
step('encrypt a copy in place (journal_mode=DELETE, then PRAGMA rekey)', () => {
  const db = new Cipher(enc);
  db.pragma('journal_mode = DELETE');
  db.pragma(`rekey = '${KEY}'`);
  db.close();
  return 'done';
});

// 3. Without the key, neither build can read it.
step('encrypted file opened by plain better-sqlite3', () => counts(new Plain(enc, { readonly: true })));
step('encrypted file with a wrong key', () => {
  const db = new Cipher(enc);
  db.pragma("key = 'wrong'");
  return counts(db);
});

// 4. With the key: the same rows, integrity, WAL, transactions, the online backup.
step('encrypted file with the key', () => {
  const db = new Cipher(enc);
  db.pragma(`key = '${KEY}'`);
  db.pragma('journal_mode = WAL');
  const r = { ...counts(db), integrity: db.pragma('integrity_check', { simple: true }) };
  db.transaction(() => db.prepare("INSERT INTO setting (key, value) VALUES ('encTest', '1')").run())();
  db.close();
  return r;
});

// 5. Cost: 50,000 inserts in one transaction, plain against encrypted.
for (const [label, Db, key] of [
  ['plain', Plain, null],
  ['encrypted', Cipher, KEY],
]) {
  const file = `${plainFile}.${label}.bench.db`;
  rmSync(file, { force: true });
  const db = new Db(file);
  if (key) db.pragma(`key = '${key}'`);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT)');
  db.exec('CREATE INDEX t_a ON t(a)');
  const ins = db.prepare('INSERT INTO t (a, b) VALUES (?, ?)');
  const t0 = performance.now();
  db.transaction(() => {
    for (let i = 0; i < 50_000; i++) ins.run(`530523${String(i * 7919).padStart(12, '0')}`, '劳动者姓名与地址');
  })();
  const t1 = performance.now();
  const n = db.prepare("SELECT count(*) FROM t WHERE a >= '530523000100000000'").pluck().get();
  const t2 = performance.now();
  console.log(
    `${label}: 50,000 inserts ${(t1 - t0).toFixed(0)} ms, an indexed range count (${n}) ${(t2 - t1).toFixed(1)} ms`,
  );
  db.close();
  rmSync(file, { force: true });
}
rmSync(enc, { force: true });
