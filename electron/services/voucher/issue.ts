// Turning eligible terms into signed voucher rows, in two steps: drafts are drawn and signed outside
// any transaction (signing a batch takes a second; no writer should wait for it), then inserted in
// the write transaction, which first makes sure no drawn serial or fallback code was taken meanwhile.
import { localDate } from '../../../shared/domain/idNumber';
import { maskName } from '../../../shared/domain/mask';
import { makeFallbackCode, makeSerial, randomSerialNumber } from '../../../shared/domain/serial';
import type { WorkerDetail } from '../../../shared/contract/schemas/worker';
import type { Queryable, WriteTx } from '../../db/driver/types';
import { fundSourceExists } from '../../db/repos/catalog.repo';
import { getSettings } from '../../db/repos/settings.repo';
import { insertVouchers, takenFallbackCodes, takenSerialNumbers, type NewVoucher } from '../../db/repos/voucher.repo';
import { isoNow } from '../../core/clock';
import { actorId, type Ctx } from '../../core/context';
import { AppError } from '../../core/errors';
import { addDays } from '../../../shared/domain/dates';
import { signToText, type Signer } from '../qr/cose';
import { encodeVoucherClaims, holderMac, VOUCHER_PREFIX } from '../qr/voucherClaims';
import type { PreparedTerms } from './eligibility';

export { addDays };

export interface IssueOptions {
  fundSource: string;
  validityDays?: number | undefined;
  replacesId?: number | null;
}

export function today(ctx: Pick<Ctx, 'clock'>): string {
  return localDate(ctx.clock.now());
}

export async function validityDays(db: Queryable): Promise<number> {
  return (await getSettings(db)).voucherValidityDays;
}

export async function checkFundSource(db: Queryable, code: string): Promise<void> {
  if (!(await fundSourceExists(db, code))) {
    throw new AppError('VALIDATION', '所选资金来源不存在', { fields: { fundSource: '所选资金来源不存在' } });
  }
}

/** One voucher to issue: who, on what terms. */
export interface IssueItem {
  worker: WorkerDetail;
  prepared: PreparedTerms;
  opts: IssueOptions;
}

/** A signed voucher not yet written. */
export type Draft = Omit<NewVoucher, 'batchId'>;

/** Raised inside the write when a drawn number was taken in the meantime: draw again and retry. */
export class DrawCollision extends Error {}

/**
 * Draws serial numbers at random for the year: a serial then says nothing about how many vouchers
 * exist or which came before it, so typing neighbours of a known serial finds nothing. Numbers
 * already used are skipped (looked up a chunk at a time); the write checks again.
 */
async function drawNumbers(db: Queryable, year: number, n: number): Promise<number[]> {
  const out = new Set<number>();
  for (let round = 0; out.size < n; round++) {
    if (round > 50) throw new AppError('RULE', `${year} 年可用的券号已不足，请联系系统管理员`);
    const candidates: number[] = [];
    while (candidates.length < (n - out.size) * 1.2 + 4) {
      const c = randomSerialNumber();
      if (!out.has(c)) candidates.push(c);
    }
    const taken = await takenSerialNumbers(db, year, candidates);
    for (const c of candidates) if (!taken.has(c) && out.size < n) out.add(c);
  }
  return [...out];
}

async function drawFallbackCodes(db: Queryable, n: number): Promise<string[]> {
  const out = new Set<string>();
  while (out.size < n) {
    const candidates = Array.from({ length: n - out.size }, makeFallbackCode);
    const taken = await takenFallbackCodes(db, candidates);
    for (const c of candidates) if (!taken.has(c)) out.add(c);
  }
  return [...out];
}

/** Draws and signs, outside any transaction. */
export async function draftVouchers(
  ctx: Pick<Ctx, 'db' | 'clock' | 'session' | 'secrets'>,
  signer: Signer,
  items: readonly IssueItem[],
): Promise<Draft[]> {
  if (items.length === 0) return [];
  const issueDate = today(ctx);
  const year = Number(issueDate.slice(0, 4));
  const settings = await getSettings(ctx.db);
  const numbers = await drawNumbers(ctx.db, year, items.length);
  const codes = await drawFallbackCodes(ctx.db, items.length);
  const issuedAt = isoNow(ctx.clock);
  return items.map(({ worker, prepared, opts }, i): Draft => {
    if (prepared.amountFen === null) throw new AppError('RULE', '没有适用的补贴标准');
    const expiryDate = addDays(issueDate, (opts.validityDays ?? settings.voucherValidityDays) - 1);
    const seq = numbers[i]!;
    const serial = makeSerial(settings.jurisdictionCode, year, seq);
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
        institutionId: prepared.terms.institutionId,
        holderName: maskName(worker.name),
        idLast4: worker.idNumber.slice(-4),
        idHash: holderMac(ctx.secrets, worker.idNumber),
        binding: { kind: 'mac' },
      }),
      signer,
    );
    return {
      serial,
      year,
      seq,
      fallbackCode: codes[i]!,
      workerId: worker.id,
      planId: prepared.terms.planId,
      occupationCode: prepared.terms.occupationCode,
      level: prepared.terms.level,
      amountFen: prepared.amountFen,
      fundSource: opts.fundSource,
      institutionId: prepared.terms.institutionId,
      issueDate,
      expiryDate,
      issuedAt,
      issuedBy: actorId(ctx),
      kid: signer.kid,
      qrText,
      replacesId: opts.replacesId ?? null,
      statTownship: worker.townshipCode,
      statGroups: JSON.stringify(worker.targetGroups),
    };
  });
}

/** Inside the write: the drafts' numbers and codes must still be free; then they are inserted. */
export async function insertDrafts(tx: WriteTx, drafts: readonly Draft[], batchId: number | null) {
  if (drafts.length === 0) return [];
  const year = drafts[0]!.year;
  const clash =
    (
      await takenSerialNumbers(
        tx,
        year,
        drafts.map((d) => d.seq),
      )
    ).size +
    (
      await takenFallbackCodes(
        tx,
        drafts.map((d) => d.fallbackCode),
      )
    ).size;
  if (clash > 0) throw new DrawCollision();
  return insertVouchers(
    tx,
    drafts.map((d) => ({ ...d, batchId })),
  );
}

/**
 * Draft outside, write inside, and draw again should another window have taken a drawn number
 * between the two (rare: a few thousand numbers a year out of 999,999).
 */
export async function issueWithRetry<T>(
  draft: () => Promise<Draft[]>,
  write: (drafts: Draft[]) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const drafts = await draft();
    try {
      return await write(drafts);
    } catch (e) {
      if (!(e instanceof DrawCollision) || attempt >= 5) throw e;
    }
  }
}
