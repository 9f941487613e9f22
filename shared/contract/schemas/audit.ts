import { z } from 'zod';
import { Paging, type Page } from './common';

export const AuditListInput = z
  .object({
    q: z.string().trim().max(100).optional(),
    entity: z.string().max(50).optional(),
    entityId: z.string().max(50).optional(),
    from: z.string().optional(),
    to: z.string().optional(),
    ...Paging,
  })
  .strict();

export interface AuditRow {
  id: number;
  at: string;
  userId: number | null;
  username: string | null;
  /** The account's name (张伟), shown instead of the login name; null for the app's own tasks. */
  displayName: string | null;
  channel: string;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

/** 按号码核对: an ID number or a mobile number typed by an admin, checked against the log's fingerprints. */
export const AuditPersonInput = z
  .object({
    value: z
      .string({ error: '请输入身份证号或手机号码' })
      .trim()
      .min(1, '请输入身份证号或手机号码')
      .max(40, '号码过长'),
    ...Paging,
  })
  .strict();

export interface AuditPersonResult extends Page<AuditRow> {
  kind: 'idNumber' | 'phone';
  /** The typed number as the log shows it. */
  masked: string;
  /** Its keyed fingerprint, as stored beside the mask (`idNumberFp`, `phoneFp`). */
  fingerprint: string;
}

/** A witness file (见证文件, the text of a `.witness.json`) to check the database against. */
export const AuditVerifyInput = z
  .object({ witness: z.string().max(20_000, '见证文件过大，不是本程序的见证文件').optional() })
  .strict();

/** What a check covered, said whether it passed or not. */
export interface AuditVerifyInfo {
  /** Rows checked from the first, in order. */
  rows: number;
  /** First row chained with the install secret's audit key (earlier rows: public SHA-256); null if none is. */
  keyedFrom: number | null;
  /** Whether the keyed rows' contents were checked with the key (needs the secret file). */
  keyChecked: boolean;
  /** Signed heads kept in the database that were checked. */
  witnesses: number;
  /** The witness file that was checked against, when one was given. */
  witness: { row: number; at: string; kind: string } | null;
  /** What could not be checked and why, in Chinese; empty when everything was. */
  limits: string[];
}

export type AuditVerifyResult =
  ({ ok: true } & AuditVerifyInfo) | ({ ok: false; firstBadRow: number; reason: string } & AuditVerifyInfo);
