import { defineConfig } from 'vitest/config';

const DB_TESTS = ['tests/db/**/*.test.ts', 'tests/security/**/*.test.ts', 'tests/reliability/**/*.test.ts'];

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'db',
          include: DB_TESTS,
          environment: 'node',
          testTimeout: 30_000,
          // A file's setup (a voucher env, a few trained vouchers) takes seconds alone and more while
          // the race tests' child processes share the two cores: vitest's 10 s default failed one once.
          hookTimeout: 60_000,
        },
      },
      {
        // The same suite on PostgreSQL: every test file gets a database of its own, copied from a
        // migrated template in one throw-away cluster (tests/fixtures/pgGlobalSetup.ts). Files about
        // SQLite itself stay in the project above: its migrations, the crash campaign on a file, and
        // the PostgreSQL schema tests, which start clusters of their own. `npm run test:pg` runs it
        // where PostgreSQL is installed and says in one line why not where it is not.
        test: {
          name: 'db-pg',
          include: DB_TESTS,
          exclude: [
            'tests/db/migrations.test.ts',
            'tests/db/pg*.test.ts',
            'tests/db/schemaParity.test.ts',
            'tests/reliability/faults.test.ts',
          ],
          environment: 'node',
          env: { LONGLING_TEST_ENGINE: 'pg' },
          globalSetup: ['tests/fixtures/pgGlobalSetup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 90_000,
          // A page waits for a server that shares two cores with the browser (and, when a suite runs
          // beside other work, with that too): expect.poll's default second was seen to run out.
          expect: { poll: { timeout: 5_000 } },
          fileParallelism: false,
        },
      },
    ],
  },
});
