// Where verification gets its keys and records: the bureau's own database, or — on an
// institution's offline install — the trust bundle, local redemptions and imported status updates.
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { TrustBundle } from '../../../shared/contract/schemas/keys';
import { localDateTime } from '../../../shared/domain/idNumber';
import { remoteStatus, setting, trustedKeyPem } from '../../db/repos/exchange.repo';
import { findRedemption, institutionNameByCode } from '../../db/repos/redemption.repo';
import type { Ctx } from '../../core/context';
import { installMode } from '../exchange/institution.service';
import { today } from './issue';
import type { VerifySources } from './verify';
import { getInstitution, getOccupation, getPlan } from '../../db/repos/catalog.repo';
import { findVoucherIdBySerial, getVoucher, type LockedVoucher } from '../../db/repos/voucher.repo';
import { holderIdNumber } from '../../db/repos/holder.repo';
import { sameIdNumber } from './holder';
import { getVerifier } from '../../db/repos/holder.repo';
import { checkVerifier, holdOf } from './holder';
import { legacyHolderMatches } from './verify';

const keyCache = new Map<string, KeyObject>();

export async function institutionSources(ctx: Pick<Ctx, 'db' | 'clock'>): Promise<VerifySources> {
  const catalog = JSON.parse(
    (await setting(ctx.db, 'trustCatalog')) ?? '{"plans":{},"occupations":{},"institutions":{}}',
  ) as TrustBundle['catalog'];
  return {
    async publicKey(kid) {
      const pem = await trustedKeyPem(ctx.db, kid);
      if (!pem) return null;
      let key = keyCache.get(pem);
      if (!key) keyCache.set(pem, (key = createPublicKey(pem)));
      return key;
    },
    async state(serial) {
      const remote = await remoteStatus(ctx.db, serial);
      if (remote?.status === 'revoked') return { status: 'revoked', revokeReason: remote.reason };
      const r = await findRedemption(ctx.db, serial);
      if (r)
        return {
          status: 'redeemed',
          revokeReason: null,
          redeemedBy: await institutionNameByCode(ctx.db, r.institution_code),
          redeemedAt: localDateTime(r.redeemed_at),
        };
      if (remote?.status === 'settled') return { status: 'settled', revokeReason: null };
      return null;
    },
    authoritative: false,
    // The verifier the bureau sent for this voucher (only for vouchers this institution could redeem);
    // a voucher signed before issue 12 still carries its own (weak) salted hash.
    async holder(claims, idNumber) {
      const v = await getVerifier(ctx.db, claims.serial);
      if (v) return checkVerifier(idNumber, v) ? 'match' : 'mismatch';
      if (claims.binding.kind === 'salted') return legacyHolderMatches(claims, idNumber) ? 'match' : 'mismatch';
      return 'unavailable';
    },
    hold: (serial) => holdOf(ctx, serial),
    names: {
      plan: async (id) => catalog.plans[String(id)] ?? null,
      occupation: async (code) => catalog.occupations[code] ?? null,
      institution: async (id) => catalog.institutions[String(id)]?.name ?? null,
    },
    today: today(ctx),
  };
}

/**
 * How the bureau's records find a voucher by its serial: by default two plain reads; a redemption
 * passes its locking lookup (lockVoucherRows), so that the first look at a voucher locks it and
 * one statement answers both.
 */
export type VoucherLookup = (serial: string) => Promise<LockedVoucher | undefined>;

export async function sourcesFor(
  ctx: Pick<Ctx, 'db' | 'clock' | 'keyring'>,
  lookup?: VoucherLookup,
): Promise<VerifySources> {
  return (await installMode(ctx.db)).installMode === 'institution'
    ? await institutionSources(ctx)
    : bureauSources(ctx, lookup);
}

/** The bureau's own view for verification: its keys, its records, its catalogue names. */
export function bureauSources(ctx: Pick<Ctx, 'db' | 'keyring' | 'clock'>, lookup?: VoucherLookup): VerifySources {
  const record = async (serial: string) => {
    const id = lookup ? (await lookup(serial))?.id : await findVoucherIdBySerial(ctx.db, serial);
    return id ? await getVoucher(ctx.db, id) : undefined;
  };
  return {
    publicKey: (kid) => ctx.keyring.publicKey(ctx.db, kid),
    state: async (serial) => {
      const v = await record(serial);
      if (!v) return null;
      // Who redeemed it is told only for a voucher already used (verify.ts): not read for the others.
      const used = v.status !== 'issued' && v.status !== 'expired' && v.status !== 'revoked';
      const r = used ? await findRedemption(ctx.db, serial) : undefined;
      const by = r ? ((await institutionNameByCode(ctx.db, r.institution_code)) ?? r.institution_code) : null;
      return {
        status: v.status,
        revokeReason: v.revokeReason,
        redeemedBy: by,
        redeemedAt: r ? localDateTime(r.redeemed_at) : null,
      };
    },
    authoritative: true,
    // The worker's record is the truth here; the QR's holder MAC is not needed for the comparison.
    holder: async (claims, idNumber) => {
      const stored = lookup
        ? (await lookup(claims.serial))?.holderIdNumber
        : await holderIdNumber(ctx.db, claims.serial);
      if (stored === undefined) return 'unavailable';
      return sameIdNumber(stored, idNumber) ? 'match' : 'mismatch';
    },
    hold: (serial) => holdOf(ctx, serial),
    names: {
      plan: async (id) => (await getPlan(ctx.db, id))?.name ?? null,
      occupation: async (code) => (await getOccupation(ctx.db, code))?.name ?? null,
      institution: async (id) => (await getInstitution(ctx.db, id))?.name ?? null,
    },
    today: today(ctx),
  };
}
