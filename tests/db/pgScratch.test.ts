// The scratch databases of backup checks on PostgreSQL: a check stopped half-way (a second Ctrl+C on
// the county server, a crash) left its `longling_check_…` database behind for the DBA to drop. The
// next check drops this login's leftovers made more than a day ago; recent ones (a check running in
// another process), other logins' and other names stay. Skips where PostgreSQL is not installed.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchDatabase, STALE_SCRATCH_MS } from '../../electron/db/pgDump';
import { quoteIdent } from '../../electron/db/pgMigrate';
import { APP_ROLE, getCluster, pgAvailable, testDatabaseName, type PgCluster } from '../fixtures/pgCluster';

const available = pgAvailable();

describe.skipIf(!available.ok)(
  `backup checks' scratch databases${available.ok ? '' : ` (skipped: ${available.reason})`}`,
  () => {
    let cluster: PgCluster;
    let admin: pg.Client;
    const made: string[] = [];

    beforeAll(async () => {
      cluster = await getCluster();
      const name = testDatabaseName('scratch');
      made.push(name);
      await cluster.createDatabase(name);
      admin = new pg.Client({ connectionString: cluster.url(name) });
      await admin.connect();
    }, 60_000);

    afterAll(async () => {
      for (const n of made) await admin?.query(`DROP DATABASE IF EXISTS ${quoteIdent(n)} WITH (FORCE)`).catch(() => 0);
      await admin?.end();
      await cluster?.stop();
    });

    const scratchName = (at: number, tail: string) => `longling_check_${at.toString(36)}_${tail}`;
    const exists = async (name: string) =>
      (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
    async function create(name: string, owner?: string) {
      made.push(name);
      await admin.query(`CREATE DATABASE ${quoteIdent(name)}${owner ? ` OWNER ${quoteIdent(owner)}` : ''}`);
    }

    it("drops this login's leftovers older than a day, and nothing else", async () => {
      const now = Date.now();
      const old = scratchName(now - STALE_SCRATCH_MS - 60_000, 'old001');
      const recent = scratchName(now - 10 * 60_000, 'run002');
      const othersOld = scratchName(now - 3 * STALE_SCRATCH_MS, 'oth003');
      const lookalike = 'longling_check_notours';
      // Named a day ago by a clock ahead of ours, and still in use by its check.
      const inUse = scratchName(now - STALE_SCRATCH_MS - 120_000, 'use004');
      await create(inUse);
      const user = new pg.Client({ connectionString: cluster.url(inUse) });
      await user.connect();
      await create(old);
      await create(recent);
      await create(othersOld, APP_ROLE);
      await create(lookalike);

      const scratch = await scratchDatabase(cluster.url(made[0]!), now);
      try {
        expect(await exists(old)).toBe(false);
        expect(await exists(recent)).toBe(true); // another process's check, still running
        expect(await exists(othersOld)).toBe(true); // another login's
        expect(await exists(lookalike)).toBe(true); // not a name the check makes
        expect(await exists(inUse)).toBe(true); // never dropped from under its check
        expect(await exists(new URL(scratch.url).pathname.slice(1))).toBe(true);
      } finally {
        await scratch.drop();
        await user.end();
      }
      expect(await exists(new URL(scratch.url).pathname.slice(1))).toBe(false);
    });
  },
);
