import { z } from 'zod';

export interface Settings {
  jurisdictionCode: string;
  jurisdictionName: string;
  bureauName: string;
  idleLockMinutes: number;
  /** A session ends this many hours after its login, however active (idle lock aside). */
  sessionMaxHours: number;
  voucherValidityDays: number;
  minAttendancePct: number;
  ruleAgeMin: number;
  ruleAgeMaxMale: number;
  ruleAgeMaxFemale: number;
  ruleMaxPerYear: number;
  /** Settlement: attendance at or above this pays the face value. */
  settleFullAttendancePct: number;
  /** Settlement: the share of face value paid below settleFullAttendancePct (0: nothing is paid). */
  settlePartialRatePct: number;
  targetPersonTimes: number;
  targetSkilled: number;
  targetHighSkill: number;
  /** Anomaly: a day's redemptions at one institution above this multiple of its 28-day daily average… */
  spikeFactor: number;
  /** …and above this many. */
  spikeMin: number;
  /** Anomaly: redemption at an institution this far (km) from the holder's township. */
  farRedemptionKm: number;
  /** Scheduled daily backups go here (e.g. a USB drive); empty: no scheduled backups. */
  backupDir: string;
  /** How many dated backups to keep in backupDir. */
  backupKeep: number;
  /** When the last backup was made (ISO), or empty. Written by the app only. */
  lastBackupAt: string;
}

export const SettingsUpdateInput = z
  .object({
    jurisdictionCode: z
      .string()
      .regex(/^\d{6}$/, '辖区代码应为 6 位数字')
      .optional(),
    jurisdictionName: z.string().trim().min(1).max(30).optional(),
    bureauName: z.string().trim().min(1).max(50).optional(),
    idleLockMinutes: z.number().int().min(1, '锁屏时间至少 1 分钟').max(240, '锁屏时间最多 240 分钟').optional(),
    sessionMaxHours: z.number().int().min(1, '登录有效期至少 1 小时').max(72, '登录有效期最长 72 小时').optional(),
    voucherValidityDays: z.number().int().min(1, '有效期至少 1 天').max(366, '有效期最长 366 天').optional(),
    minAttendancePct: z.number().int().min(0).max(100, '出勤率最高 100%').optional(),
    ruleAgeMin: z.number().int().min(14).max(30).optional(),
    ruleAgeMaxMale: z.number().int().min(40).max(80).optional(),
    ruleAgeMaxFemale: z.number().int().min(40).max(80).optional(),
    ruleMaxPerYear: z.number().int().min(1).max(12).optional(),
    settleFullAttendancePct: z.number().int().min(0).max(100, '出勤率最高 100%').optional(),
    settlePartialRatePct: z.number().int().min(0).max(100, '比例最高 100%').optional(),
    targetPersonTimes: z.number().int().min(0).max(10_000_000).optional(),
    targetSkilled: z.number().int().min(0).max(10_000_000).optional(),
    targetHighSkill: z.number().int().min(0).max(10_000_000).optional(),
    spikeFactor: z.number().int().min(2, '倍数至少为 2').max(50).optional(),
    spikeMin: z.number().int().min(1).max(10_000).optional(),
    farRedemptionKm: z.number().int().min(1).max(2000).optional(),
    backupDir: z.string().trim().max(260, '路径过长').optional(),
    backupKeep: z.number().int().min(1, '至少保留 1 份').max(365, '最多保留 365 份').optional(),
  })
  .strict();

export interface Township {
  code: string;
  name: string;
}

export const BackupRunInput = z.object({ dir: z.string().trim().max(260, '路径过长').optional() }).strict();

export interface BackupStatus {
  dir: string;
  keep: number;
  lastBackupAt: string | null;
  files: { file: string; bytes: number; at: string }[];
  /** Restoring replaces the open database, so it is done with the app closed, from the CLI. */
  restoreCommand: string;
}
