import type { Migration } from '../migration';

// The county plan's catalogue: plans and projects with their 2025 targets, occupations,
// subsidy standards, training institutions and fund sources. Frozen once landed.
export const m004: Migration = {
  version: 4,
  name: 'catalogue: plans, occupations, standards, institutions',
  up: `
CREATE TABLE plan (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE CHECK (code GLOB '[a-z]*' AND length(code) <= 40),
  name        TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 50),
  lead_unit   TEXT NOT NULL CHECK (length(lead_unit) BETWEEN 1 AND 50),
  target      INTEGER CHECK (target IS NULL OR target >= 0),
  kind        TEXT NOT NULL CHECK (kind IN ('training', 'talent')),
  pays_on     TEXT NOT NULL DEFAULT 'certified' CHECK (pays_on IN ('completed', 'certified')),
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  sort        INTEGER NOT NULL DEFAULT 0,
  note        TEXT
) STRICT;

-- Only workers in one of these groups may receive a voucher of the plan (none listed: anyone).
CREATE TABLE plan_group (
  plan_id    INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  group_code TEXT NOT NULL,
  PRIMARY KEY (plan_id, group_code)
) STRICT, WITHOUT ROWID;

-- A sub-target such as 养老护理员 certificates within 康养云师傅计划.
CREATE TABLE plan_subtarget (
  plan_id         INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  occupation_code TEXT NOT NULL,
  target          INTEGER NOT NULL CHECK (target >= 0),
  PRIMARY KEY (plan_id, occupation_code)
) STRICT, WITHOUT ROWID;

CREATE TABLE occupation (
  code     TEXT PRIMARY KEY CHECK (code GLOB '[0-9]-[0-9][0-9]-[0-9][0-9]-[0-9][0-9]' OR code GLOB 'S-[0-9][0-9][0-9]'),
  name     TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 40),
  category TEXT NOT NULL DEFAULT '',
  active   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE subsidy_standard (
  id              INTEGER PRIMARY KEY,
  plan_id         INTEGER REFERENCES plan(id),
  occupation_code TEXT REFERENCES occupation(code),
  level           TEXT NOT NULL CHECK (level IN ('L5', 'L4', 'L3', 'L2', 'L1', 'special', 'qualified', 'syb')),
  amount_fen      INTEGER NOT NULL CHECK (amount_fen > 0 AND amount_fen <= 10000000),
  valid_from      TEXT NOT NULL CHECK (valid_from GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  valid_to        TEXT CHECK (valid_to IS NULL OR valid_to >= valid_from)
) STRICT;
CREATE INDEX subsidy_standard_lookup ON subsidy_standard(level, occupation_code, plan_id);

ALTER TABLE institution ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE institution ADD COLUMN nature TEXT NOT NULL DEFAULT 'private' CHECK (nature IN ('public', 'private', 'enterprise', 'school'));
ALTER TABLE institution ADD COLUMN contact_person TEXT NOT NULL DEFAULT '';
ALTER TABLE institution ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE institution ADD COLUMN township_code TEXT REFERENCES township(code);

CREATE TABLE institution_approval (
  institution_id  INTEGER NOT NULL REFERENCES institution(id) ON DELETE CASCADE,
  occupation_code TEXT NOT NULL REFERENCES occupation(code),
  level           TEXT NOT NULL CHECK (level IN ('L5', 'L4', 'L3', 'L2', 'L1', 'special', 'qualified', 'syb')),
  PRIMARY KEY (institution_id, occupation_code, level)
) STRICT, WITHOUT ROWID;

CREATE TABLE fund_source (
  code TEXT PRIMARY KEY CHECK (code GLOB '[a-z]*'),
  name TEXT NOT NULL UNIQUE
) STRICT;

INSERT INTO fund_source (code, name) VALUES
  ('employment_subsidy', '就业补助资金'),
  ('unemployment_insurance', '失业保险基金'),
  ('local_fiscal', '县级财政资金');

INSERT INTO plan (code, name, lead_unit, target, kind, pays_on, sort) VALUES
  ('skills_upgrade', '职业技能提升行动', '县人力资源和社会保障局', 10000, 'training', 'certified', 1),
  ('rural_skills', '乡村振兴技能人才计划', '县农业农村局', 800, 'training', 'certified', 2),
  ('elderly_care', '康养云师傅计划', '县人力资源和社会保障局', 1500, 'training', 'certified', 3),
  ('eco_guard', '生态卫士计划', '县林业和草原局', 4500, 'training', 'completed', 4),
  ('yunpin_craftsman', '云品工匠计划', '县工业信息商务科技局', 800, 'training', 'certified', 5),
  ('malan_flower', '马兰花计划（创业培训）', '县人力资源和社会保障局', 1000, 'training', 'certified', 6),
  ('graduate_skills', '高校毕业生职业技能提升计划', '县人力资源和社会保障局', NULL, 'training', 'certified', 7),
  ('apprenticeship', '企业新型学徒制', '县人力资源和社会保障局', 500, 'training', 'certified', 8),
  ('high_skill', '高技能人才队伍壮大计划', '县人力资源和社会保障局', 1000, 'talent', 'certified', 9),
  ('high_skill_leader', '高技能领军人才计划', '县委组织部', NULL, 'talent', 'certified', 10),
  ('rural_shortage', '乡村振兴紧缺人才', '县农业农村局', 3000, 'talent', 'certified', 11),
  ('culture_tourism', '文化旅游人才', '县文化和旅游局', 300, 'talent', 'certified', 12),
  ('green_energy', '绿色能源产业人才', '县发展和改革局', 300, 'talent', 'certified', 13),
  ('management', '经营管理人才', '县委组织部', 100, 'talent', 'certified', 14),
  ('digital', '数字化人才', '县工业信息商务科技局', 50, 'talent', 'certified', 15),
  ('ecommerce', '电子商务人才', '县工业信息商务科技局', 600, 'talent', 'certified', 16),
  ('international', '对外合作交流人才', '县教育体育局', NULL, 'talent', 'certified', 17);

INSERT INTO plan_group (plan_id, group_code)
  SELECT id, 'forest_ranger' FROM plan WHERE code = 'eco_guard'
  UNION ALL SELECT id, 'graduate' FROM plan WHERE code = 'graduate_skills'
  UNION ALL SELECT id, 'enterprise_employee' FROM plan WHERE code = 'apprenticeship';

INSERT INTO occupation (code, name, category) VALUES
  ('4-10-01-05', '养老护理员', '康养服务'),
  ('4-14-01-03', '健康照护师', '康养服务'),
  ('4-10-01-06', '家政服务员', '康养服务'),
  ('4-10-01-02', '育婴员', '康养服务'),
  ('4-03-02-01', '中式烹调师', '餐饮服务'),
  ('4-03-02-02', '中式面点师', '餐饮服务'),
  ('4-03-02-07', '茶艺师', '餐饮服务'),
  ('6-31-01-03', '电工', '制造与维修'),
  ('6-18-02-04', '焊工', '制造与维修'),
  ('4-12-01-01', '汽车维修工', '制造与维修'),
  ('6-02-06-01', '茶叶加工工', '云品加工'),
  ('6-02-06-03', '评茶员', '云品加工'),
  ('5-05-02-02', '农作物植保员', '农业'),
  ('5-03-01-01', '家畜饲养员', '农业'),
  ('5-05-01-02', '农业经理人', '农业'),
  ('5-02-03-02', '林草有害生物防治员', '林草生态'),
  ('5-02-03-05', '森林消防员', '林草生态'),
  ('5-02-02-01', '护林员', '林草生态'),
  ('4-01-02-02', '电子商务师', '电子商务与数字'),
  ('4-01-02-07', '互联网营销师', '电子商务与数字'),
  ('4-04-05-03', '人工智能训练师', '电子商务与数字'),
  ('4-07-04-01', '导游', '文化旅游'),
  ('4-03-01-02', '客房服务员', '文化旅游'),
  ('6-28-01-14', '光伏发电运维值班员', '绿色能源'),
  ('S-001', '创业培训', '创业');

-- Per-level standards apply to every occupation; technician levels only where listed.
INSERT INTO subsidy_standard (plan_id, occupation_code, level, amount_fen, valid_from) VALUES
  (NULL, NULL, 'L5', 120000, '2025-01-01'),
  (NULL, NULL, 'L4', 150000, '2025-01-01'),
  (NULL, NULL, 'L3', 200000, '2025-01-01'),
  (NULL, NULL, 'special', 80000, '2025-01-01'),
  (NULL, NULL, 'qualified', 60000, '2025-01-01'),
  (NULL, '4-10-01-05', 'L5', 150000, '2025-01-01'),
  (NULL, '4-10-01-05', 'L4', 180000, '2025-01-01'),
  (NULL, '6-31-01-03', 'L2', 300000, '2025-01-01'),
  (NULL, '6-18-02-04', 'L2', 300000, '2025-01-01'),
  (NULL, '4-03-02-01', 'L2', 300000, '2025-01-01'),
  (NULL, '6-31-01-03', 'L1', 350000, '2025-01-01'),
  (NULL, '6-18-02-04', 'L1', 350000, '2025-01-01'),
  ((SELECT id FROM plan WHERE code = 'malan_flower'), 'S-001', 'syb', 100000, '2025-01-01');

INSERT INTO plan_subtarget (plan_id, occupation_code, target)
  SELECT id, '4-10-01-05', 600 FROM plan WHERE code = 'elderly_care';

INSERT OR IGNORE INTO setting (key, value) VALUES
  ('ruleAgeMin', '16'),
  ('ruleAgeMaxMale', '60'),
  ('ruleAgeMaxFemale', '55'),
  ('ruleMaxPerYear', '3'),
  ('voucherValidityDays', '90');
`,
};
