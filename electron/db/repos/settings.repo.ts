import type { Settings } from '../../../shared/contract/schemas/settings';
import type { Queryable, WriteTx } from '../driver/types';
import { sql } from '../sql';

const DEFAULTS: Settings = {
  jurisdictionCode: '530523',
  jurisdictionName: '龙陵县',
  bureauName: '龙陵县人力资源和社会保障局',
  idleLockMinutes: 10,
  sessionMaxHours: 12,
  voucherValidityDays: 90,
  minAttendancePct: 80,
  ruleAgeMin: 16,
  ruleAgeMaxMale: 60,
  ruleAgeMaxFemale: 55,
  ruleMaxPerYear: 3,
  settleFullAttendancePct: 80,
  settlePartialRatePct: 0,
  targetPersonTimes: 10000,
  targetSkilled: 20000,
  targetHighSkill: 1000,
  spikeFactor: 3,
  spikeMin: 20,
  farRedemptionKm: 40,
  backupDir: '',
  backupKeep: 7,
  lastBackupAt: '',
};

const NUMERIC = new Set<keyof Settings>([
  'idleLockMinutes',
  'sessionMaxHours',
  'voucherValidityDays',
  'minAttendancePct',
  'ruleAgeMin',
  'ruleAgeMaxMale',
  'ruleAgeMaxFemale',
  'ruleMaxPerYear',
  'settleFullAttendancePct',
  'settlePartialRatePct',
  'targetPersonTimes',
  'targetSkilled',
  'targetHighSkill',
  'spikeFactor',
  'spikeMin',
  'farRedemptionKm',
  'backupKeep',
]);

export async function getSettings(db: Queryable): Promise<Settings> {
  const rows = (await db.all(sql`SELECT key, value FROM setting`)) as { key: string; value: string }[];
  const out: Record<string, unknown> = { ...DEFAULTS };
  for (const { key, value } of rows) {
    if (key in DEFAULTS) out[key] = NUMERIC.has(key as keyof Settings) ? Number(value) : value;
  }
  return out as unknown as Settings;
}

/**
 * The two settings every call's session check needs, read by their keys: the dispatcher asks for
 * them with every request, and the whole table is more than it needs.
 */
export async function sessionSettings(db: Queryable): Promise<Pick<Settings, 'idleLockMinutes' | 'sessionMaxHours'>> {
  const keys = ['idleLockMinutes', 'sessionMaxHours'] as const;
  const rows = await db.all<{ key: string; value: string }>(
    sql`SELECT key, value FROM setting WHERE key IN ${sql.in([...keys])}`,
  );
  const out = { idleLockMinutes: DEFAULTS.idleLockMinutes, sessionMaxHours: DEFAULTS.sessionMaxHours };
  for (const { key, value } of rows) out[key as (typeof keys)[number]] = Number(value);
  return out;
}

export async function setSetting(db: WriteTx, key: keyof Settings, value: string | number): Promise<void> {
  await db.run(
    sql`INSERT INTO setting (key, value) VALUES (${key}, ${String(value)}) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  );
}
