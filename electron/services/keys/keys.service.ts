import type { ChannelParsed } from '../../../shared/contract/channels';
import type { KeyStatus, TrustBundle } from '../../../shared/contract/schemas/keys';
import { listInstitutions, listOccupations, listPlans } from '../../db/repos/catalog.repo';
import { activeKey, insertKey, listKeys } from '../../db/repos/key.repo';
import { getSettings } from '../../db/repos/settings.repo';
import { isoNow } from '../../core/clock';
import type { Ctx, WriteCtx } from '../../core/context';
import { AppError } from '../../core/errors';
import { encryptWithPassphrase, newKeyPair, protectWithOs } from './keyCrypto';

export async function keyStatus(ctx: Pick<Ctx, 'db' | 'keyring'>): Promise<KeyStatus> {
  await ctx.keyring.tryAutoUnlock(ctx.db);
  const keys = (await listKeys(ctx.db)).map((k) => ({
    kid: k.kid,
    validFrom: k.valid_from,
    validTo: k.valid_to,
    active: k.active === 1,
    protection: k.protection,
    unlocked: ctx.keyring.isUnlocked(k.kid),
  }));
  const active = keys.find((k) => k.active) ?? null;
  return {
    keys,
    activeKid: active?.kid ?? null,
    unlocked: active?.unlocked ?? false,
    osProtection: ctx.keyring.protector !== null,
  };
}

/** A new Ed25519 key becomes the active one; earlier keys stay for verifying what they signed. */
async function addKey(ctx: WriteCtx, passphrase: string | undefined): Promise<KeyStatus> {
  const { kid, publicKeyPem, privateKey } = newKeyPair();
  let stored: string;
  let protection: 'passphrase' | 'safeStorage';
  if (ctx.keyring.protector) {
    stored = protectWithOs(privateKey, ctx.keyring.protector);
    protection = 'safeStorage';
  } else if (passphrase) {
    stored = encryptWithPassphrase(privateKey, passphrase);
    protection = 'passphrase';
  } else {
    throw new AppError('VALIDATION', '本机无法使用系统密钥保护，请设置密钥口令（至少 10 位）', {
      fields: { passphrase: '请设置密钥口令' },
    });
  }
  const before = (await activeKey(ctx.db))?.kid ?? null;
  await insertKey(ctx.db, {
    kid,
    alg: 'EdDSA',
    public_key_pem: publicKeyPem,
    private_key_enc: stored,
    protection,
    valid_from: isoNow(ctx.clock),
  });
  ctx.keyring.remember(kid, privateKey);
  await ctx.audit({
    action: before ? 'rotate' : 'create',
    entity: 'signingKey',
    entityId: kid,
    before: { activeKid: before },
    after: { kid, protection, publicKeyPem },
  });
  return keyStatus(ctx);
}

export async function trustBundle(ctx: Pick<Ctx, 'db' | 'clock'>): Promise<TrustBundle> {
  const s = await getSettings(ctx.db);
  const names = <T extends { code: string; name: string }>(list: T[]) =>
    Object.fromEntries(list.map((x) => [x.code, x.name]));
  return {
    format: 'longling-trust-bundle',
    version: 1,
    jurisdiction: { code: s.jurisdictionCode, name: s.jurisdictionName, bureau: s.bureauName },
    issuedAt: isoNow(ctx.clock),
    keys: (await listKeys(ctx.db)).map((k) => ({
      kid: k.kid,
      alg: k.alg,
      publicKeyPem: k.public_key_pem,
      validFrom: k.valid_from,
      validTo: k.valid_to,
    })),
    catalog: {
      plans: Object.fromEntries((await listPlans(ctx.db)).map((p) => [String(p.id), p.name])),
      occupations: names(await listOccupations(ctx.db)),
      institutions: Object.fromEntries(
        (await listInstitutions(ctx.db)).map((i) => [
          String(i.id),
          {
            code: i.code,
            name: i.name,
            status: i.status,
            approvals: i.approvals.map((a) => `${a.occupationCode}|${a.level}`),
          },
        ]),
      ),
    },
  };
}

export const keyHandlers = {
  'keys:status': (ctx: Ctx): Promise<KeyStatus> => keyStatus(ctx),

  'keys:create': async (ctx: WriteCtx, input: ChannelParsed<'keys:create'>): Promise<KeyStatus> => {
    if (await activeKey(ctx.db)) throw new AppError('CONFLICT', '已有签名密钥；如需更换请使用“轮换密钥”');
    return addKey(ctx, input.passphrase);
  },

  'keys:rotate': async (ctx: WriteCtx, input: ChannelParsed<'keys:rotate'>): Promise<KeyStatus> => {
    if (!(await activeKey(ctx.db))) throw new AppError('RULE', '尚未生成签名密钥');
    return addKey(ctx, input.passphrase);
  },

  'keys:unlock': async (ctx: Ctx, input: ChannelParsed<'keys:unlock'>): Promise<KeyStatus> => {
    const active = await activeKey(ctx.db);
    if (!active) throw new AppError('RULE', '尚未生成签名密钥');
    if (active.protection !== 'passphrase') return keyStatus(ctx);
    if (!(await ctx.keyring.unlock(ctx.db, active.kid, input.passphrase))) {
      throw new AppError('VALIDATION', '密钥口令不正确', { fields: { passphrase: '密钥口令不正确' } });
    }
    return keyStatus(ctx);
  },

  'trust:export': (ctx: Ctx): Promise<TrustBundle> => trustBundle(ctx),
};
