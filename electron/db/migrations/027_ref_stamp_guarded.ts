import type { Migration } from '../migration';

// The catalogue's stamp (026) guarded against the app's own database role. Frozen once landed.
//
// A red-team holding the server's login role kept a suspended institution redeeming while the
// database showed it suspended, two ways: by writing the old stamp back after changing the catalogue
// (the role could UPDATE ref_stamp, for the trigger, which ran as whoever wrote), and by creating a
// temporary table named ref_stamp, which the trigger's unqualified UPDATE then found first (every role
// may create temporary tables, and a session's temporary schema comes first in its search path). The
// trigger function now runs as its owner with the schema fixed and the temporary schema last, so the
// app role needs no right on the stamp but SELECT (electron/db/pgMigrate.ts APP_RIGHTS), and TRUNCATE
// of a catalogue table (only its owner may) replaces the stamp as well. SQLite has no roles, no
// temporary-schema search and no TRUNCATE: nothing changes there.
const TABLES = [
  'setting',
  'signing_key',
  'institution',
  'institution_approval',
  'plan',
  'plan_group',
  'plan_subtarget',
  'occupation',
  'subsidy_standard',
  'township',
  'fund_source',
  'level_min_hours',
];

export const m027: Migration = {
  version: 27,
  name: 'the catalogue stamp replaced only by its trigger, run as its owner',
  up: '-- PostgreSQL only (see pg).',
  pg: `
DO $$ BEGIN
  EXECUTE format('ALTER FUNCTION longling_ref_stamp() SECURITY DEFINER SET search_path = %I, pg_temp', current_schema());
END $$;
${TABLES.map(
  (t) =>
    `CREATE TRIGGER ${t}_stamp_truncate AFTER TRUNCATE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION longling_ref_stamp();`,
).join('\n')}
`,
};
