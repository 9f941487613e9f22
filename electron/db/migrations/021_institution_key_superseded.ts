import type { Migration } from '../migration';

// An institution's earlier keys superseded by its new registration (issue 15, a red-team's finding).
// Frozen once landed.
//
// A registration only ever added a key: when an institution moved to a new computer, its old
// install's key (a retired PC, a former admin's copy of the file and its passphrase) went on signing
// claim packages the bureau applied. Binding a new key now marks the institution's earlier ones
// superseded; packages signed with them are refused, and a superseded key cannot be bound again
// (an old registration file replayed).
export const m021: Migration = {
  version: 21,
  name: 'institution keys superseded by a new registration',
  up: `
ALTER TABLE institution_key ADD COLUMN superseded_at TEXT;
`,
  pg: `
ALTER TABLE institution_key ADD COLUMN superseded_at text;
`,
};
