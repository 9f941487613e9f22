// Functions the PostgreSQL schema needs where SQLite has a built-in: they behave like SQLite's for
// every value the app stores, so that a CHECK refuses the same rows and voucher_stat adds up the same
// days on both engines. Part of the PostgreSQL baseline (frozen like a migration once landed).

export const FUNCTIONS_SQL = `
-- SQLite's RAISE(ABORT, message) as a trigger: the message is the trigger's argument, word for word,
-- because the app and its tests recognise some of them.
CREATE FUNCTION longling_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%', TG_ARGV[0];
END $$;

-- json_valid(x): RFC 8259 text (PostgreSQL's json parser), NULL for NULL. No IS JSON before 16.
CREATE FUNCTION longling_json_valid(t text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE STRICT AS $$
BEGIN
  -- An array of plain strings, what the app stores, needs no parser (nor the exception block's
  -- subtransaction, which the CHECK would otherwise pay on every write of a voucher).
  IF t ~ '^\\[("[^"\\\\\\x01-\\x1f]*"(,"[^"\\\\\\x01-\\x1f]*")*)?\\]$' THEN
    RETURN true;
  END IF;
  PERFORM t::json;
  RETURN true;
EXCEPTION WHEN others THEN
  RETURN false;
END $$;

-- json_type(x) with SQLite's names; like SQLite it raises 'malformed JSON' on text that is not JSON.
CREATE FUNCTION longling_json_type(t text) RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
  j json;
BEGIN
  BEGIN
    j := t::json;
  EXCEPTION WHEN others THEN
    RAISE EXCEPTION 'malformed JSON';
  END;
  RETURN CASE json_typeof(j)
    WHEN 'string' THEN 'text'
    WHEN 'boolean' THEN j #>> '{}'
    WHEN 'number' THEN CASE WHEN (j #>> '{}') ~ '[.eE]' THEN 'real' ELSE 'integer' END
    ELSE json_typeof(j)
  END;
END $$;

-- The value column of SQLite's json_each(x) for the string arrays the app stores: each element of
-- an array, each value of an object, or the scalar itself.
CREATE FUNCTION longling_json_values(t text) RETURNS SETOF text LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
  j json := t::json;
BEGIN
  CASE json_typeof(j)
    WHEN 'array' THEN RETURN QUERY SELECT json_array_elements_text(j);
    WHEN 'object' THEN RETURN QUERY SELECT value FROM json_each_text(j);
    ELSE RETURN NEXT j #>> '{}';
  END CASE;
END $$;

-- SQLite's julianday(x) for 'YYYY-MM-DD', optionally followed by 'HH:MM', ':SS', '.fff' and a zone
-- ('Z' or '+08:00'), with the same arithmetic (date.c computeJD) so that an impossible day such as
-- 02-30 rolls over instead of failing, and NULL for anything else. No exception block: it runs for
-- every voucher written.
CREATE FUNCTION longling_julianday(t text) RETURNS double precision LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
  m text[];
  y int; mo int; d int; h int := 0; mi int := 0; s numeric := 0; tz int := 0;
  a int; b int; x1 bigint; x2 bigint; ms bigint;
BEGIN
  m := regexp_match(t,
    '^([0-9]{4})-([0-9]{2})-([0-9]{2})[\\sT]*(?:([0-9]{2}):([0-9]{2})(?::([0-9]{2}(?:\\.[0-9]+)?))?\\s*(?:([Zz])|([+-])([0-9]{2}):([0-9]{2}))?)?\\s*$');
  IF m IS NULL THEN
    RETURN NULL;
  END IF;
  y := m[1]::int; mo := m[2]::int; d := m[3]::int;
  IF mo NOT BETWEEN 1 AND 12 OR d NOT BETWEEN 1 AND 31 THEN
    RETURN NULL;
  END IF;
  IF m[4] IS NOT NULL THEN
    h := m[4]::int; mi := m[5]::int; s := coalesce(m[6]::numeric, 0);
    IF h > 24 OR mi > 59 OR s >= 60 THEN
      RETURN NULL;
    END IF;
    IF m[8] IS NOT NULL THEN
      IF m[9]::int > 14 OR m[10]::int > 59 THEN
        RETURN NULL;
      END IF;
      tz := (m[9]::int * 60 + m[10]::int) * CASE m[8] WHEN '-' THEN -1 ELSE 1 END;
    END IF;
  END IF;
  IF mo <= 2 THEN
    y := y - 1;
    mo := mo + 12;
  END IF;
  a := y / 100;
  b := 2 - a + a / 4;
  x1 := 36525 * (y + 4716) / 100;
  x2 := 306001 * (mo + 1) / 10000;
  ms := trunc((x1 + x2 + d + b - 1524.5) * 86400000)::bigint
        + h * 3600000 + mi * 60000 + trunc(s * 1000 + 0.5)::bigint - tz * 60000;
  RETURN ms / 86400000.0::double precision;
END $$;
`;
