// Issue 16 §3: the whole class signed in and out at once, sign-in by ID card, 补签 of a missed
// session and 更正 of a wrong one — each with its reason, kept; nothing deleted, nothing changed
// behind the record's back; the bureau sees them and the anomaly list counts them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeId } from '../fixtures/ids';
import { PASSWORD } from '../fixtures/env';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';

let t: VoucherEnv;
let op: string;
let uid: string;
const people: { serial: string; idNumber: string }[] = [];

/** The clock at `hh:mm` on `day` (local time), sessions unlocked again. */
async function at(day: string, time: string) {
  t.clock.t = new Date(`${day}T${time}:00`);
  for (const token of [op, t.clerk, t.reviewer]) await t.must(token, 'auth:unlock', { password: PASSWORD });
}

beforeEach(async () => {
  t = await makeVoucherEnv();
  op = await t.loginAs('institutionOperator', 'op1');
  people.length = 0;
  for (const [seq, name] of [
    [801, '杨丽华'],
    [802, '李明'],
  ] as const) {
    const idNumber = makeId('530523', '19900101', seq);
    const workerId = await t.newWorker({ idNumber, name });
    const v = await t.must(t.clerk, 'voucher:issue', { workerId, ...t.terms() });
    await t.must(op, 'redeem:confirm', { text: v.qrText, idNumber });
    people.push({ serial: v.serial, idNumber });
  }
  const c = await t.must(op, 'class:create', {
    name: '养老护理员初级一班',
    occupationCode: '4-10-01-05',
    level: 'L5',
    startDate: '2026-11-29',
    endDate: '2026-12-10',
    plannedHours: 40,
    teachers: '王老师',
  });
  uid = c.uid;
  await t.must(op, 'class:addMembers', { uid, serials: people.map((p) => p.serial) });
});
afterEach(() => t.close());

const roster = async () => (await t.must(op, 'class:get', { uid })).roster;

describe('attendance at the institution', () => {
  it('signs the whole class in and out, and says who was left out and why', async () => {
    await at('2026-11-30', '08:00');
    await t.must(op, 'attendance:sign', { classUid: uid, serial: people[0]!.serial, action: 'in' });
    const all = await t.must(op, 'attendance:signAll', { classUid: uid, action: 'in' });
    expect(all).toMatchObject({ action: 'in', date: '2026-11-30', done: 1 });
    expect(all.skipped).toEqual([{ serial: people[0]!.serial, holderName: '杨丽华', why: '已签到' }]);
    await at('2026-11-30', '17:30');
    const out = await t.must(op, 'attendance:signAll', { classUid: uid, action: 'out' });
    expect(out).toMatchObject({ done: 2, skipped: [] });
    // The roster is in serial order, which is random: compare by name.
    const rows = (await roster()).map((r) => [r.holderName, r.today, r.minutes]);
    expect(rows.sort()).toEqual(
      [
        ['杨丽华', 'out', 570],
        ['李明', 'out', 570],
      ].sort(),
    );
    // One audit row per trainee signed, as for single sign-ins: one in (the other was in already), two out.
    expect(await t.count("audit_log WHERE channel = 'attendance:signAll'")).toBe(3);
  });

  it('finds the trainee by the ID card scanned at the door: first scan in, next out', async () => {
    await at('2026-11-30', '08:00');
    const first = await t.must(op, 'attendance:signById', { classUid: uid, idNumber: people[1]!.idNumber });
    expect(first).toMatchObject({ action: 'in', entry: { holderName: '李明', today: 'in' } });
    await at('2026-11-30', '12:00');
    const second = await t.must(op, 'attendance:signById', { classUid: uid, idNumber: people[1]!.idNumber });
    expect(second).toMatchObject({ action: 'out', entry: { minutes: 240, today: 'out' } });
    const third = await t.call(op, 'attendance:signById', { classUid: uid, idNumber: people[1]!.idNumber });
    expect(third.ok ? null : third.error.message).toBe('2026-11-30 已签到并签退');
    const stranger = makeId('530523', '19850505', 333);
    const r = await t.call(op, 'attendance:signById', { classUid: uid, idNumber: stranger });
    expect(r.ok ? null : r.error.message).toBe(
      `身份证号尾号 ${stranger.slice(-4)} 的人不是本班学员：请核对证件，或先在“添加学员”中把他的培训券编入本班`,
    );
    const typo = await t.call(op, 'attendance:signById', { classUid: uid, idNumber: '530523199001018' });
    expect(typo.ok ? null : typo.error.code).toBe('VALIDATION');
  });

  it('finds a trainee redeemed before fingerprints were kept, and keeps one for the next scan', async () => {
    await t.db.run('UPDATE redemption SET holder_fp = NULL');
    await at('2026-11-30', '08:00');
    const r = await t.must(op, 'attendance:signById', { classUid: uid, idNumber: people[0]!.idNumber });
    expect(r.entry.serial).toBe(people[0]!.serial);
    expect(await t.db.value('SELECT count(*) FROM redemption WHERE holder_fp IS NOT NULL')).toBe(1);
  });

  it('signs in for today only: a missed session is made good by 补签 with a reason', async () => {
    await at('2026-12-02', '09:00');
    const past = await t.call(op, 'attendance:sign', {
      classUid: uid,
      serial: people[0]!.serial,
      action: 'in',
      sessionDate: '2026-11-30',
    });
    expect(past.ok ? null : past.error.message).toBe(
      '不能为过去的日期（2026-11-30）签到：漏签的场次请用“补签”，并填写原因',
    );
    const ahead = await t.call(op, 'attendance:sign', {
      classUid: uid,
      serial: people[0]!.serial,
      action: 'in',
      sessionDate: '2026-12-03',
    });
    expect(ahead.ok ? null : ahead.error.message).toBe(
      '不能提前为 2026-12-03 签到：签到只记录今天（2026-12-02）的场次',
    );

    const noReason = await t.call(op, 'attendance:makeup', {
      classUid: uid,
      serial: people[0]!.serial,
      sessionDate: '2026-11-30',
      signIn: '08:00',
      signOut: '17:00',
      reason: ' ',
    });
    expect(noReason.ok ? null : noReason.error.code).toBe('VALIDATION');
    const made = await t.must(op, 'attendance:makeup', {
      classUid: uid,
      serial: people[0]!.serial,
      sessionDate: '2026-11-30',
      signIn: '08:00',
      signOut: '17:00',
      reason: '签到机故障，凭纸质签到表补记',
    });
    expect(made).toMatchObject({ minutes: 540, makeups: 1, corrections: 0 });
    const twice = await t.call(op, 'attendance:makeup', {
      classUid: uid,
      serial: people[0]!.serial,
      sessionDate: '2026-11-30',
      signIn: '08:00',
      signOut: '17:00',
      reason: '再补一次',
    });
    expect(twice.ok ? null : twice.error.message).toBe('2026-11-30 已有签到记录：如时间不对，请在考勤明细中“更正”');
    const future = await t.call(op, 'attendance:makeup', {
      classUid: uid,
      serial: people[0]!.serial,
      sessionDate: '2026-12-03',
      signIn: '08:00',
      signOut: '17:00',
      reason: '提前补',
    });
    expect(future.ok ? null : future.error.message).toBe('不能为将来的日期补签');
    const audit = await t.db.get<{ after_json: string }>(
      "SELECT after_json FROM audit_log WHERE channel = 'attendance:makeup' AND action = 'makeup'",
    );
    expect(JSON.parse(audit!.after_json)).toMatchObject({ date: '2026-11-30', minutes: 540 });
  });

  it('corrects a wrong sign-in with a reason, keeps what it was, and never deletes a session', async () => {
    await at('2026-11-30', '08:00');
    await t.must(op, 'attendance:signAll', { classUid: uid, action: 'in' });
    await at('2026-11-30', '20:30');
    await t.must(op, 'attendance:signAll', { classUid: uid, action: 'out' });
    const a = (await t.must(op, 'attendance:sessions', { classUid: uid, serial: people[0]!.serial }))[0]!;
    expect(a.minutes).toBe(720);
    const fixed = await t.must(op, 'attendance:correct', {
      attendanceUid: a.uid,
      action: 'times',
      signIn: '08:00',
      signOut: '17:00',
      reason: '忘记签退，按授课记录更正',
    });
    expect(fixed).toMatchObject({ minutes: 540, corrections: 1 });
    const [s] = await t.must(op, 'attendance:sessions', { classUid: uid, serial: people[0]!.serial });
    expect(s!.adjustments).toEqual([
      expect.objectContaining({
        kind: 'correction',
        reason: '忘记签退，按授课记录更正',
        recordedBy: 'op1',
        before: expect.objectContaining({ minutes: 720, voided: false }),
        after: expect.objectContaining({ minutes: 540, voided: false }),
      }),
    ]);
    const other = (await t.must(op, 'attendance:sessions', { classUid: uid, serial: people[1]!.serial }))[0]!;
    const voided = await t.must(op, 'attendance:correct', {
      attendanceUid: other.uid,
      action: 'void',
      reason: '代签，本人未到课',
    });
    expect(voided).toMatchObject({ minutes: 0, corrections: 1 });
    expect(await t.db.value('SELECT voided FROM attendance WHERE uid = ?', other.uid)).toBe(1);

    // Only the app's recorded changes: the database refuses the rest, whoever writes (on PostgreSQL the
    // app role's rights refuse a DELETE, or an UPDATE of an adjustment, before the trigger does).
    await expect(t.db.run('UPDATE attendance SET minutes = 720 WHERE uid = ?', a.uid)).rejects.toThrow(
      /attendance changes only by signing out or by a recorded correction/,
    );
    await expect(t.db.run('DELETE FROM attendance WHERE uid = ?', other.uid)).rejects.toThrow(
      /never deleted|permission denied for table attendance/,
    );
    await expect(t.db.run("UPDATE attendance_adjustment SET reason = '改'")).rejects.toThrow(
      /append-only|permission denied for table attendance_adjustment/,
    );
    await expect(t.db.run('DELETE FROM attendance_adjustment')).rejects.toThrow(
      /append-only|permission denied for table attendance_adjustment/,
    );
    expect(await t.count('attendance')).toBe(2);
  });

  it('stops changing attendance once the assessment is recorded, and says how many hours are missing', async () => {
    await at('2026-11-30', '08:00');
    await t.must(op, 'attendance:signAll', { classUid: uid, action: 'in' });
    await at('2026-11-30', '18:00');
    await t.must(op, 'attendance:signAll', { classUid: uid, action: 'out' });
    const low = await t.call(op, 'completion:record', {
      serial: people[0]!.serial,
      result: 'passed',
      assessedOn: '2026-11-30',
    });
    expect(low.ok ? null : low.error.message).toBe(
      '出勤率 25% 低于最低要求 80%：还差 22 小时（已出勤 10 小时，按 40 学时计须达到 32 小时），不能结业',
    );
    await t.must(op, 'completion:record', { serial: people[0]!.serial, result: 'failed', assessedOn: '2026-11-30' });
    const late = await t.call(op, 'attendance:makeup', {
      classUid: uid,
      serial: people[0]!.serial,
      sessionDate: '2026-11-29',
      signIn: '08:00',
      signOut: '17:00',
      reason: '考核后补签',
    });
    expect(late.ok ? null : late.error.message).toBe('已记录结业考核结果，不能再补签或更正考勤');
  });

  it('shows the bureau every session with its 补签 and 更正, and flags hours added again and again', async () => {
    await at('2026-12-03', '09:00');
    for (const day of ['2026-11-29', '2026-11-30'])
      await t.must(op, 'attendance:makeup', {
        classUid: uid,
        serial: people[0]!.serial,
        sessionDate: day,
        signIn: '08:00',
        signOut: '18:00',
        reason: `${day} 纸质签到表补记`,
      });
    const record = await t.must(t.reviewer, 'training:record', { serial: people[0]!.serial });
    expect(record).toMatchObject({
      holderName: '杨丽华',
      institutionName: '龙陵县职业技能培训学校',
      klass: { name: '养老护理员初级一班', requiredHours: 40 },
      minutes: 1200,
      attendancePct: 50,
      makeups: 2,
      corrections: 0,
      completion: null,
    });
    expect(record.sessions.map((s) => [s.sessionDate, s.adjustments[0]?.reason])).toEqual([
      ['2026-11-29', '2026-11-29 纸质签到表补记'],
      ['2026-11-30', '2026-11-30 纸质签到表补记'],
    ]);
    expect(JSON.stringify(record)).not.toContain(people[0]!.idNumber);
    await t.must(t.reviewer, 'anomaly:scan', {});
    const flags = await t.must(t.reviewer, 'anomaly:list', { kind: 'attendance_makeup' });
    expect(flags.items.map((f) => f.reason)).toEqual([
      `券 ${people[0]!.serial} 在培训班“养老护理员初级一班”补签 2 次、更正增加学时 0 次，共补记 20 小时，占出勤 20 小时的 100%（原因：2026-11-29 纸质签到表补记；2026-11-30 纸质签到表补记）`,
    ]);
  });

  it('offers only vouchers of the class occupation and level, and refuses others with the reason', async () => {
    const idNumber = makeId('530523', '19900101', 803);
    const workerId = await t.newWorker({ idNumber, name: '赵四' });
    const v = await t.must(t.clerk, 'voucher:issue', { workerId, ...t.terms({ level: 'L4' }) });
    await t.must(op, 'redeem:confirm', { text: v.qrText, idNumber });
    const [c] = await t.must(op, 'class:candidates', { uid });
    const why = `券号 ${v.serial} 是“养老护理员 四级/中级工”的培训券，培训班“养老护理员初级一班”培训“养老护理员 五级/初级工”：培训券只能编入同一职业（工种）和等级的培训班`;
    expect(c).toMatchObject({ serial: v.serial, holderName: '赵四', level: 'L4', mismatch: why });
    const r = await t.call(op, 'class:addMembers', { uid, serials: [v.serial] });
    expect(r.ok ? null : r.error.message).toBe(why);
  });
});
