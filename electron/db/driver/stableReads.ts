// Reads of the reference tables kept between write transactions, on PostgreSQL. Every write
// transaction waits for the one writers' lock, and most of them re-read the same catalogue rows
// (the institution and its approved trades, the plan, the occupation, the subsidy standard, the
// settings, the signing key) that change a few times a year: a redemption spent 8 of the 22
// statements it runs under the lock on them. Migration 026 keeps a random stamp that every write to
// these tables replaces in the same transaction; the driver reads it with the lock (one round trip
// with BEGIN), and a read kept under the same stamp is answered from memory. So a kept read is never
// older than what the database says, whichever process or person wrote (a restored backup brings
// its own stamp back). Only a transaction that has not written yet uses or fills the store: after
// its own write, even to another table, it reads from the database like before.
//
// Which reads qualify is decided from the statement itself, and conservatively: a plain SELECT each
// of whose FROM and JOIN names is one of the stamped tables, with nothing that depends on the
// moment it runs. A table the list does not know (a new one, a function, a subquery in FROM, a
// comma join) makes the read an ordinary one.

/** The tables migration 026 stamps. A table added here needs its triggers in a new migration. */
export const STAMPED_TABLES: ReadonlySet<string> = new Set([
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
]);

/** What a statement names after FROM or JOIN: a name, or the first thing of something else. */
const SOURCE = /\b(?:FROM|JOIN)\s+("?)([A-Za-z_][A-Za-z0-9_]*)\1(\s*\()?/gi;
/** FROM or JOIN followed by something other than a name (a subquery, a quoted expression). */
const NOT_A_NAME = /\b(?:FROM|JOIN)\s+(?!"?[A-Za-z_])/i;
/** Anything whose answer depends on when, how often or by whom it runs. */
const VOLATILE =
  /\b(?:now|random|nextval|currval|setval|lastval|clock_timestamp|statement_timestamp|transaction_timestamp|timeofday|gen_random_uuid|randomblob|datetime|date|time|julianday|strftime|unixepoch|age|current_setting|txid_current|pg_[a-z_]+)\s*\(|\b(?:current_date|current_time|current_timestamp|localtime|localtimestamp|current_user|current_role|current_schema|current_catalog|session_user|user)\b|'\s*(?:now|today|tomorrow|yesterday)\s*'/i;
/** `TABLE name`, PostgreSQL's short SELECT, names a table without FROM. */
const TABLE_COMMAND = /\bTABLE\s/i;
const SELECT = /^\s*SELECT\b/i;
const LOCKING = /\bFOR\s+(?:UPDATE|SHARE|NO\s+KEY\s+UPDATE|KEY\s+SHARE)\b/i;
/** Words that end a FROM clause at its own depth of parentheses. */
const FROM_ENDS = new Set([
  'WHERE',
  'GROUP',
  'ORDER',
  'LIMIT',
  'OFFSET',
  'HAVING',
  'UNION',
  'EXCEPT',
  'INTERSECT',
  'WINDOW',
  'FOR',
  'FETCH',
]);

/**
 * Whether a FROM clause lists two sources with a comma (`FROM a x, b y`, `JOIN b ON …, c`): the one
 * after the comma is not preceded by FROM or JOIN, so SOURCE would not see it. Read token by token
 * with the depth of parentheses, string literals taken out (a comma inside `IN (1, 2)` or a
 * function's arguments is not one of the clause's).
 */
function commaInFrom(text: string): boolean {
  const tokens = text.replace(/'(?:[^']|'')*'/g, "''").match(/"(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_$]*|\S/g) ?? [];
  const outer: boolean[] = [];
  let inFrom = false;
  for (const tok of tokens) {
    const word = tok.toUpperCase();
    if (tok === '(') {
      outer.push(inFrom);
      inFrom = false;
    } else if (tok === ')') inFrom = outer.pop() ?? false;
    else if (word === 'FROM') inFrom = true;
    else if (FROM_ENDS.has(word)) inFrom = false;
    else if (inFrom && tok === ',') return true;
  }
  return false;
}

const JUDGED_MAX = 2_000;

/**
 * `judge`, answered from memory for a statement text seen before: the app's statement texts are
 * few, each asked thousands of times (bounded all the same, for texts built with varying lengths).
 */
export function perText<T>(judgeText: (text: string) => T): (text: string) => T {
  const judged = new Map<string, T>();
  return (text) => {
    if (judged.has(text)) return judged.get(text) as T;
    const answer = judgeText(text);
    if (judged.size >= JUDGED_MAX) judged.clear();
    judged.set(text, answer);
    return answer;
  };
}

/** Whether the statement reads only stamped tables, and would read the same under the same stamp. */
export const isStableRead: (text: string) => boolean = perText((text) => judge(text));

function judge(text: string): boolean {
  if (!SELECT.test(text) || LOCKING.test(text) || VOLATILE.test(text) || TABLE_COMMAND.test(text)) return false;
  if (NOT_A_NAME.test(text) || commaInFrom(text)) return false;
  let sources = 0;
  for (const m of text.matchAll(SOURCE)) {
    if (m[3] !== undefined || !STAMPED_TABLES.has(m[2]!.toLowerCase())) return false;
    sources++;
  }
  return sources > 0;
}

/** Kept reads, good for as long as the stamp they were read under is the database's. */
export interface StableStore {
  /** Called with the stamp read under the lock at the start of each write transaction. */
  begin(stamp: string | null): void;
  get(key: string): unknown;
  has(key: string): boolean;
  set(key: string, value: unknown): void;
}

/** Distinct kept reads; past it, the store starts afresh (the catalogue's reads are a few dozen). */
const MAX_KEPT = 500;

export function stableStore(): StableStore {
  let stamp: string | null = null;
  const kept = new Map<string, unknown>();
  return {
    begin(s) {
      if (s !== stamp || s === null) kept.clear();
      stamp = s;
    },
    get: (key) => kept.get(key),
    has: (key) => stamp !== null && kept.has(key),
    set(key, value) {
      if (stamp === null) return;
      if (kept.size >= MAX_KEPT) kept.clear();
      kept.set(key, value);
    },
  };
}
