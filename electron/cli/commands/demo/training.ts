// The training institutions' side: on a term's first morning the operator redeems each trainee's
// voucher from its QR and the holder's ID number, opens the classes and enrols them; every class day
// trainees sign in at 08:00 and out at 18:00; the last evening records the assessment, and weeks
// later the certificates.
import type { Actor } from './actors';
import type { PlannedClass, Seat, Term } from './plan';
import { CERTIFICATE_TYPE, CLASS_DAY } from './scenario';
import { STEP, type World } from './world';

const CERTIFYING_BODY: Record<string, string> = {
  skill_level: '龙陵县职业技能鉴定所',
  special_ability: '保山市职业技能鉴定中心',
  entrepreneurship: '龙陵县就业服务中心',
};
const TEACHERS = ['李红梅、杨志刚', '段春华', '赵明、周丽', '黄建国'];
const LEVEL_WORDS: Record<string, string> = {
  L5: '五级',
  L4: '四级',
  L3: '三级',
  special: '专项能力',
  syb: 'SYB',
};

const operatorOf = (w: World, t: Term): Actor => w.staff.operators.get(t.spec.institution)!;
const enrolled = (c: PlannedClass) => c.seats.filter((s) => s.voucher);

/** 核销 and 开班: the first morning of a term. */
async function enrol(w: World, term: Term): Promise<void> {
  const op = operatorOf(w, term);
  for (const cls of term.classes) {
    for (const s of enrolled(cls)) {
      const r = await op.call('redeem:confirm', { text: s.voucher!.qrText, idNumber: s.worker.person.idNumber });
      if (!r.ok) throw new Error(`演示核销被拒绝（${s.voucher!.serial}）：${r.message}`);
      w.clock.tick(STEP.redeem);
    }
    if (enrolled(cls).length === 0) continue;
    const start = term.spec.day;
    const number = w.plan.terms.indexOf(term) + 1;
    const created = await op.call('class:create', {
      name: `第${number}期${cls.spec.occupationName}（${LEVEL_WORDS[cls.spec.level] ?? cls.spec.level}）培训班`,
      occupationCode: cls.spec.occupation,
      level: cls.spec.level,
      startDate: w.cal.date(start),
      endDate: w.cal.date(start + cls.days - 1),
      plannedHours: cls.hours,
      teachers: TEACHERS[cls.index % TEACHERS.length]!,
    });
    cls.uid = created.uid;
    const serials = enrolled(cls).map((s) => s.voucher!.serial);
    for (let i = 0; i < serials.length; i += 500)
      await op.call('class:addMembers', { uid: created.uid, serials: serials.slice(i, i + 500) });
  }
}

const present = (cls: PlannedClass, k: number): Seat[] =>
  k < cls.days ? enrolled(cls).filter((s) => s.absentDay !== k) : [];

async function sign(w: World, term: Term, k: number, action: 'in' | 'out'): Promise<void> {
  const op = operatorOf(w, term);
  for (const cls of term.classes.filter((c) => c.uid)) {
    const who = present(cls, k);
    // Those who came first leave first: everyone's day is about the same length.
    for (const s of who) {
      await op.call('attendance:sign', { classUid: cls.uid!, serial: s.voucher!.serial, action });
      w.clock.tick(STEP.sign);
    }
    if (action === 'out' && k === cls.days - 1) await assess(w, op, cls, term.spec.day + k);
  }
}

/**
 * 结业考核 on the last evening, from the roster the operator sees: passed at the minimum attendance
 * rate or above, failed below (a missed day in a short class).
 */
async function assess(w: World, op: Actor, cls: PlannedClass, day: number): Promise<void> {
  const roster = await op.call('class:get', { uid: cls.uid! });
  const pct = new Map(roster.roster.map((r) => [r.serial, r.attendancePct]));
  for (const s of enrolled(cls)) {
    s.passed = (pct.get(s.voucher!.serial) ?? 0) >= roster.minAttendancePct;
    await op.call('completion:record', {
      serial: s.voucher!.serial,
      result: s.passed ? 'passed' : 'failed',
      assessedOn: w.cal.date(day),
    });
    w.clock.tick(STEP.record);
  }
}

/** 取证: certificates from the assessment body, typed in by the operator. */
async function certify(w: World, term: Term): Promise<void> {
  const op = operatorOf(w, term);
  for (const cls of term.classes) {
    const type = CERTIFICATE_TYPE[cls.spec.level] ?? 'skill_level';
    for (const s of enrolled(cls).filter((s) => s.passed && s.certified)) {
      const issuedOn = w.cal.date(term.certDay - 3);
      await op.call('certificate:record', {
        serial: s.voucher!.serial,
        type,
        number: `${type === 'skill_level' ? 'S' : type === 'special_ability' ? 'Z' : 'C'}0530523${issuedOn.slice(0, 4)}${String(++w.seq.certificate).padStart(6, '0')}`,
        occupationCode: cls.spec.occupation,
        level: cls.spec.level,
        issuingBody: CERTIFYING_BODY[type]!,
        issuedOn,
      });
      w.clock.tick(STEP.record);
    }
  }
}

/** Puts a term's days on the timeline: enrolment, class days morning and evening, certificates. */
export function scheduleTerm(w: World, add: (at: Date, run: () => Promise<void>) => void, term: Term): void {
  const days = Math.max(...term.classes.map((c) => c.days));
  for (let k = 0; k < days; k++) {
    const day = term.spec.day + k;
    add(w.cal.at(day, CLASS_DAY.start), async () => {
      if (k === 0) await enrol(w, term);
      await sign(w, term, k, 'in');
    });
    add(w.cal.at(day, CLASS_DAY.end), () => sign(w, term, k, 'out'));
  }
  add(w.cal.at(term.certDay, 10, 30), () => certify(w, term));
}
