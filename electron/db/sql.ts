// SQL written once for both engines. A query is built with the `sql` tag: values become bound
// parameters (never text spliced into the query), fragments nest, and the few things the engines
// spell differently are named helpers below, resolved when the driver renders the query (`?` for
// SQLite, `$1…` for PostgreSQL). The portable subset every query keeps to is documented in
// electron/db/PORTABLE_SQL.md; tests/db/portableSql.test.ts checks the rules a machine can check.

export type Engine = 'sqlite' | 'pg';

/** What may be bound to a parameter. Booleans are stored as 0/1 integers on both engines. */
export type SqlValue = string | number | bigint | null | Uint8Array;

/** One part of a query that depends on the engine. */
type DialectPart = (engine: Engine) => Sql;

type Piece = { text: string } | { value: SqlValue } | { sql: Sql } | { dialect: DialectPart };

/** A query or a fragment of one. Immutable; render it with `render`. */
export class Sql {
  /** @internal */
  constructor(readonly pieces: readonly Piece[]) {}

  /** The last rendering: the PostgreSQL driver's read cache renders a statement, then runs it. */
  private rendered: { engine: Engine; text: string; values: readonly SqlValue[] } | null = null;

  /** The text and parameters for an engine (a fresh array of values each time: callers may keep it). */
  render(engine: Engine): { text: string; values: SqlValue[] } {
    if (this.rendered?.engine === engine) return { text: this.rendered.text, values: [...this.rendered.values] };
    const values: SqlValue[] = [];
    const out: string[] = [];
    const walk = (s: Sql) => {
      for (const p of s.pieces) {
        if ('text' in p) out.push(p.text);
        else if ('value' in p) {
          values.push(p.value);
          out.push(engine === 'pg' ? `$${values.length}` : '?');
        } else if ('sql' in p) walk(p.sql);
        else walk(p.dialect(engine));
      }
    };
    walk(this);
    const text = out.join('');
    this.rendered = { engine, text, values: [...values] };
    return { text, values };
  }

  /** For messages and tests: the SQLite text. */
  toString(): string {
    return this.render('sqlite').text;
  }
}

function isSql(v: unknown): v is Sql {
  return v instanceof Sql;
}

function toValue(v: unknown): SqlValue {
  if (v === undefined) throw new Error('sql: undefined bound to a parameter (use null)');
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' || v instanceof Uint8Array)
    return v;
  throw new Error(`sql: cannot bind a ${typeof v} (${Object.prototype.toString.call(v)})`);
}

export type SqlArg = Sql | SqlValue | boolean;

/** `sql\`SELECT … WHERE id = ${id}\``: each interpolated value is a parameter, each fragment nests. */
export function sql(strings: TemplateStringsArray, ...args: SqlArg[]): Sql {
  const pieces: Piece[] = [];
  strings.forEach((text, i) => {
    if (text) pieces.push({ text });
    if (i < args.length) {
      const a = args[i];
      pieces.push(isSql(a) ? { sql: a } : { value: toValue(a) });
    }
  });
  return new Sql(pieces);
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

/** Query text that is not a value: only for constants of the code, never for input. */
sql.raw = (text: string): Sql => new Sql([{ text }]);

/** A table or column name chosen by the code (checked: lower-case letters, digits, underscores). */
sql.ident = (name: string): Sql => {
  if (!IDENT.test(name)) throw new Error(`sql.ident: not a plain identifier: ${name}`);
  return new Sql([{ text: name }]);
};

/** The parts joined by a separator (", " by default). */
sql.join = (parts: readonly SqlArg[], separator: Sql = sql`, `): Sql => {
  const pieces: Piece[] = [];
  parts.forEach((p, i) => {
    if (i > 0) pieces.push({ sql: separator });
    pieces.push(isSql(p) ? { sql: p } : { value: toValue(p) });
  });
  return new Sql(pieces);
};

/** Nothing: for optional parts of a query. */
sql.empty = new Sql([]);

/** `(a, b, c)` for `x IN ${sql.in(values)}`; an empty list matches nothing on both engines. */
sql.in = (values: readonly SqlArg[]): Sql => (values.length === 0 ? sql`(NULL)` : sql`(${sql.join(values)})`);

/** Conditions joined with AND, or nothing: `WHERE ${sql.where(conds)}` is avoided with `sql.whereAll`. */
sql.whereAll = (conds: readonly Sql[]): Sql =>
  conds.length === 0 ? sql.empty : sql`WHERE ${sql.join(conds, sql` AND `)}`;

function dialect(part: DialectPart): Sql {
  return new Sql([{ dialect: part }]);
}

/**
 * `string_agg` / `group_concat`: the values of a group joined by `separator`, in the order of the values.
 * Ordered because neither engine promises an order otherwise: SQLite happened to follow the index and
 * PostgreSQL did not, so the same worker's groups came back in a different order (aggregate ORDER BY
 * needs SQLite 3.44, older than the one better-sqlite3 bundles).
 */
sql.groupConcat = (expr: Sql, separator = ','): Sql =>
  dialect((e) =>
    e === 'pg'
      ? sql`string_agg(CAST(${expr} AS TEXT), ${sql.raw(quoteLiteral(separator))} ORDER BY ${expr})`
      : sql`group_concat(${expr}, ${sql.raw(quoteLiteral(separator))} ORDER BY ${expr})`,
  );

/** The distinct values of a group joined with ',' (order not guaranteed). */
sql.groupConcatDistinct = (expr: Sql): Sql =>
  dialect((e) =>
    e === 'pg' ? sql`string_agg(DISTINCT CAST(${expr} AS TEXT), ',')` : sql`group_concat(DISTINCT ${expr})`,
  );

/** A JSON array (as text) of the values of a group, in `orderBy`'s order if given; '[]' when there are none. */
sql.jsonArrayAgg = (expr: Sql, orderBy?: Sql): Sql => {
  const order = orderBy ? sql` ORDER BY ${orderBy}` : sql.empty;
  return dialect((e) =>
    e === 'pg' ? sql`coalesce(CAST(json_agg(${expr}${order}) AS TEXT), '[]')` : sql`json_group_array(${expr}${order})`,
  );
};

/** A JSON object (as text inside an aggregate) built from named expressions. */
sql.jsonObject = (fields: Record<string, Sql>): Sql =>
  dialect((e) => {
    const args = sql.join(Object.entries(fields).flatMap(([k, v]) => [sql.raw(quoteLiteral(k)), v]));
    return e === 'pg' ? sql`json_build_object(${args})` : sql`json_object(${args})`;
  });

/** Case-insensitive LIKE with `\` as the escape character (PostgreSQL's LIKE is case-sensitive). */
sql.ilike = (expr: Sql, pattern: SqlArg): Sql =>
  dialect((e) => (e === 'pg' ? sql`${expr} ILIKE ${pattern} ESCAPE '\\'` : sql`${expr} LIKE ${pattern} ESCAPE '\\'`));

/** Whole days from date `a` to date `b` (ISO 'YYYY-MM-DD…' text), as an integer. */
sql.daysBetween = (a: Sql, b: Sql): Sql =>
  dialect((e) =>
    e === 'pg'
      ? sql`(CAST(substr(${b}, 1, 10) AS DATE) - CAST(substr(${a}, 1, 10) AS DATE))`
      : sql`CAST(julianday(substr(${b}, 1, 10)) - julianday(substr(${a}, 1, 10)) AS INTEGER)`,
  );

/**
 * The day `days` after (or before, when negative) the day starting ISO text `expr`, as 'YYYY-MM-DD'
 * text. For days the app writes itself: an impossible day is an error on PostgreSQL.
 */
sql.addDays = (expr: Sql, days: number): Sql => {
  const n = sql.raw(String(Math.trunc(days)));
  return dialect((e) =>
    e === 'pg'
      ? sql`to_char(CAST(substr(${expr}, 1, 10) AS DATE) + ${n}, 'YYYY-MM-DD')`
      : sql`date(substr(${expr}, 1, 10), ${sql.raw(`'${Math.trunc(days) >= 0 ? '+' : ''}${Math.trunc(days)} days'`)})`,
  );
};

/** The smaller / larger of two values (SQLite's scalar min/max, PostgreSQL's LEAST/GREATEST). */
sql.least = (a: SqlArg, b: SqlArg): Sql => dialect((e) => (e === 'pg' ? sql`LEAST(${a}, ${b})` : sql`min(${a}, ${b})`));
sql.greatest = (a: SqlArg, b: SqlArg): Sql =>
  dialect((e) => (e === 'pg' ? sql`GREATEST(${a}, ${b})` : sql`max(${a}, ${b})`));

/** The 1-based position of `needle` in `haystack`, 0 when absent. */
sql.strpos = (haystack: Sql, needle: SqlArg): Sql =>
  dialect((e) => (e === 'pg' ? sql`strpos(${haystack}, ${needle})` : sql`instr(${haystack}, ${needle})`));

/** Whether the current schema has a table of that name (1 or 0): for files and backups of older versions. */
sql.tableExists = (name: string): Sql => {
  const literal = sql.raw(quoteLiteral(sql.ident(name).toString()));
  return dialect((e) =>
    e === 'pg'
      ? sql`CASE WHEN to_regclass(${literal}) IS NULL THEN 0 ELSE 1 END`
      : sql`EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ${literal})`,
  );
};

/**
 * `FOR UPDATE` at the end of a SELECT on PostgreSQL, where writers beside each other lock the rows
 * they decide on (WriteOptions.shared); nothing on SQLite, whose one writer at a time has them all.
 */
sql.forUpdate = dialect((e) => (e === 'pg' ? sql` FOR UPDATE` : sql.empty));

/** A LIKE pattern that matches `text` literally anywhere: %, _ and \ escaped (use with ESCAPE '\'). */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
}

function quoteLiteral(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}
