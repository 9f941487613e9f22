import type { Settings } from '../../../shared/contract/schemas/settings';
import type { Db } from '../connection';
import { prep } from '../prepared';

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

export function getSettings(db: Db): Settings {
  const rows = prep(db, 'SELECT key, value FROM setting').all() as { key: string; value: string }[];
  const out: Record<string, unknown> = { ...DEFAULTS };
  for (const { key, value } of rows) {
    if (key in DEFAULTS) out[key] = NUMERIC.has(key as keyof Settings) ? Number(value) : value;
  }
  return out as unknown as Settings;
}

export function setSetting(db: Db, key: keyof Settings, value: string | number): void {
  prep(db, 'INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    key,
    String(value),
  );
}
