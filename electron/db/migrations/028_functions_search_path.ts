import type { Migration } from '../migration';

// Every function of the schema reads its own tables, never a temporary one. Frozen once landed.
//
// A trigger function names tables without a schema and ran with the search path of whoever fired
// it, where a session's temporary schema comes first: a red-team holding the app's database role
// caught the catalogue stamp's trigger with a temporary table of the same name (027). The integrity
// triggers can be caught the same way: a temporary `voucher` whose paid amount is anything makes the
// recovery limit pass, a temporary `account_change` would hide an unconfirmed account from the check
// of an independent reviewer. Each of the app's functions now runs with the schema first and the
// temporary schema last: those of the schema owned by the role the migrations run as
// (electron/db/pgMigrate.ts asSchemaOwner), not an extension's or a DBA's own, which may sit in the
// same schema and are not the app's to change. SQLite has neither: nothing changes there.
export const m028: Migration = {
  version: 28,
  name: 'the schema’s functions read its own tables, never temporary ones',
  up: '-- PostgreSQL only (see pg).',
  pg: `
DO $$
DECLARE f regprocedure;
BEGIN
  FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
           WHERE p.pronamespace = current_schema()::regnamespace AND p.prokind = 'f'
             AND p.proowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                               AND d.objid = p.oid AND d.deptype = 'e')
  LOOP
    EXECUTE format('ALTER FUNCTION %s SET search_path = %I, pg_temp', f, current_schema());
  END LOOP;
END $$;
`,
};
