import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReadOnly } from '../../electron/db/sqliteFile';
import { sqliteOnly } from '../fixtures/testStore';
import { keyedRowHash, type AuditDbRow } from '../../electron/db/repos/audit.repo';
import { verifyAuditChain } from '../../electron/services/audit.service';
import { makeTestEnv, workerInput, type TestEnv } from '../fixtures/env';

let t: TestEnv;
let rows: number;

beforeAll(async () => {
  t = await makeTestEnv();
  const clerk = await t.loginAs('clerk');
  for (let i = 1; i <= 3; i++)
    await t.must(clerk, 'worker:create', workerInput({ seq: 100 + i, name: `测试${'一二三'[i - 1]}` }));
  await t.must(clerk, 'worker:update', { ...workerInput({ seq: 101, name: '测试改名' }), id: 1 });
  rows = await t.count('audit_log');
  if (t.engine === 'sqlite') t.raw().pragma('wal_checkpoint(TRUNCATE)');
});
afterAll(() => t.close());

/** A copy of the database file, changed by hand the way someone with a SQLite tool would. */
async function tampered(name: string, change: (db: Database.Database) => void) {
  const file = join(t.dir, `${name}.db`);
  copyFileSync(t.file, file);
  const raw = new Database(file);
  raw.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  change(raw);
  raw.close();
  const { reader, conn } = openReadOnly(file);
  const result = await verifyAuditChain(reader, { secrets: t.env.secrets });
  conn.close();
  return result;
}

describe('audit trail', () => {
  it('verifies a clean chain', async () => {
    expect(rows).toBeGreaterThanOrEqual(6);
    expect(await verifyAuditChain(t.env.db.reader, { secrets: t.env.secrets })).toMatchObject({
      ok: true,
      rows,
      keyChecked: true,
      limits: [],
    });
  });

  it('refuses UPDATE and DELETE on the audit table inside the app', async () => {
    await expect(async () => await t.db.run("UPDATE audit_log SET username = 'x' WHERE id = 1")).rejects.toThrow(
      /append-only|permission denied/,
    );
    await expect(async () => await t.db.run('DELETE FROM audit_log WHERE id = 1')).rejects.toThrow(
      /append-only|permission denied/,
    );
  });
});

sqliteOnly('audit trail of a file changed by hand', () => {
  it('detects an edit of any row at that row', async () => {
    for (let id = 1; id <= rows; id++) {
      const r = await tampered(`edit${id}`, (db) =>
        db.prepare('UPDATE audit_log SET after_json = \'{"name":"篡改"}\' WHERE id = ?').run(id),
      );
      expect(r).toMatchObject({ ok: false, firstBadRow: id });
    }
  });

  it('detects an edit of the timestamp or the user', async () => {
    expect(
      await tampered('at', (db) => db.prepare("UPDATE audit_log SET at = '2020-01-01T00:00:00Z' WHERE id = 3").run()),
    ).toMatchObject({ firstBadRow: 3 });
    expect(
      await tampered('who', (db) => db.prepare("UPDATE audit_log SET username = 'forger' WHERE id = 4").run()),
    ).toMatchObject({ firstBadRow: 4 });
  });

  it('detects the deletion of any row at that row, including the last', async () => {
    for (let id = 1; id <= rows; id++) {
      const r = await tampered(`del${id}`, (db) => db.prepare('DELETE FROM audit_log WHERE id = ?').run(id));
      expect(r).toMatchObject({ ok: false, firstBadRow: id });
      if (!r.ok) expect(r.reason).toMatch(/缺失|删除/);
    }
  });

  it('detects an edit whose link was recomputed (even with the key) at the next row', async () => {
    const r = await tampered('rehash', (db) => {
      db.prepare("UPDATE audit_log SET username = 'forger' WHERE id = 2").run();
      const row = db.prepare('SELECT * FROM audit_log WHERE id = 2').get() as AuditDbRow;
      db.prepare('UPDATE audit_log SET hash = ? WHERE id = 2').run(keyedRowHash(t.env.secrets, row.prev_hash, row));
    });
    expect(r).toMatchObject({ ok: false, firstBadRow: 3 });
  });
});

describe('audit digest', () => {
  it('prints a digest whose QR and document information carry a signed head that the chain then matches', async () => {
    const a = await t.must(t.adminToken, 'audit:digest', {});
    expect(a).toMatchObject({ mime: 'application/pdf', name: expect.stringMatching(/^审计日志摘要-\d{8}\.pdf$/) });
    const file = join(t.dir, 'digest.pdf');
    writeFileSync(file, Buffer.from(a.base64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('审计日志摘要');
    execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', file, join(t.dir, 'digest')]);
    const fromQr = execFileSync('zbarimg', ['-q', '--raw', join(t.dir, 'digest.png')], { encoding: 'utf8' }).trim();
    const witness = JSON.parse(fromQr) as { format: string; payload: string };
    expect(witness.format).toBe('longling-audit-witness');
    const r = await t.must(t.adminToken, 'audit:verify', { witness: fromQr });
    expect(r).toMatchObject({ ok: true, witness: { kind: 'digest', row: JSON.parse(witness.payload).row } });
    // A witness of another install is refused as such.
    const forged = fromQr.replace(/"signature":"[^"]+"/, '"signature":"AAAA"');
    expect(await t.must(t.adminToken, 'audit:verify', { witness: forged })).toMatchObject({ ok: false });
  });
});
