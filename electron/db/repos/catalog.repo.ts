import type {
  FundSource,
  Institution,
  LevelHours,
  Occupation,
  Plan,
  SubsidyStandard,
} from '../../../shared/contract/schemas/catalog';
import type { TrustBundle } from '../../../shared/contract/schemas/keys';
import type { SkillLevelCode } from '../../../shared/catalog/skillLevels';
import type { Queryable, WriteTx } from '../driver/types';
import { sql } from '../sql';

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

const PLAN_SELECT = sql`
  SELECT p.*,
    (SELECT ${sql.groupConcat(sql`group_code`)} FROM plan_group g WHERE g.plan_id = p.id) AS groups,
    (SELECT ${sql.jsonArrayAgg(sql.jsonObject({ occupationCode: sql`occupation_code`, target: sql`target` }))}
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

export async function listPlans(db: Queryable): Promise<Plan[]> {
  return ((await db.all(sql`${PLAN_SELECT} ORDER BY p.sort, p.id`)) as PlanRow[]).map(toPlan);
}

export async function getPlan(db: Queryable, id: number): Promise<Plan | undefined> {
  const r = (await db.get(sql`${PLAN_SELECT} WHERE p.id = ${id}`)) as PlanRow | undefined;
  return r && toPlan(r);
}

export async function savePlan(
  db: WriteTx,
  p: Omit<Plan, 'id' | 'subtargets'> & { id?: number | undefined },
): Promise<number> {
  const params = { ...p, active: p.active ? 1 : 0, lead_unit: p.leadUnit, pays_on: p.paysOn };
  let id = p.id;
  if (id) {
    await db.run(
      sql`UPDATE plan SET code = ${params.code}, name = ${params.name}, lead_unit = ${params.lead_unit}, target = ${params.target}, kind = ${params.kind}, pays_on = ${params.pays_on}, active = ${params.active} WHERE id = ${id}`,
    );
  } else {
    id = Number(
      await db.value(sql`INSERT INTO plan (code, name, lead_unit, target, kind, pays_on, active, sort)
           VALUES (${params.code}, ${params.name}, ${params.lead_unit}, ${params.target}, ${params.kind}, ${params.pays_on}, ${params.active}, (SELECT coalesce(max(sort), 0) + 1 FROM plan)) RETURNING id`),
    );
  }
  await db.run(sql`DELETE FROM plan_group WHERE plan_id = ${id}`);
  for (const g of new Set(p.groups))
    await db.run(sql`INSERT INTO plan_group (plan_id, group_code) VALUES (${id}, ${g})`);
  return id;
}

export async function listOccupations(db: Queryable): Promise<Occupation[]> {
  return (
    (await db.all(sql`SELECT code, name, category, active FROM occupation ORDER BY category, code`)) as (Omit<
      Occupation,
      'active'
    > & { active: number })[]
  ).map((o) => ({ ...o, active: o.active === 1 }));
}

export async function getOccupation(db: Queryable, code: string): Promise<Occupation | undefined> {
  const o = (await db.get(sql`SELECT code, name, category, active FROM occupation WHERE code = ${code}`)) as
    (Omit<Occupation, 'active'> & { active: number }) | undefined;
  return o && { ...o, active: o.active === 1 };
}

export async function saveOccupation(db: WriteTx, o: Occupation): Promise<void> {
  await db.run(sql`INSERT INTO occupation (code, name, category, active) VALUES (${o.code}, ${o.name}, ${o.category}, ${o.active ? 1 : 0})
     ON CONFLICT (code) DO UPDATE SET name = excluded.name, category = excluded.category, active = excluded.active`);
}

const STANDARD_COLUMNS = sql`id, plan_id AS "planId", occupation_code AS "occupationCode", level, amount_fen AS "amountFen",
  valid_from AS "validFrom", valid_to AS "validTo"`;

export async function listStandards(db: Queryable): Promise<SubsidyStandard[]> {
  return (await db.all(
    sql`SELECT ${STANDARD_COLUMNS} FROM subsidy_standard ORDER BY level, occupation_code, valid_from`,
  )) as SubsidyStandard[];
}

export async function getStandard(db: Queryable, id: number): Promise<SubsidyStandard | undefined> {
  return (await db.get(sql`SELECT ${STANDARD_COLUMNS} FROM subsidy_standard WHERE id = ${id}`)) as
    SubsidyStandard | undefined;
}

export async function saveStandard(
  db: WriteTx,
  s: Omit<SubsidyStandard, 'id'> & { id?: number | undefined },
): Promise<number> {
  if (s.id) {
    await db.run(sql`UPDATE subsidy_standard SET plan_id = ${s.planId}, occupation_code = ${s.occupationCode}, level = ${s.level},
       amount_fen = ${s.amountFen}, valid_from = ${s.validFrom}, valid_to = ${s.validTo} WHERE id = ${s.id}`);
    return s.id;
  }
  return Number(
    Number(
      await db.value(sql`INSERT INTO subsidy_standard (plan_id, occupation_code, level, amount_fen, valid_from, valid_to)
         VALUES (${s.planId}, ${s.occupationCode}, ${s.level}, ${s.amountFen}, ${s.validFrom}, ${s.validTo}) RETURNING id`),
    ),
  );
}

/** The most specific standard in force on the date: plan + occupation, then occupation, then plan, then level only. */
export async function findStandard(
  db: Queryable,
  planId: number,
  occupationCode: string,
  level: SkillLevelCode,
  on: string,
): Promise<SubsidyStandard | undefined> {
  return (await db.get(sql`SELECT ${STANDARD_COLUMNS} FROM subsidy_standard
       WHERE level = ${level} AND valid_from <= ${on} AND (valid_to IS NULL OR valid_to >= ${on})
         AND (plan_id IS NULL OR plan_id = ${planId}) AND (occupation_code IS NULL OR occupation_code = ${occupationCode})
       ORDER BY CASE WHEN occupation_code IS NOT NULL THEN 2 ELSE 0 END + CASE WHEN plan_id IS NOT NULL THEN 1 ELSE 0 END DESC,
         valid_from DESC LIMIT 1`)) as SubsidyStandard | undefined;
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

const INSTITUTION_SELECT = sql`
  SELECT i.*, (SELECT ${sql.jsonArrayAgg(sql.jsonObject({ occupationCode: sql`occupation_code`, level: sql`level` }))}
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

export async function listInstitutions(db: Queryable): Promise<Institution[]> {
  return ((await db.all(sql`${INSTITUTION_SELECT} ORDER BY i.status, i.code`)) as InstitutionRow[]).map(toInstitution);
}

export async function getInstitution(db: Queryable, id: number): Promise<Institution | undefined> {
  const r = (await db.get(sql`${INSTITUTION_SELECT} WHERE i.id = ${id}`)) as InstitutionRow | undefined;
  return r && toInstitution(r);
}

export async function findInstitutionByCode(db: Queryable, code: string): Promise<Institution | undefined> {
  const r = (await db.get(sql`${INSTITUTION_SELECT} WHERE i.code = ${code}`)) as InstitutionRow | undefined;
  return r && toInstitution(r);
}

export async function saveInstitution(
  db: WriteTx,
  i: Omit<Institution, 'id'> & { id?: number | undefined },
): Promise<number> {
  const p = { ...i, contact_person: i.contactPerson, contact_phone: i.contactPhone, township_code: i.townshipCode };
  let id = i.id;
  if (id) {
    await db.run(sql`UPDATE institution SET code = ${p.code}, name = ${p.name}, address = ${p.address}, nature = ${p.nature}, contact_person = ${p.contact_person},
       contact_phone = ${p.contact_phone}, township_code = ${p.township_code}, status = ${p.status} WHERE id = ${id}`);
  } else {
    id = Number(
      await db.value(sql`INSERT INTO institution (code, name, address, nature, contact_person, contact_phone, township_code, status)
           VALUES (${p.code}, ${p.name}, ${p.address}, ${p.nature}, ${p.contact_person}, ${p.contact_phone}, ${p.township_code}, ${p.status}) RETURNING id`),
    );
  }
  await db.run(sql`DELETE FROM institution_approval WHERE institution_id = ${id}`);
  for (const a of i.approvals)
    await db.run(sql`INSERT INTO institution_approval (institution_id, occupation_code, level)
      VALUES (${id}, ${a.occupationCode}, ${a.level}) ON CONFLICT DO NOTHING`);
  return id;
}

export async function isApproved(
  db: Queryable,
  institutionId: number,
  occupationCode: string,
  level: string,
): Promise<boolean> {
  return (
    (await db.get(
      sql`SELECT 1 FROM institution_approval WHERE institution_id = ${institutionId} AND occupation_code = ${occupationCode} AND level = ${level}`,
    )) !== undefined
  );
}

export async function listFundSources(db: Queryable): Promise<FundSource[]> {
  return (await db.all(sql`SELECT code, name FROM fund_source ORDER BY code`)) as FundSource[];
}

/** 最低学时 of every level, in the order of the catalogue's levels. */
export async function listLevelHours(db: Queryable): Promise<LevelHours[]> {
  return (await db.all(sql`SELECT level, min_hours AS "minHours" FROM level_min_hours
     ORDER BY CASE level WHEN 'L5' THEN 1 WHEN 'L4' THEN 2 WHEN 'L3' THEN 3 WHEN 'L2' THEN 4 WHEN 'L1' THEN 5
                         WHEN 'special' THEN 6 WHEN 'qualified' THEN 7 ELSE 8 END`)) as LevelHours[];
}

/** The minimum planned hours of a class of `level`; 1 for a level without one. */
export async function levelMinHours(db: Queryable, level: string): Promise<number> {
  return (
    ((await db.value(sql`SELECT min_hours FROM level_min_hours WHERE level = ${level}`)) as number | undefined) ?? 1
  );
}

export async function saveLevelHours(db: WriteTx, h: LevelHours): Promise<void> {
  await db.run(sql`INSERT INTO level_min_hours (level, min_hours) VALUES (${h.level}, ${h.minHours})
     ON CONFLICT (level) DO UPDATE SET min_hours = excluded.min_hours`);
}

export async function fundSourceExists(db: Queryable, code: string): Promise<boolean> {
  return (await db.get(sql`SELECT 1 FROM fund_source WHERE code = ${code}`)) !== undefined;
}

/**
 * An institution install takes the bureau's catalogue from the trust bundle: occupations by name,
 * institutions under the bureau's ids, and their approvals.
 */
export async function adoptTrustCatalog(db: WriteTx, catalog: TrustBundle['catalog']): Promise<void> {
  for (const [code, name] of Object.entries(catalog.occupations)) {
    await db.run(sql`INSERT INTO occupation (code, name) VALUES (${code}, ${name})
      ON CONFLICT (code) DO UPDATE SET name = excluded.name`);
  }
  for (const [id, i] of Object.entries(catalog.institutions)) {
    await db.run(sql`INSERT INTO institution (id, code, name, status)
      VALUES (${Number(id)}, ${i.code}, ${i.name}, ${i.status === 'suspended' ? 'suspended' : 'active'})
      ON CONFLICT (id) DO UPDATE SET code = excluded.code, name = excluded.name, status = excluded.status`);
    for (const a of i.approvals) {
      const [occupation, level] = a.split('|');
      await db.run(sql`INSERT INTO institution_approval (institution_id, occupation_code, level)
        VALUES (${Number(id)}, ${occupation ?? ''}, ${level ?? ''}) ON CONFLICT DO NOTHING`);
    }
  }
}
