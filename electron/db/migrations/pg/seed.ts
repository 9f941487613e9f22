// The rows a new database starts with, as SQLite's migrations leave them at the baseline (townships
// with their seats, default settings, the catalogue of plans, occupations, standards and fund
// sources, minimum class hours). Written out from a freshly migrated SQLite database, in its row
// order, with its ids; the schema parity test compares every table's rows on both engines. Frozen
// like a migration once landed: later changes to these rows go in a migration's `pg`.

export const SEED_SQL = `
INSERT INTO setting (key, value) VALUES
  ('jurisdictionCode', '530523'),
  ('jurisdictionName', '龙陵县'),
  ('bureauName', '龙陵县人力资源和社会保障局'),
  ('idleLockMinutes', '10'),
  ('ruleAgeMin', '16'),
  ('ruleAgeMaxMale', '60'),
  ('ruleAgeMaxFemale', '55'),
  ('ruleMaxPerYear', '3'),
  ('voucherValidityDays', '90'),
  ('installMode', 'bureau'),
  ('minAttendancePct', '80'),
  ('settleFullAttendancePct', '80'),
  ('settlePartialRatePct', '0'),
  ('targetPersonTimes', '10000'),
  ('targetSkilled', '20000'),
  ('targetHighSkill', '1000'),
  ('spikeFactor', '3'),
  ('spikeMin', '20'),
  ('farRedemptionKm', '40');

INSERT INTO township (code, name, sort, lat, lon) VALUES
  ('530523101', '龙山镇', 1, 24.59, 98.69),
  ('530523102', '镇安镇', 2, 24.77, 98.8),
  ('530523103', '勐糯镇', 3, 24.44, 98.99),
  ('530523104', '腊勐镇', 4, 24.62, 98.92),
  ('530523105', '象达镇', 5, 24.38, 98.83),
  ('530523201', '龙江乡', 6, 24.74, 98.62),
  ('530523203', '碧寨乡', 7, 24.51, 98.82),
  ('530523204', '龙新乡', 8, 24.6, 98.55),
  ('530523206', '平达乡', 9, 24.33, 98.7),
  ('530523207', '木城彝族傈僳族乡', 10, 24.25, 99.03);

INSERT INTO plan (id, code, name, lead_unit, target, kind, pays_on, active, sort, note) VALUES
  (1, 'skills_upgrade', '职业技能提升行动', '县人力资源和社会保障局', 10000, 'training', 'certified', 1, 1, NULL),
  (2, 'rural_skills', '乡村振兴技能人才计划', '县农业农村局', 800, 'training', 'certified', 1, 2, NULL),
  (3, 'elderly_care', '康养云师傅计划', '县人力资源和社会保障局', 1500, 'training', 'certified', 1, 3, NULL),
  (4, 'eco_guard', '生态卫士计划', '县林业和草原局', 4500, 'training', 'completed', 1, 4, NULL),
  (5, 'yunpin_craftsman', '云品工匠计划', '县工业信息商务科技局', 800, 'training', 'certified', 1, 5, NULL),
  (6, 'malan_flower', '马兰花计划（创业培训）', '县人力资源和社会保障局', 1000, 'training', 'certified', 1, 6, NULL),
  (7, 'graduate_skills', '高校毕业生职业技能提升计划', '县人力资源和社会保障局', NULL, 'training', 'certified', 1, 7, NULL),
  (8, 'apprenticeship', '企业新型学徒制', '县人力资源和社会保障局', 500, 'training', 'certified', 1, 8, NULL),
  (9, 'high_skill', '高技能人才队伍壮大计划', '县人力资源和社会保障局', 1000, 'talent', 'certified', 1, 9, NULL),
  (10, 'high_skill_leader', '高技能领军人才计划', '县委组织部', NULL, 'talent', 'certified', 1, 10, NULL),
  (11, 'rural_shortage', '乡村振兴紧缺人才', '县农业农村局', 3000, 'talent', 'certified', 1, 11, NULL),
  (12, 'culture_tourism', '文化旅游人才', '县文化和旅游局', 300, 'talent', 'certified', 1, 12, NULL),
  (13, 'green_energy', '绿色能源产业人才', '县发展和改革局', 300, 'talent', 'certified', 1, 13, NULL),
  (14, 'management', '经营管理人才', '县委组织部', 100, 'talent', 'certified', 1, 14, NULL),
  (15, 'digital', '数字化人才', '县工业信息商务科技局', 50, 'talent', 'certified', 1, 15, NULL),
  (16, 'ecommerce', '电子商务人才', '县工业信息商务科技局', 600, 'talent', 'certified', 1, 16, NULL),
  (17, 'international', '对外合作交流人才', '县教育体育局', NULL, 'talent', 'certified', 1, 17, NULL);

INSERT INTO plan_group (plan_id, group_code) VALUES
  (4, 'forest_ranger'),
  (7, 'graduate'),
  (8, 'enterprise_employee');

INSERT INTO plan_subtarget (plan_id, occupation_code, target) VALUES
  (3, '4-10-01-05', 600);

INSERT INTO occupation (code, name, category, active) VALUES
  ('4-10-01-05', '养老护理员', '康养服务', 1),
  ('4-14-01-03', '健康照护师', '康养服务', 1),
  ('4-10-01-06', '家政服务员', '康养服务', 1),
  ('4-10-01-02', '育婴员', '康养服务', 1),
  ('4-03-02-01', '中式烹调师', '餐饮服务', 1),
  ('4-03-02-02', '中式面点师', '餐饮服务', 1),
  ('4-03-02-07', '茶艺师', '餐饮服务', 1),
  ('6-31-01-03', '电工', '制造与维修', 1),
  ('6-18-02-04', '焊工', '制造与维修', 1),
  ('4-12-01-01', '汽车维修工', '制造与维修', 1),
  ('6-02-06-01', '茶叶加工工', '云品加工', 1),
  ('6-02-06-03', '评茶员', '云品加工', 1),
  ('5-05-02-02', '农作物植保员', '农业', 1),
  ('5-03-01-01', '家畜饲养员', '农业', 1),
  ('5-05-01-02', '农业经理人', '农业', 1),
  ('5-02-03-02', '林草有害生物防治员', '林草生态', 1),
  ('5-02-03-05', '森林消防员', '林草生态', 1),
  ('5-02-02-01', '护林员', '林草生态', 1),
  ('4-01-02-02', '电子商务师', '电子商务与数字', 1),
  ('4-01-02-07', '互联网营销师', '电子商务与数字', 1),
  ('4-04-05-03', '人工智能训练师', '电子商务与数字', 1),
  ('4-07-04-01', '导游', '文化旅游', 1),
  ('4-03-01-02', '客房服务员', '文化旅游', 1),
  ('6-28-01-14', '光伏发电运维值班员', '绿色能源', 1),
  ('S-001', '创业培训', '创业', 1);

INSERT INTO subsidy_standard (id, plan_id, occupation_code, level, amount_fen, valid_from, valid_to) VALUES
  (1, NULL, NULL, 'L5', 120000, '2025-01-01', NULL),
  (2, NULL, NULL, 'L4', 150000, '2025-01-01', NULL),
  (3, NULL, NULL, 'L3', 200000, '2025-01-01', NULL),
  (4, NULL, NULL, 'special', 80000, '2025-01-01', NULL),
  (5, NULL, NULL, 'qualified', 60000, '2025-01-01', NULL),
  (6, NULL, '4-10-01-05', 'L5', 150000, '2025-01-01', NULL),
  (7, NULL, '4-10-01-05', 'L4', 180000, '2025-01-01', NULL),
  (8, NULL, '6-31-01-03', 'L2', 300000, '2025-01-01', NULL),
  (9, NULL, '6-18-02-04', 'L2', 300000, '2025-01-01', NULL),
  (10, NULL, '4-03-02-01', 'L2', 300000, '2025-01-01', NULL),
  (11, NULL, '6-31-01-03', 'L1', 350000, '2025-01-01', NULL),
  (12, NULL, '6-18-02-04', 'L1', 350000, '2025-01-01', NULL),
  (13, 6, 'S-001', 'syb', 100000, '2025-01-01', NULL);

INSERT INTO fund_source (code, name) VALUES
  ('employment_subsidy', '就业补助资金'),
  ('unemployment_insurance', '失业保险基金'),
  ('local_fiscal', '县级财政资金');

INSERT INTO level_min_hours (level, min_hours) VALUES
  ('L1', 56),
  ('L2', 56),
  ('L3', 56),
  ('L4', 56),
  ('L5', 40),
  ('qualified', 40),
  ('special', 24),
  ('syb', 56);
`;
