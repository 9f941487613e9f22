import type { Migration } from '../migration';

// The 10 townships of 龙陵县 (统计用区划代码) and the default settings. Frozen once landed.
export const m003: Migration = {
  version: 3,
  name: 'seed townships and settings',
  up: `
INSERT OR IGNORE INTO township (code, name, sort) VALUES
  ('530523101', '龙山镇', 1),
  ('530523102', '镇安镇', 2),
  ('530523103', '勐糯镇', 3),
  ('530523104', '腊勐镇', 4),
  ('530523105', '象达镇', 5),
  ('530523201', '龙江乡', 6),
  ('530523203', '碧寨乡', 7),
  ('530523204', '龙新乡', 8),
  ('530523206', '平达乡', 9),
  ('530523207', '木城彝族傈僳族乡', 10);

INSERT OR IGNORE INTO setting (key, value) VALUES
  ('jurisdictionCode', '530523'),
  ('jurisdictionName', '龙陵县'),
  ('bureauName', '龙陵县人力资源和社会保障局'),
  ('idleLockMinutes', '10');
`,
};
