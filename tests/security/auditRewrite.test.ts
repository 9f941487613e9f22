// Attack: whoever holds the database file rewrites history. They drop the append-only triggers,
// change who revoked a voucher (in the voucher's events and in the audit row), recompute every
// later link with the app's own (public) SHA-256, fix the head marker and put the triggers back.
// That used to pass `audit verify` and `backup check`. Now rows are chained with a MAC whose key
// lives in the install secret, outside the file; removing the keyed chain altogether is caught
// too; and an insider holding both files is caught by any signed head (witness) kept elsewhere.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sqliteOnly } from '../fixtures/testStore';
import { createEnv } from '../../electron/core/env';
import { readSecretFile } from '../../electron/core/secrets';
import { keyedRowHash, rowHash, type AuditDbRow } from '../../electron/db/repos/audit.repo';
import { runCli } from '../fixtures/cli';
import { makeId } from '../fixtures/ids';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';

let t: VoucherEnv;
let revokedRow: number;
let witnessFile: string;

beforeAll(async () => {
  t = await makeVoucherEnv();
  const workerId = await t.newWorker({ idNumber: makeId('530523', '19880808', 808) });
  const v = await t.must(t.clerk, 'voucher:issue', { workerId, ...t.terms() });
  await t.must(t.reviewer, 'voucher:revoke', { id: v.id, reason: '持券人放弃' });
  revokedRow = (await t.db.value("SELECT max(id) FROM audit_log WHERE action = 'revoke'")) as number;
  // A witness taken now and kept elsewhere (the CLI signs the head into a file).
  witnessFile = join(t.dir, 'kept-elsewhere.witness.json');
  t.raw().pragma('wal_checkpoint(TRUNCATE)');
  expect(runCli(['audit', 'witness', '--db', t.file, '--out', witnessFile]).code).toBe(0);
  // More work after the witness.
  await t.newWorker({ idNumber: makeId('530523', '19880808', 809) });
  t.raw().pragma('wal_checkpoint(TRUNCATE)');
});
afterAll(() => t.close());

type Link = (prev: string, r: Omit<AuditDbRow, 'prev_hash' | 'hash'>) => string;

/** A copy of the database (with its secret beside it) rewritten the way the attacker would. */
function forge(name: string, link: Link, extra: (db: Database.Database) => void = () => undefined): string {
  const file = join(t.dir, `${name}.db`);
  copyFileSync(t.file, file);
  copyFileSync(`${t.file}.secret`, `${file}.secret`);
  const db = new Database(file);
  const triggers = db
    .prepare(
      "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name IN ('audit_log', 'audit_head', 'audit_witness', 'voucher_event')",
    )
    .all() as { name: string; sql: string }[];
  for (const tr of triggers) db.exec(`DROP TRIGGER "${tr.name}"`);
  db.transaction(() => {
    db.prepare(
      "UPDATE voucher_event SET user_id = (SELECT id FROM app_user WHERE username = 'clerk1') WHERE to_status = 'revoked'",
    ).run();
    db.prepare("UPDATE audit_log SET username = 'clerk1' WHERE id = ?").run(revokedRow);
    let prev = db
      .prepare('SELECT hash FROM audit_log WHERE id = ?')
      .pluck()
      .get(revokedRow - 1) as string;
    for (const r of db.prepare('SELECT * FROM audit_log WHERE id >= ? ORDER BY id').all(revokedRow) as AuditDbRow[]) {
      const hash = link(prev, r);
      db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?').run(prev, hash, r.id);
      prev = hash;
    }
    db.prepare('UPDATE audit_head SET hash = ? WHERE id = 1').run(prev);
    extra(db);
  })();
  for (const tr of triggers) db.exec(tr.sql);
  db.close();
  return file;
}

const verify = (file: string, ...more: string[]) => {
  const r = runCli(['audit', 'verify', '--db', file, '--json', ...more]);
  return {
    code: r.code,
    result: JSON.parse(r.stdout || '{}') as { ok: boolean; firstBadRow?: number; reason?: string },
  };
};

sqliteOnly('rewriting history', () => {
  it('the untouched database verifies, against its own witnesses and the one kept elsewhere', () => {
    const r = verify(t.file, '--witness', witnessFile);
    expect(r).toMatchObject({ code: 0, result: { ok: true, keyChecked: true } });
  });

  it('is caught when the chain is recomputed with the public hash and the triggers are put back', () => {
    const file = forge('public-hash', rowHash);
    const r = verify(file);
    expect(r.code).toBe(1);
    expect(r.result).toMatchObject({ ok: false, firstBadRow: revokedRow });
    expect(r.result.reason).toContain('密钥校验值');
    // The same forged file as a backup: refused for restore, even where the secret is not at hand
    // (its stored witnesses no longer match).
    const check = runCli(['backup', 'check', '--file', file, '--json']);
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout)).toMatchObject({ ok: false });
  });

  it('is caught when the keyed chain is removed altogether, and the app will not re-key over it', async () => {
    const file = forge('unkeyed', rowHash, (db) => {
      db.exec(
        "DELETE FROM audit_witness; DELETE FROM setting WHERE key IN ('installSecretId', 'auditWitnessKey', 'auditWitnessKid');",
      );
      // Every row re-linked with the public hash, as an old version would have.
      let prev = '0'.repeat(64);
      for (const r of db.prepare('SELECT * FROM audit_log ORDER BY id').all() as AuditDbRow[]) {
        const hash = rowHash(prev, r);
        db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?').run(prev, hash, r.id);
        prev = hash;
      }
      db.prepare('UPDATE audit_head SET hash = ? WHERE id = 1').run(prev);
    });
    const r = verify(file);
    expect(r).toMatchObject({ code: 1, result: { ok: false } });
    expect(r.result.reason).toContain('没有绑定密钥文件');
    await expect(async () => await createEnv(file)).rejects.toThrow(/没有绑定密钥文件/);
    // And against a witness kept elsewhere, even without the secret file.
    const alone = join(t.dir, 'alone.db');
    copyFileSync(file, alone);
    expect(existsSync(`${alone}.secret`)).toBe(false);
    expect(verify(alone, '--witness', witnessFile)).toMatchObject({ code: 1, result: { ok: false } });
  });

  it('an insider holding the secret too is caught by a witness signed before the rewrite', () => {
    const secrets = readSecretFile(`${t.file}.secret`);
    const file = forge(
      'with-key',
      (prev, r) => keyedRowHash(secrets, prev, r),
      (db) => {
        // They also drop the witnesses stored inside the file, which they cannot re-sign...
        db.exec("DELETE FROM audit_witness WHERE kind <> 'cutover'");
      },
    );
    expect(verify(file)).toMatchObject({ code: 0, result: { ok: true } });
    // ...but not the one that left the machine.
    const r = verify(file, '--witness', witnessFile);
    expect(r.code).toBe(1);
    expect(r.result.reason).toMatch(/与.*见证不符|见证.*不符/);
  });
});
