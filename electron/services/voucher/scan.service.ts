// 扫码即达 (issue 16 §4): a voucher's QR, an archive extract's QR, a serial, a 备用码 or an ID number
// typed or scanned into any search box of the bureau's staff names one thing, which the box opens.
// A QR is opened only when its signature checks out; a lookup is audited like a verification.
import type { ChannelParsed } from '../../../shared/contract/channels';
import type { ScanTarget } from '../../../shared/contract/schemas/scan';
import { checkIdNumber } from '../../../shared/domain/idNumber';
import { checkSerial, normalizeFallbackCode } from '../../../shared/domain/serial';
import { extractWorkerId } from '../../db/repos/archive.repo';
import { findVoucherIdByFallback, findVoucherIdBySerial, getVoucher } from '../../db/repos/voucher.repo';
import { findWorkerByIdNumber, getWorker } from '../../db/repos/worker.repo';
import type { Ctx } from '../../core/context';
import { inScope, townshipScope } from '../../core/townshipScope';
import { isExtractText, verifyExtractText } from '../archive/extractVerify';
import { installMode } from '../exchange/institution.service';
import { VOUCHER_PREFIX } from '../qr/voucherClaims';
import { mayViewFull } from '../personalData';
import { sourcesFor } from './sources';
import { cleanScan, inspectVoucherText } from './verify';

const none = (message: string | null = null): ScanTarget => ({ kind: 'none', message });

async function voucherTarget(ctx: Ctx, id: number | undefined, how: string): Promise<ScanTarget> {
  if (id === undefined) return none(`${how}不在本系统记录中`);
  // A township clerk's search box finds only their townships' vouchers, as if the others were missing.
  const v = await getVoucher(ctx.db, id, townshipScope(ctx));
  if (!v) return none(`${how}不在本系统记录中`);
  await ctx.audit({ action: 'scanOpen', entity: 'voucher', entityId: id, after: { serial: v.serial, how } });
  return { kind: 'voucher', voucherId: id, serial: v.serial, workerId: v.workerId };
}

export async function resolveScan(ctx: Ctx, raw: string): Promise<ScanTarget> {
  if ((await installMode(ctx.db)).installMode === 'institution') return none();
  const text = cleanScan(raw);
  if (isExtractText(text)) {
    const v = await verifyExtractText(text, await sourcesFor(ctx), ctx.db);
    if (!v.extract) return none(v.message);
    const owner = await extractWorkerId(ctx.db, v.extract.number);
    // The signed extract verifies for anyone; whose it is, only for who may serve that worker.
    const workerId = owner !== undefined && (await getWorker(ctx.db, owner, townshipScope(ctx))) ? owner : null;
    await ctx.audit({
      action: 'scanOpen',
      entity: 'archiveExtract',
      entityId: v.extract.number,
      after: { valid: v.valid },
    });
    return { kind: 'extract', number: v.extract.number, workerId, valid: v.valid, message: v.message };
  }
  if (text.startsWith(VOUCHER_PREFIX)) {
    const { verdict, claims } = await inspectVoucherText(text, await sourcesFor(ctx));
    if (!claims) return none(verdict.message);
    return voucherTarget(ctx, await findVoucherIdBySerial(ctx.db, claims.serial), '二维码中的券号');
  }
  const serial = checkSerial(text);
  if (serial.ok) return voucherTarget(ctx, await findVoucherIdBySerial(ctx.db, serial.serial), '券号');
  const code = /[A-Za-z]/.test(text) ? normalizeFallbackCode(text) : null;
  if (code) return voucherTarget(ctx, await findVoucherIdByFallback(ctx.db, code), '备用码');
  const id = checkIdNumber(text, { today: ctx.clock.now(), allowUnlistedAddress: true });
  // "Is this number registered?" is an oracle for the hidden digits to a role that sees masks only.
  if (id.ok && mayViewFull(ctx)) {
    const w = await findWorkerByIdNumber(ctx.db, id.idNumber);
    return w && inScope(townshipScope(ctx), w.townshipCode) ? { kind: 'worker', workerId: w.id } : none();
  }
  return none();
}

export const scanHandlers = {
  'scan:resolve': (ctx: Ctx, input: ChannelParsed<'scan:resolve'>): Promise<ScanTarget> => resolveScan(ctx, input.text),
};
