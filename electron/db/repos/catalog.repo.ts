import type {
  FundSource,
  Institution,
  LevelHours,
  Occupation,
  Plan,
  SubsidyStandard,
} from '../../../shared/contract/schemas/catalog';
import type { SkillLevelCode } from '../../../shared/catalog/skillLevels';
import type { Db } from '../connection';
import { prep } from '../prepared';

interface PlanRow {
  id: number;
  code: string;
  name: string;
  lead_unit: string;
  target: number | null;
  kind: Plan['kind'];
  pays_on: Plan['paysOn'];
  active: 0 | 1;
  groups: string | null;
  subtargets: string | null;
}

const PLAN_SELECT = `
  SELECT p.*,
    (SELECT group_concat(group_code) FROM plan_group g WHERE g.plan_id = p.id) AS groups,
    (SELECT json_group_array(json_object('occupationCode', occupation_code, 'target', target))
       FROM plan_subtarget s WHERE s.plan_id = p.id) AS subtargets
  FROM plan p`;

function toPlan(r: PlanRow): Plan {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    leadUnit: r.lead_unit,
    target: r.target,
    kind: r.kind,
    paysOn: r.pays_on,
    active: r.active === 1,
    groups: r.groups ? r.groups.split(',') : [],
    subtargets: r.subtargets ? (JSON.parse(r.subtargets) as Plan['subtargets']) : [],
  };
}

export function listPlans(db: Db): Plan[] {
  return (prep(db, `${PLAN_SELECT} ORDER BY p.sort, p.id`).all() as PlanRow[]).map(toPlan);
}

export function getPlan(db: Db, id: number): Plan | undefined {
  const r = prep(db, `${PLAN_SELECT} WHERE p.id = ?`).get(id) as PlanRow | undefined;
  return r && toPlan(r);
}

export function savePlan(db: Db, p: Omit<Plan, 'id' | 'subtargets'> & { id?: number | undefined }): number {
  const params = { ...p, active: p.active ? 1 : 0, lead_unit: p.leadUnit, pays_on: p.paysOn };
  let id = p.id;
  if (id) {
    prep(
      db,
      'UPDATE plan SET code = @code, name = @name, lead_unit = @lead_unit, target = @target, kind = @kind, pays_on = @pays_on, active = @active WHERE id = @id',
    ).run({ ...params, id });
  } else {
    id = Number(
      prep(
        db,
        `INSERT INTO plan (code, name, lead_unit, target, kind, pays_on, active, sort)
           VALUES (@code, @name, @lead_unit, @target, @kind, @pays_on, @active, (SELECT coalesce(max(sort), 0) + 1 FROM plan))`,
      ).run(params).lastInsertRowid,
    );
  }
  prep(db, 'DELETE FROM plan_group WHERE plan_id = ?').run(id);
  const ins = prep(db, 'INSERT INTO plan_group (plan_id, group_code) VALUES (?, ?)');
  for (const g of new Set(p.groups)) ins.run(id, g);
  return id;
}

export function listOccupations(db: Db): Occupation[] {
  return (
    prep(db, 'SELECT code, name, category, active FROM occupation ORDER BY category, code').all() as (Omit<
      Occupation,
      'active'
    > & { active: number })[]
  ).map((o) => ({ ...o, active: o.active === 1 }));
}

export function getOccupation(db: Db, code: string): Occupation | undefined {
  const o = prep(db, 'SELECT code, name, category, active FROM occupation WHERE code = ?').get(code) as
    (Omit<Occupation, 'active'> & { active: number }) | undefined;
  return o && { ...o, active: o.active === 1 };
}

export function saveOccupation(db: Db, o: Occupation): void {
  prep(
    db,
    `INSERT INTO occupation (code, name, category, active) VALUES (@code, @name, @category, @active)
     ON CONFLICT (code) DO UPDATE SET name = excluded.name, category = excluded.category, active = excluded.active`,
  ).run({ ...o, active: o.active ? 1 : 0 });
}

const STANDARD_COLUMNS = `id, plan_id AS planId, occupation_code AS occupationCode, level, amount_fen AS amountFen,
  valid_from AS validFrom, valid_to AS validTo`;

export function listStandards(db: Db): SubsidyStandard[] {
  return prep(
    db,
    `SELECT ${STANDARD_COLUMNS} FROM subsidy_standard ORDER BY level, occupation_code, valid_from`,
  ).all() as SubsidyStandard[];
}

export function getStandard(db: Db, id: number): SubsidyStandard | undefined {
  return prep(db, `SELECT ${STANDARD_COLUMNS} FROM subsidy_standard WHERE id = ?`).get(id) as
    SubsidyStandard | undefined;
}

export function saveStandard(db: Db, s: Omit<SubsidyStandard, 'id'> & { id?: number | undefined }): number {
  if (s.id) {
    prep(
      db,
      `UPDATE subsidy_standard SET plan_id = @planId, occupation_code = @occupationCode, level = @level,
       amount_fen = @amountFen, valid_from = @validFrom, valid_to = @validTo WHERE id = @id`,
    ).run(s);
    return s.id;
  }
  return Number(
    prep(
      db,
      `INSERT INTO subsidy_standard (plan_id, occupation_code, level, amount_fen, valid_from, valid_to)
         VALUES (@planId, @occupationCode, @level, @amountFen, @validFrom, @validTo)`,
    ).run(s).lastInsertRowid,
  );
}

/** The most specific standard in force on the date: plan + occupation, then occupation, then plan, then level only. */
export function findStandard(
  db: Db,
  planId: number,
  occupationCode: string,
  level: SkillLevelCode,
  on: string,
): SubsidyStandard | undefined {
  return prep(
    db,
    `SELECT ${STANDARD_COLUMNS} FROM subsidy_standard
       WHERE level = @level AND valid_from <= @on AND (valid_to IS NULL OR valid_to >= @on)
         AND (plan_id IS NULL OR plan_id = @planId) AND (occupation_code IS NULL OR occupation_code = @occupationCode)
       ORDER BY (occupation_code IS NOT NULL) * 2 + (plan_id IS NOT NULL) DESC, valid_from DESC LIMIT 1`,
  ).get({ planId, occupationCode, level, on }) as SubsidyStandard | undefined;
}

interface InstitutionRow {
  id: number;
  code: string;
  name: string;
  address: string;
  nature: Institution['nature'];
  contact_person: string;
  contact_phone: string;
  township_code: string | null;
  status: Institution['status'];
  approvals: string;
}

const INSTITUTION_SELECT = `
  SELECT i.*, (SELECT json_group_array(json_object('occupationCode', occupation_code, 'level', level))
               FROM institution_approval a WHERE a.institution_id = i.id) AS approvals
  FROM institution i`;

function toInstitution(r: InstitutionRow): Institution {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    address: r.address,
    nature: r.nature,
    contactPerson: r.contact_person,
    contactPhone: r.contact_phone,
    townshipCode: r.township_code,
    status: r.status,
    approvals: JSON.parse(r.approvals) as { occupationCode: string; level: SkillLevelCode }[],
  };
}

export function listInstitutions(db: Db): Institution[] {
  return (prep(db, `${INSTITUTION_SELECT} ORDER BY i.status, i.code`).all() as InstitutionRow[]).map(toInstitution);
}

export function getInstitution(db: Db, id: number): Institution | undefined {
  const r = prep(db, `${INSTITUTION_SELECT} WHERE i.id = ?`).get(id) as InstitutionRow | undefined;
  return r && toInstitution(r);
}

export function findInstitutionByCode(db: Db, code: string): Institution | undefined {
  const r = prep(db, `${INSTITUTION_SELECT} WHERE i.code = ?`).get(code) as InstitutionRow | undefined;
  return r && toInstitution(r);
}

export function saveInstitution(db: Db, i: Omit<Institution, 'id'> & { id?: number | undefined }): number {
  const p = { ...i, contact_person: i.contactPerson, contact_phone: i.contactPhone, township_code: i.townshipCode };
  let id = i.id;
  if (id) {
    prep(
      db,
      `UPDATE institution SET code = @code, name = @name, address = @address, nature = @nature, contact_person = @contact_person,
       contact_phone = @contact_phone, township_code = @township_code, status = @status WHERE id = @id`,
    ).run({ ...p, id });
  } else {
    id = Number(
      prep(
        db,
        `INSERT INTO institution (code, name, address, nature, contact_person, contact_phone, township_code, status)
           VALUES (@code, @name, @address, @nature, @contact_person, @contact_phone, @township_code, @status)`,
      ).run(p).lastInsertRowid,
    );
  }
  prep(db, 'DELETE FROM institution_approval WHERE institution_id = ?').run(id);
  const ins = prep(
    db,
    'INSERT OR IGNORE INTO institution_approval (institution_id, occupation_code, level) VALUES (?, ?, ?)',
  );
  for (const a of i.approvals) ins.run(id, a.occupationCode, a.level);
  return id;
}

export function isApproved(db: Db, institutionId: number, occupationCode: string, level: string): boolean {
  return (
    prep(db, 'SELECT 1 FROM institution_approval WHERE institution_id = ? AND occupation_code = ? AND level = ?').get(
      institutionId,
      occupationCode,
      level,
    ) !== undefined
  );
}

export function listFundSources(db: Db): FundSource[] {
  return prep(db, 'SELECT code, name FROM fund_source ORDER BY rowid').all() as FundSource[];
}

/** 最低学时 of every level, in the order of the catalogue's levels. */
export function listLevelHours(db: Db): LevelHours[] {
  return prep(
    db,
    `SELECT level, min_hours AS minHours FROM level_min_hours
     ORDER BY CASE level WHEN 'L5' THEN 1 WHEN 'L4' THEN 2 WHEN 'L3' THEN 3 WHEN 'L2' THEN 4 WHEN 'L1' THEN 5
                         WHEN 'special' THEN 6 WHEN 'qualified' THEN 7 ELSE 8 END`,
  ).all() as LevelHours[];
}

/** The minimum planned hours of a class of `level`; 1 for a level without one. */
export function levelMinHours(db: Db, level: string): number {
  return (
    (prep(db, 'SELECT min_hours FROM level_min_hours WHERE level = ?').pluck().get(level) as number | undefined) ?? 1
  );
}

export function saveLevelHours(db: Db, h: LevelHours): void {
  prep(
    db,
    `INSERT INTO level_min_hours (level, min_hours) VALUES (@level, @minHours)
     ON CONFLICT (level) DO UPDATE SET min_hours = excluded.min_hours`,
  ).run(h);
}
