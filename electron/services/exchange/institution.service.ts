// Setting up an institution's own install (培训机构模式) from the bureau's trust bundle, and the
// registration file that binds the institution's key to it at the bureau.
import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { ChannelParsed } from '../../../shared/contract/channels';
import {
  TrustBundleSchema,
  type InstallMode,
  type InstitutionKeyEntry,
} from '../../../shared/contract/schemas/exchange';
import type { KeyStatus } from '../../../shared/contract/schemas/keys';
import { findInstitutionByCode } from '../../db/repos/catalog.repo';
import {
  bindInstitutionKey,
  institutionKey,
  putSetting,
  setting,
  upsertTrustedKey,
  listInstitutionKeys,
  liveInstitutionKeys,
  supersedeInstitutionKeys,
} from '../../db/repos/exchange.repo';
import { activeKey } from '../../db/repos/key.repo';
import type { Queryable } from '../../db/driver/types';
import { isoNow } from '../../core/clock';
import type { Ctx, WriteCtx } from '../../core/context';
import { AppError, refuseNul } from '../../core/errors';
import { kidOf } from '../keys/keyCrypto';
import { keyHandlers } from '../keys/keys.service';
import { countWorkers } from '../../db/repos/worker.repo';
import { adoptTrustCatalog } from '../../db/repos/catalog.repo';

export const REGISTRATION_FORMAT = 'longling-institution-registration';

export async function installMode(db: Queryable): Promise<InstallMode> {
  const mode = (await setting(db, 'installMode')) === 'institution' ? 'institution' : 'bureau';
  const code = mode === 'institution' ? ((await setting(db, 'institutionCode')) ?? null) : null;
  const fresh = !(await activeKey(db)) && (await countWorkers(db)) === 0;
  return {
    installMode: mode,
    institutionCode: code,
    institutionName: code ? ((await findInstitutionByCode(db, code))?.name ?? null) : null,
    fresh,
  };
}

export async function requireMode(db: Queryable, mode: InstallMode['installMode']): Promise<void> {
  if ((await installMode(db)).installMode !== mode) {
    throw new AppError(
      'RULE',
      mode === 'bureau' ? '此操作只能在人社局的安装上进行' : '此操作只能在培训机构模式的安装上进行',
    );
  }
}

/** Whether a stored PEM is this public key (a stored text that no longer parses is not). */
function sameKey(storedPem: string, key: KeyObject): boolean {
  try {
    const der = (k: KeyObject) => k.export({ type: 'spki', format: 'der' });
    return der(createPublicKey(storedPem)).equals(der(key));
  } catch {
    return false;
  }
}

function parseBundle(text: string) {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('VALIDATION', '信任包不是有效的 JSON 文件');
  }
  refuseNul(json, '信任包');
  const r = TrustBundleSchema.safeParse(json);
  if (!r.success) throw new AppError('VALIDATION', `信任包格式不正确：${r.error.issues[0]?.message ?? ''}`);
  return r.data;
}

export const institutionHandlers = {
  'mode:get': (ctx: Ctx): Promise<InstallMode> => installMode(ctx.db),

  'institution:setup': async (ctx: WriteCtx, input: ChannelParsed<'institution:setup'>): Promise<KeyStatus> => {
    const mode = await installMode(ctx.db);
    if (mode.installMode === 'institution' || !mode.fresh) {
      throw new AppError('RULE', '只能在新安装（尚无签名密钥和劳动者数据）上设置培训机构模式');
    }
    const bundle = parseBundle(input.bundleText);
    const own = Object.entries(bundle.catalog.institutions).find(([, i]) => i.code === input.institutionCode);
    if (!own) throw new AppError('VALIDATION', `信任包中没有机构代码 ${input.institutionCode}`);
    for (const k of bundle.keys) {
      createPublicKey(k.publicKeyPem);
      await upsertTrustedKey(ctx.db, k);
    }
    await adoptTrustCatalog(ctx.db, bundle.catalog);
    await putSetting(ctx.db, 'installMode', 'institution');
    await putSetting(ctx.db, 'institutionCode', input.institutionCode);
    await putSetting(ctx.db, 'jurisdictionCode', bundle.jurisdiction.code);
    await putSetting(ctx.db, 'jurisdictionName', bundle.jurisdiction.name);
    await putSetting(ctx.db, 'bureauName', bundle.jurisdiction.bureau);
    await putSetting(ctx.db, 'trustCatalog', JSON.stringify(bundle.catalog));
    await ctx.audit({
      action: 'setupInstitution',
      entity: 'settings',
      after: { institutionCode: input.institutionCode, keys: bundle.keys.map((k) => k.kid) },
    });
    return keyHandlers['keys:create'](ctx, { passphrase: input.passphrase });
  },

  /** The institution's public key, signed with itself (proof that the install holds the private key). */
  'institution:registration': async (ctx: Ctx): Promise<string> => {
    await requireMode(ctx.db, 'institution');
    const signer = await ctx.keyring.signer(ctx.db, 'registration');
    const body = {
      format: REGISTRATION_FORMAT,
      institutionCode: await setting(ctx.db, 'institutionCode'),
      kid: signer.kid,
      publicKeyPem: (await activeKey(ctx.db))!.public_key_pem,
      createdAt: isoNow(ctx.clock),
    };
    const text = JSON.stringify(body);
    return JSON.stringify(
      { ...body, payload: text, signature: sign(null, Buffer.from(text), signer.key).toString('base64') },
      null,
      1,
    );
  },

  /** What the bureau has bound, so that a key number can be checked with an institution by telephone. */
  'institution:keys': async (ctx: Ctx): Promise<InstitutionKeyEntry[]> => listInstitutionKeys(ctx.db),

  'institution:bind': async (
    ctx: WriteCtx,
    input: ChannelParsed<'institution:bind'>,
  ): Promise<{ institutionCode: string; kid: string; superseded: string[] }> => {
    await requireMode(ctx.db, 'bureau');
    let reg: {
      format?: string;
      institutionCode?: string;
      kid?: string;
      publicKeyPem?: string;
      payload?: string;
      signature?: string;
    };
    try {
      reg = JSON.parse(input.text);
    } catch {
      throw new AppError('VALIDATION', '登记文件不是有效的 JSON 文件');
    }
    if (
      reg === null ||
      typeof reg !== 'object' ||
      reg.format !== REGISTRATION_FORMAT ||
      !reg.payload ||
      !reg.signature ||
      !reg.publicKeyPem ||
      !reg.kid ||
      !reg.institutionCode
    ) {
      throw new AppError('VALIDATION', '文件不是培训机构登记文件');
    }
    let body: typeof reg;
    try {
      body = JSON.parse(reg.payload) as typeof reg;
    } catch {
      throw new AppError('VALIDATION', '登记文件内容已损坏');
    }
    refuseNul([reg, body], '登记文件');
    let ok = false;
    try {
      ok =
        body.publicKeyPem === reg.publicKeyPem &&
        body.kid === reg.kid &&
        body.institutionCode === reg.institutionCode &&
        verify(null, Buffer.from(reg.payload), createPublicKey(reg.publicKeyPem), Buffer.from(reg.signature, 'base64'));
    } catch {
      ok = false;
    }
    if (!ok) throw new AppError('RULE', '登记文件签名无效，已拒绝');
    // The key id must be the key's own (an install makes it so): a file naming another institution's
    // key id with its own key would otherwise rebind that id, and the other's packages stop verifying.
    const key = createPublicKey(reg.publicKeyPem);
    // An install makes an Ed25519 key and sends its public half; anything else (a weak RSA key, a
    // private key from which Node would derive the public one) is not a registration of ours.
    if (key.asymmetricKeyType !== 'ed25519' || !/^-----BEGIN PUBLIC KEY-----/.test(reg.publicKeyPem.trim())) {
      throw new AppError('RULE', '登记文件中的密钥不是培训机构安装生成的公钥（Ed25519），已拒绝');
    }
    if (kidOf(key) !== reg.kid) {
      throw new AppError('RULE', '登记文件的密钥编号与其公钥不符，已拒绝');
    }
    const inst = await findInstitutionByCode(ctx.db, reg.institutionCode);
    if (!inst) throw new AppError('VALIDATION', `机构代码 ${reg.institutionCode} 不在培训机构目录中`);
    if (inst.status !== 'active') throw new AppError('RULE', `培训机构“${inst.name}”已暂停，不能为其登记新密钥`);
    const bound = await institutionKey(ctx.db, reg.kid);
    if (bound && bound.institution_id !== inst.id) {
      throw new AppError('CONFLICT', `密钥 ${reg.kid} 已登记给另一家培训机构，不能改绑到 ${inst.name}`);
    }
    // Stored as Node writes it, not as the file spelled it.
    const pem = key.export({ type: 'spki', format: 'pem' }).toString();
    // A key id is 36 bits of the key's hash: another key with the same id can be found by search.
    // The key first bound under an id keeps it; another public key under that id is refused. Keys
    // are compared as DER: keys bound before migration 021 are stored as their file spelled them
    // (line endings, wrapping), which is the same key in other text.
    if (bound && !sameKey(bound.public_key_pem, key)) {
      throw new AppError('RULE', `密钥编号 ${reg.kid} 已登记为另一把公钥，此登记文件不予接受，请联系信息科核查`);
    }
    if (bound?.superseded_at) {
      throw new AppError(
        'RULE',
        `密钥 ${reg.kid} 已于 ${bound.superseded_at.slice(0, 10)} 被${inst.name}的新登记取代，不能再次登记（这可能是一份旧的登记文件）`,
      );
    }
    const earlier = (await liveInstitutionKeys(ctx.db, inst.id)).filter((k) => k.kid !== reg.kid).map((k) => k.kid);
    // The file's institution code is its own word: a file made on any computer can name any
    // institution. Replacing a key in use is therefore confirmed by a person, who checks the new key
    // number with the institution by telephone first.
    if (earlier.length > 0 && !input.replace) {
      throw new AppError(
        'CONFLICT',
        `${inst.name}已登记密钥 ${earlier.join('、')}。导入此文件将停用旧密钥、改用新密钥 ${reg.kid}，旧密钥签名的申报包此后不再接受（旧电脑导出、尚未导入的申报包请先导入）。请先与该机构电话核对新密钥编号 ${reg.kid}（机构导出登记文件时会显示，也可在其“系统管理 → 签名密钥”中查看），再确认导入`,
        { detail: { replace: earlier, kid: reg.kid, institutionCode: inst.code } },
      );
    }
    const at = isoNow(ctx.clock);
    await bindInstitutionKey(ctx.db, reg.kid, inst.id, pem, at);
    if (earlier.length > 0) await supersedeInstitutionKeys(ctx.db, inst.id, reg.kid, at);
    await ctx.audit({
      action: 'bindKey',
      entity: 'institution',
      entityId: inst.id,
      after: { kid: reg.kid, ...(earlier.length > 0 ? { superseded: earlier } : {}) },
    });
    return { institutionCode: inst.code, kid: reg.kid, superseded: earlier };
  },
};
