// PasswordWork answers a transaction with the scrypt its `before` step did, and computes anything
// else: a stored hash that changed in between is checked afresh, never answered from the other.
import { describe, expect, it } from 'vitest';
import { hashPassword, PasswordWork, verifyPassword } from '../../electron/core/password';

describe('PasswordWork', () => {
  it('answers a prepared check, and checks afresh against a hash it did not prepare', async () => {
    const w = new PasswordWork();
    const first = hashPassword('旧密码-Old1');
    await w.prepareVerify('旧密码-Old1', first);
    await w.prepareVerify('wrong', first);
    expect(w.verify('旧密码-Old1', first)).toBe(true);
    expect(w.verify('wrong', first)).toBe(false);
    // Changed by an admin between the step before and the transaction.
    const second = hashPassword('新密码-New2');
    expect(w.verify('旧密码-Old1', second)).toBe(false);
    expect(w.verify('新密码-New2', second)).toBe(true);
    expect(w.verify('旧密码-Old1', 'not-a-hash')).toBe(false);
  });

  it('keeps one prepared hash per password, so a rerun transaction stores the same', async () => {
    const w = new PasswordWork();
    await w.prepareHash('Chosen-Pass-9');
    const h = w.hash('Chosen-Pass-9');
    expect(w.hash('Chosen-Pass-9')).toBe(h);
    expect(verifyPassword('Chosen-Pass-9', h)).toBe(true);
    expect(verifyPassword('chosen-pass-9', h)).toBe(false);
    // Not prepared: a fresh salt each time, each one valid.
    const a = w.hash('Other-Pass-1');
    expect(a).not.toBe(w.hash('Other-Pass-1'));
    expect(verifyPassword('Other-Pass-1', a)).toBe(true);
  });
});
