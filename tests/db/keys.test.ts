import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEnv } from '../../electron/core/env';
import { dispatch } from '../../electron/core/dispatcher';
import type { SecretProtector } from '../../electron/services/keys/keyCrypto';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';
import { KEY_PASSPHRASE, PASSWORD } from '../fixtures/env';

let t: VoucherEnv;
beforeEach(async () => {
  t = await makeVoucherEnv();
});
afterEach(() => t.close());

describe('signing keys', () => {
  it('rotation signs new vouchers with the new key and keeps the old key for verifying old ones', async () => {
    const old = await t.must(t.clerk, 'voucher:issue', { workerId: await t.newWorker(), ...t.terms() });
    const status = await t.must(t.adminToken, 'keys:rotate', { passphrase: 'a new passphrase 2027' });
    expect(status.keys).toHaveLength(2);
    expect(status.keys.find((k) => !k.active)!.validTo).not.toBeNull();
    const fresh = await t.must(t.clerk, 'voucher:issue', {
      workerId: await t.newWorker(),
      ...t.terms({ occupationCode: '6-31-01-03' }),
    });
    expect(fresh.kid).toBe(status.activeKid);
    expect(fresh.kid).not.toBe(old.kid);
    expect((await t.must(t.clerk, 'voucher:verify', { text: old.qrText })).valid).toBe(true);
    expect((await t.must(t.clerk, 'voucher:verify', { text: fresh.qrText })).valid).toBe(true);
    const bundle = await t.must(t.adminToken, 'trust:export', {});
    expect(bundle.keys.map((k) => k.kid).sort()).toEqual([old.kid, fresh.kid].sort());
  });

  it('keeps the private key encrypted: the passphrase unlocks it, a wrong one does not, and nothing signs while locked', async () => {
    const row = (await t.db.get('SELECT private_key_enc, protection FROM signing_key WHERE active = 1')) as {
      private_key_enc: string;
      protection: string;
    };
    expect(row.protection).toBe('passphrase');
    expect(row.private_key_enc).not.toContain('PRIVATE KEY');
    const env = await createEnv(t.file, { clock: t.clock, keyPassphrase: '' });
    const admin = (
      (await dispatch(env, null, 'auth:login', { username: 'admin', password: PASSWORD })) as {
        value: { token: string };
      }
    ).value.token;
    expect(await dispatch(env, admin, 'keys:status', {})).toMatchObject({ ok: true, value: { unlocked: false } });
    const worker = await t.newWorker();
    const locked = await dispatch(env, admin, 'voucher:issue', { workerId: worker, ...t.terms() });
    expect(locked.ok ? null : locked.error.message).toMatch(/签名密钥未解锁/);
    const wrong = await dispatch(env, admin, 'keys:unlock', { passphrase: 'not the passphrase' });
    expect(wrong.ok ? null : wrong.error.message).toBe('密钥口令不正确');
    expect(await dispatch(env, admin, 'keys:unlock', { passphrase: KEY_PASSPHRASE })).toMatchObject({
      ok: true,
      value: { unlocked: true },
    });
    expect((await dispatch(env, admin, 'voucher:issue', { workerId: worker, ...t.terms() })).ok).toBe(true);
    await env.db.close();
  });

  it('keeps the key with the OS protector (Electron safeStorage) where the shell provides one', async () => {
    const vault = new Map<string, Buffer>();
    const protector: SecretProtector = {
      kind: 'safeStorage',
      encrypt: (plain) => {
        const handle = `os-${vault.size}`;
        vault.set(handle, Buffer.from(plain));
        return handle;
      },
      decrypt: (stored) => vault.get(stored)!,
    };
    const env = await createEnv(join(t.dir, 'os.db'), { clock: t.clock, protector });
    const setup = await dispatch(env, null, 'auth:setupAdmin', {
      username: 'admin',
      displayName: '管理员',
      password: PASSWORD,
    });
    const token = (setup as { value: { token: string } }).value.token;
    expect(await dispatch(env, token, 'keys:create', {})).toMatchObject({
      ok: true,
      value: { osProtection: true, unlocked: true, keys: [{ protection: 'safeStorage' }] },
    });
    await env.db.close();
    const again = await createEnv(join(t.dir, 'os.db'), { clock: t.clock, protector });
    const login = (
      (await dispatch(again, null, 'auth:login', { username: 'admin', password: PASSWORD })) as {
        value: { token: string };
      }
    ).value.token;
    expect(await dispatch(again, login, 'keys:status', {})).toMatchObject({ ok: true, value: { unlocked: true } });
    await again.db.close();
  });
});
