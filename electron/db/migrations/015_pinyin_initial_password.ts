import type { Migration } from '../migration';

// Daily use at the window (issue 16). Frozen once landed.
//
// worker.name_pinyin: the name's pinyin search key (shared/domain/pinyin.ts → pinyinKey), written
// by the repo with every name, so that "yang" or "ylh" finds 杨丽华 in SQL, on both engines. SQL
// cannot compute pinyin: rows older than this version start NULL and the app's housekeeping fills
// them (a partial index finds them at once, and stays empty after that).
//
// app_user.must_change_password: the password was set by an admin (a new account or a reset), so
// the user's first login asks for a new one before anything else. Existing accounts are not asked.
export const m015: Migration = {
  version: 15,
  name: 'pinyin search key of worker names, initial passwords to be changed',
  up: `
ALTER TABLE worker ADD COLUMN name_pinyin TEXT
  CHECK (name_pinyin IS NULL OR (length(name_pinyin) <= 2000 AND name_pinyin NOT GLOB '*[^a-z ]*'));
CREATE INDEX worker_pinyin_missing ON worker(id) WHERE name_pinyin IS NULL;

ALTER TABLE app_user ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0
  CHECK (must_change_password IN (0, 1));
`,
  pg: `
ALTER TABLE worker ADD COLUMN name_pinyin text
  CHECK (name_pinyin IS NULL OR (length(name_pinyin) <= 2000 AND name_pinyin ~ '^[a-z ]*$'));
CREATE INDEX worker_pinyin_missing ON worker (id) WHERE name_pinyin IS NULL;

ALTER TABLE app_user ADD COLUMN must_change_password bigint NOT NULL DEFAULT 0
  CHECK (must_change_password IN (0, 1));
`,
};
