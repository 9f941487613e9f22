// Attendance and the 培训记录 as an insider would try them: an operator of another institution on
// this institution's class (签到, 补签, 更正/作废, 考勤明细, 刷身份证, 结业), and a township clerk reading
// the training record of another township's worker by its serial.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PASSWORD } from '../fixtures/env';
import { makeTownshipEnv, type TownshipEnv } from '../fixtures/township';
import { trainVoucher } from '../fixtures/training';

let t: TownshipEnv;
let op: string;
beforeEach(async () => {
  t = await makeTownshipEnv();
  op = await t.loginAs('institutionOperator', 'op1');
});
afterEach(() => t.close());

async function otherOperator(): Promise<string> {
  const inst = await t.must(t.adminToken, 'catalog:institutionSave', {
    code: 'LL-PX-002',
    name: '另一家培训学校',
    nature: 'private',
    status: 'active',
    townshipCode: '530523101',
    approvals: [{ occupationCode: '4-10-01-05', level: 'L5' }],
  });
  await t.must(t.adminToken, 'user:create', {
    username: 'op2',
    displayName: '乙校操作员',
    role: 'institutionOperator',
    institutionId: inst.id,
    password: PASSWORD,
  });
  return (await t.must(null, 'auth:login', { username: 'op2', password: PASSWORD })).token;
}

describe('another institution’s operator', () => {
  it('cannot sign, make up, correct, void, read or complete this institution’s trainee', async () => {
    const tr = await trainVoucher(t, op, { complete: false });
    const classUid = (await t.db.value('SELECT class_uid FROM class_member WHERE serial = ?', tr.serial)) as string;
    await t.must(op, 'attendance:sign', { classUid, serial: tr.serial, action: 'in' });
    const session = (await t.db.value('SELECT uid FROM attendance WHERE serial = ?', tr.serial)) as string;
    const op2 = await otherOperator();
    const before = await t.db.all('SELECT * FROM attendance ORDER BY uid');
    const today = t.clock.now().toISOString().slice(0, 10);
    const tries = [
      await t.call(op2, 'attendance:sign', { classUid, serial: tr.serial, action: 'out' }),
      await t.call(op2, 'attendance:signAll', { classUid, action: 'out' }),
      await t.call(op2, 'attendance:signById', { classUid, idNumber: tr.idNumber }),
      await t.call(op2, 'attendance:makeup', {
        classUid,
        serial: tr.serial,
        sessionDate: today,
        signIn: '00:00',
        signOut: '00:01',
        reason: '漏签补记',
      }),
      await t.call(op2, 'attendance:correct', { attendanceUid: session, action: 'void', reason: '误签作废' }),
      await t.call(op2, 'attendance:sessions', { classUid, serial: tr.serial }),
      await t.call(op2, 'training:record', { serial: tr.serial }),
      await t.call(op2, 'completion:record', { serial: tr.serial, result: 'failed', assessedOn: today }),
    ];
    for (const r of tries) {
      expect(r.ok ? 'OK' : r.error.code).not.toBe('LOCKED');
      expect(r.ok).toBe(false);
      expect(JSON.stringify(r)).not.toContain(tr.idNumber.slice(-4));
    }
    expect(await t.db.all('SELECT * FROM attendance ORDER BY uid')).toEqual(before);
    expect(await t.count('attendance_adjustment')).toBe(0);
  });
});

describe('a township clerk and the 培训记录', () => {
  it('does not read another township’s trainee by serial', async () => {
    const theirs = await trainVoucher(t, op, { worker: { id: t.other.id, idNumber: t.other.idNumber } });
    await t.must(t.station, 'auth:unlock', { password: PASSWORD });
    const r = await t.call(t.station, 'training:record', { serial: theirs.serial });
    expect(r.ok ? 'OK' : r.error.code).toBe('NOT_FOUND');
    expect(JSON.stringify(r)).not.toContain(t.other.name);
    const mine = await trainVoucher(t, op, { worker: { id: t.own.id, idNumber: t.own.idNumber } });
    await t.must(t.station, 'auth:unlock', { password: PASSWORD });
    expect((await t.must(t.station, 'training:record', { serial: mine.serial })).holderName).toBe(t.own.name);
  });
});
