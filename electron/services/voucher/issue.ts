// Turning eligible terms into a signed voucher row. Runs inside the caller's transaction.
import { localDate } from '../../../shared/domain/idNumber';
import { maskName } from '../../../shared/domain/mask';
import { makeFallbackCode, makeSerial, randomSerialNumber } from '../../../shared/domain/serial';
import type { WorkerDetail } from '../../../shared/contract/schemas/worker';
import type { Db } from '../../db/connection';
import { getInstitution } from '../../db/repos/catalog.repo';
import { getSettings } from '../../db/repos/settings.repo';
import { fallbackTaken, insertVoucher, seqTaken, type NewVoucher } from '../../db/repos/voucher.repo';
import { isoNow } from '../../core/clock';
import { actorId, type Ctx } from '../../core/context';
import { AppError } from '../../core/errors';
import { signToText, type Signer } from '../qr/cose';
import { encodeVoucherClaims, holderMac, VOUCHER_PREFIX } from '../qr/voucherClaims';
import type { PreparedTerms } from './eligibility';
import { prep } from '../../db/prepared';

export interface IssueOptions {
  fundSource: string;
  validityDays?: number | undefined;
  batchId?: number | null;
  replacesId?: number | null;
  /** A batch looks these up once and passes them in, rather than once per voucher. */
  jurisdiction?: string;
}

export function today(ctx: Pick<Ctx, 'clock'>): string {
  return localDate(ctx.clock.now());
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function validityDays(db: Db): number {
  return Number(prep(db, "SELECT value FROM setting WHERE key = 'voucherValidityDays'").pluck().get() ?? 90);
}

export function checkFundSource(db: Db, code: string): void {
  if (!prep(db, 'SELECT 1 FROM fund_source WHERE code = ?').get(code)) {
    throw new AppError('VALIDATION', '所选资金来源不存在', { fields: { fundSource: '所选资金来源不存在' } });
  }
}

/**
 * A free serial number for the year, drawn at random: a serial then says nothing about how many
 * vouchers exist or which came before it, so typing neighbours of a known serial finds nothing.
 * A county issues tens of thousands a year out of 999,999, so a draw rarely needs a second try.
 */
export function allocateSerialNumber(db: Db, year: number): number {
  for (let i = 0; i < 64; i++) {
    const n = randomSerialNumber();
    if (!seqTaken(db, year, n)) return n;
  }
  throw new AppError('RULE', `${year} 年可用的券号已不足，请联系系统管理员`);
}

function allocateFallbackCode(db: Db): string {
  for (;;) {
    const code = makeFallbackCode();
    if (!fallbackTaken(db, code)) return code;
  }
}

/** Draws a serial, signs the claims and inserts the voucher; the caller audits. */
export function issueVoucher(
  ctx: Pick<Ctx, 'db' | 'clock' | 'session' | 'secrets'>,
  signer: Signer,
  worker: WorkerDetail,
  prepared: PreparedTerms,
  opts: IssueOptions,
): NewVoucher & { id: number } {
  const { db } = ctx;
  if (prepared.amountFen === null) throw new AppError('RULE', '没有适用的补贴标准');
  const issueDate = today(ctx);
  const expiryDate = addDays(issueDate, (opts.validityDays ?? validityDays(db)) - 1);
  const year = Number(issueDate.slice(0, 4));
  const seq = allocateSerialNumber(db, year);
  const serial = makeSerial(opts.jurisdiction ?? getSettings(db).jurisdictionCode, year, seq);
  const institution = prepared.terms.institutionId ? getInstitution(db, prepared.terms.institutionId) : undefined;
  const qrText = signToText(
    VOUCHER_PREFIX,
    encodeVoucherClaims({
      serial,
      planId: prepared.plan!.id,
      occupation: prepared.terms.occupationCode,
      level: prepared.terms.level,
      amountFen: prepared.amountFen,
      issueDate,
      expiryDate,
      institutionId: institution?.id ?? null,
      holderName: maskName(worker.name),
      idLast4: worker.idNumber.slice(-4),
      idHash: holderMac(ctx.secrets, worker.idNumber),
      binding: { kind: 'mac' },
    }),
    signer,
  );
  const record: NewVoucher = {
    serial,
    year,
    seq,
    fallbackCode: allocateFallbackCode(db),
    workerId: worker.id,
    planId: prepared.terms.planId,
    occupationCode: prepared.terms.occupationCode,
    level: prepared.terms.level,
    amountFen: prepared.amountFen,
    fundSource: opts.fundSource,
    institutionId: prepared.terms.institutionId,
    issueDate,
    expiryDate,
    issuedAt: isoNow(ctx.clock),
    issuedBy: actorId(ctx),
    batchId: opts.batchId ?? null,
    kid: signer.kid,
    qrText,
    replacesId: opts.replacesId ?? null,
  };
  return { ...record, id: insertVoucher(db, record) };
}
