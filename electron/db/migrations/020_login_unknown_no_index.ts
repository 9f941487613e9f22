import type { Migration } from '../migration';

// The unknown login names' count without its index on updated_at (issue 15). Frozen once landed.
//
// Migration 019 indexed updated_at to forget counts idle for a month. They are never forgotten now
// (forgetting told a dormant real account from an unknown name, as a real account's count is kept),
// so nothing reads by updated_at, and every wrong password for an unknown name wrote the index too.
export const m020: Migration = {
  version: 20,
  name: 'unknown login names without the idle index',
  up: `
DROP INDEX login_unknown_updated;
`,
  pg: `
DROP INDEX login_unknown_updated;
`,
};
