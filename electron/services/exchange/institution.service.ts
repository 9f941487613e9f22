// Setting up an institution's own install (培训机构模式) from the bureau's trust bundle, and the
// registration file that binds the institution's key to it at the bureau.
import { createPublicKey, sign, verify } from 'node:crypto';
import type { ChannelParsed } from '../../../shared/contract/channels';
import { TrustBundleSchema, type InstallMode } from '../../../shared/contract/schemas/exchange';
import type { KeyStatus } from '../../../shared/contract/schemas/keys';
import { findInstitutionByCode } from '../../db/repos/catalog.repo';
import { bindInstitutionKey, putSetting, setting, upsertTrustedKey } from '../../db/repos/exchange.repo';
import { activeKey } from '../../db/repos/key.repo';
import { prep } from '../../db/prepared';
import type { Db } from '../../db/connection';
import { isoNow } from '../../core/clock';
import type { Ctx } from '../../core/context';
import { AppError } from '../../core/errors';
import { keyHandlers } from '../keys/keys.service';

export const REGISTRATION_FORMAT = 'longling-institution-registration';

export function installMode(db: Db): InstallMode {
  const mode = setting(db, 'installMode') === 'institution' ? 'institution' : 'bureau';
  const code = mode === 'institution' ? (setting(db, 'institutionCode') ?? null) : null;
  const fresh = !activeKey(db) && prep(db, 'SELECT count(*) FROM worker').pluck().get() === 0;
  return {
    installMode: mode,
    institutionCode: code,
    institutionName: code ? (findInstitutionByCode(db, code)?.name ?? null) : null,
    fresh,
  };
}

export function requireMode(db: Db, mode: InstallMode['installMode']): void {
  if (installMode(db).installMode !== mode) {
    throw new AppError(
      'RULE',
      mode === 'bureau' ? '此操作只能在人社局的安装上进行' : '此操作只能在培训机构模式的安装上进行',
    );
  }
}

function parseBundle(text: string) {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('VALIDATION', '信任包不是有效的 JSON 文件');
  }
  const r = TrustBundleSchema.safeParse(json);
  if (!r.success) throw new AppError('VALIDATION', `信任包格式不正确：${r.error.issues[0]?.message ?? ''}`);
  return r.data;
}

export const institutionHandlers = {
  'mode:get': (ctx: Ctx): InstallMode => installMode(ctx.db),

  'institution:setup': (ctx: Ctx, input: ChannelParsed<'institution:setup'>): KeyStatus => {
    const mode = installMode(ctx.db);
    if (mode.installMode === 'institution' || !mode.fresh) {
      throw new AppError('RULE', '只能在新安装（尚无签名密钥和劳动者数据）上设置培训机构模式');
    }
    const bundle = parseBundle(input.bundleText);
    const own = Object.entries(bundle.catalog.institutions).find(([, i]) => i.code === input.institutionCode);
    if (!own) throw new AppError('VALIDATION', `信任包中没有机构代码 ${input.institutionCode}`);
    for (const k of bundle.keys) {
      createPublicKey(k.publicKeyPem);
      upsertTrustedKey(ctx.db, k);
    }
    const occ = prep(
      ctx.db,
      'INSERT INTO occupation (code, name) VALUES (?, ?) ON CONFLICT (code) DO UPDATE SET name = excluded.name',
    );
    for (const [code, name] of Object.entries(bundle.catalog.occupations)) occ.run(code, name);
    const inst = prep(
      ctx.db,
      'INSERT INTO institution (id, code, name, status) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET code = excluded.code, name = excluded.name, status = excluded.status',
    );
    const appr = prep(
      ctx.db,
      'INSERT OR IGNORE INTO institution_approval (institution_id, occupation_code, level) VALUES (?, ?, ?)',
    );
    for (const [id, i] of Object.entries(bundle.catalog.institutions)) {
      inst.run(Number(id), i.code, i.name, i.status === 'suspended' ? 'suspended' : 'active');
      for (const a of i.approvals) {
        const [occupation, level] = a.split('|');
        appr.run(Number(id), occupation, level);
      }
    }
    putSetting(ctx.db, 'installMode', 'institution');
    putSetting(ctx.db, 'institutionCode', input.institutionCode);
    putSetting(ctx.db, 'jurisdictionCode', bundle.jurisdiction.code);
    putSetting(ctx.db, 'jurisdictionName', bundle.jurisdiction.name);
    putSetting(ctx.db, 'bureauName', bundle.jurisdiction.bureau);
    putSetting(ctx.db, 'trustCatalog', JSON.stringify(bundle.catalog));
    ctx.audit({
      action: 'setupInstitution',
      entity: 'settings',
      after: { institutionCode: input.institutionCode, keys: bundle.keys.map((k) => k.kid) },
    });
    return keyHandlers['keys:create'](ctx, { passphrase: input.passphrase });
  },

  /** The institution's public key, signed with itself (proof that the install holds the private key). */
  'institution:registration': (ctx: Ctx): string => {
    requireMode(ctx.db, 'institution');
    const signer = ctx.keyring.signer(ctx.db, 'registration');
    const body = {
      format: REGISTRATION_FORMAT,
      institutionCode: setting(ctx.db, 'institutionCode'),
      kid: signer.kid,
      publicKeyPem: activeKey(ctx.db)!.public_key_pem,
      createdAt: isoNow(ctx.clock),
    };
    const text = JSON.stringify(body);
    return JSON.stringify(
      { ...body, payload: text, signature: sign(null, Buffer.from(text), signer.key).toString('base64') },
      null,
      1,
    );
  },

  'institution:bind': (
    ctx: Ctx,
    input: ChannelParsed<'institution:bind'>,
  ): { institutionCode: string; kid: string } => {
    requireMode(ctx.db, 'bureau');
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
      reg.format !== REGISTRATION_FORMAT ||
      !reg.payload ||
      !reg.signature ||
      !reg.publicKeyPem ||
      !reg.kid ||
      !reg.institutionCode
    ) {
      throw new AppError('VALIDATION', '文件不是培训机构登记文件');
    }
    const body = JSON.parse(reg.payload) as typeof reg;
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
    const inst = findInstitutionByCode(ctx.db, reg.institutionCode);
    if (!inst) throw new AppError('VALIDATION', `机构代码 ${reg.institutionCode} 不在培训机构目录中`);
    bindInstitutionKey(ctx.db, reg.kid, inst.id, reg.publicKeyPem, isoNow(ctx.clock));
    ctx.audit({ action: 'bindKey', entity: 'institution', entityId: inst.id, after: { kid: reg.kid } });
    return { institutionCode: inst.code, kid: reg.kid };
  },
};
