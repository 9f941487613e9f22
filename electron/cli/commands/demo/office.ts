// The bureau's windows: clerks register workers (with records from before the system), issue
// vouchers one by one and in a batch, prepare settlement batches and record payments and what
// became of trainees; reviewers revoke vouchers, approve (or return) batches and record a recovery.
import type { Actor } from './actors';
import { registrationForm } from './people';
import { localDate } from '../../../../shared/domain/idNumber';
import type { DemoWorker, IssuedRef, PlannedClass, Seat } from './plan';
import { REVOKE_REASONS } from './scenario';
import { fundFor, STEP, type World } from './world';

const OLD_SCHOOLS = ['龙陵县劳动就业服务局培训中心', '保山技师学院', '龙陵县农业广播电视学校'];
const OLD_TRAININGS = [
  ['4-10-01-05', 'L5'],
  ['5-05-02-02', 'L5'],
  ['4-03-02-01', 'L5'],
  ['6-02-06-01', 'L4'],
] as const;
const OLD_CERTIFICATES = [
  ['6-31-01-03', 'L3'],
  ['6-31-01-03', 'L2'],
  ['4-03-02-01', 'L3'],
  ['6-18-02-04', 'L4'],
  ['4-10-01-05', 'L4'],
] as const;

async function register(w: World, clerk: Actor, worker: DemoWorker): Promise<void> {
  const { rng, clock, seq } = w;
  const detail = await clerk.call('worker:create', registrationForm(rng, worker.person));
  worker.workerId = detail.id;
  clock.tick(STEP.register);
  // Records from before the system, typed in from the worker's old certificates (补录).
  if (worker.history.training) {
    const [occupationCode, level] = rng.pick(OLD_TRAININGS);
    const year = rng.int(2019, 2024);
    const start = `${year}-${String(rng.int(3, 10)).padStart(2, '0')}-${String(rng.int(1, 15)).padStart(2, '0')}`;
    await clerk.call('archive:addHistoricalTraining', {
      workerId: detail.id,
      institutionName: rng.pick(OLD_SCHOOLS),
      occupationCode,
      level,
      startDate: start,
      endDate: start.slice(0, 8) + String(Number(start.slice(8)) + rng.int(5, 12)).padStart(2, '0'),
      hours: rng.pick([40, 56, 64, 80]),
      result: rng.chance(0.8) ? 'passed' : 'unknown',
      note: '系统启用前的培训，据结业证书补录',
    });
  }
  if (worker.history.certificate) {
    const [occupationCode, level] = rng.pick(OLD_CERTIFICATES);
    const year = rng.int(2016, 2024);
    await clerk.call('archive:addHistoricalCertificate', {
      workerId: detail.id,
      type: 'skill_level',
      number: `L0530523${year}${String(++seq.certificate).padStart(6, '0')}`,
      occupationCode,
      level,
      issuingBody: '云南省职业技能鉴定中心',
      issuedOn: `${year}-${String(rng.int(1, 12)).padStart(2, '0')}-15`,
    });
  }
}

async function issue(
  w: World,
  clerk: Actor,
  worker: DemoWorker,
  spec: PlannedClass['spec'],
  institution: string | null,
): Promise<IssuedRef> {
  const v = await clerk.call('voucher:issue', {
    workerId: worker.workerId!,
    planId: w.planIds.get(spec.plan)!,
    occupationCode: spec.occupation,
    level: spec.level,
    institutionId: institution ? w.institutionIds.get(institution)! : null,
    fundSource: fundFor(spec.plan),
  });
  w.clock.tick(STEP.issue);
  return { id: v.id, serial: v.serial, qrText: v.qrText };
}

/**
 * 批量发券 for a forestry class: the rangers on the forestry bureau's list, previewed, then issued
 * as one job; the clerk then opens each voucher to print it (its QR text is what the ranger brings).
 */
async function issueBatch(w: World, clerk: Actor, cls: PlannedClass): Promise<void> {
  const spec = cls.spec;
  const terms = {
    planId: w.planIds.get(spec.plan)!,
    occupationCode: spec.occupation,
    level: spec.level,
    institutionId: w.institutionIds.get(cls.term.spec.institution)!,
    fundSource: fundFor(spec.plan),
    selection: { workerIds: cls.seats.map((s) => s.worker.workerId!) },
  };
  const preview = await clerk.call('voucher:batchPreview', terms);
  if (preview.refusedCount > 0)
    throw new Error(`演示批量发券：${preview.refused[0]!.refusals.map((r) => r.message).join('；')}`);
  const done = (await clerk.job(await clerk.call('voucher:issueBatch', terms))) as { batchId: number };
  const byWorker = new Map(cls.seats.map((s) => [s.worker.workerId!, s]));
  for (let page = 1; ; page++) {
    const list = await clerk.call('voucher:list', { batchId: done.batchId, page, pageSize: 200 });
    for (const item of list.items) {
      const v = await clerk.call('voucher:get', { id: item.id });
      byWorker.get(item.workerId)!.voucher = { id: v.id, serial: v.serial, qrText: v.qrText! };
    }
    if (page * 200 >= list.total) break;
  }
}

/** One clerk's day at the window: registrations, single vouchers, a batch for a forestry class. */
export async function windowDay(w: World, day: number, clerkIndex: number): Promise<void> {
  const clerk = w.staff.clerks[clerkIndex]!;
  const mine = (x: { registerDay: number; clerk: number }) => x.registerDay === day && x.clerk === clerkIndex;
  for (const worker of w.plan.workers.filter(mine)) await register(w, clerk, worker);
  const seats: Seat[] = w.plan.terms.flatMap((t) => t.classes.flatMap((c) => c.seats));
  for (const s of seats.filter((s) => !s.cls.spec.batch && s.issueDay === day && s.clerk === clerkIndex))
    s.voucher = await issue(w, clerk, s.worker, s.cls.spec, s.designated ? s.cls.term.spec.institution : null);
  for (const v of w.plan.loose.filter((v) => v.fate !== 'none' && mine(v.worker)))
    v.voucher = await issue(w, clerk, v.worker, v.spec, v.designated ? v.institution : null);
  for (const t of w.plan.terms)
    for (const cls of t.classes.filter((c) => c.spec.batch && c.seats.length > 0))
      if (t.issueDays[0] === day && w.plan.terms.indexOf(t) % 2 === clerkIndex) await issueBatch(w, clerk, cls);
}

/** The treasury pays this many days after the review (so the round after the last review has nothing to record). */
const PAYMENT_DAYS = 5;

/**
 * A settlement round at the window: payments the treasury made for batches approved earlier are
 * recorded with their voucher number, a batch is prepared per institution from everything payable,
 * and trainees' later employment and honours (from follow-up calls) go into their archives.
 */
export async function settlementRound(w: World, day: number, clerk: Actor, round: number): Promise<void> {
  const today = w.cal.date(day);
  const approved = await clerk.call('settlement:list', { status: 'approved', pageSize: 200 });
  for (const b of approved.items) {
    const detail = await clerk.call('settlement:get', { id: b.id });
    const paidOn = plusDays(detail.reviewedAt!.slice(0, 10), PAYMENT_DAYS);
    if (paidOn > today) continue;
    await clerk.call('settlement:pay', {
      id: b.id,
      paidOn,
      paymentRef: `LLCZ-${paidOn.slice(0, 4)}-${String(++w.seq.payment).padStart(4, '0')}`,
    });
    w.clock.tick(STEP.record);
  }
  for (const [code, institutionId] of w.institutionIds) {
    const payable = (await clerk.call('settlement:candidates', { institutionId })).filter((c) => c.payable);
    if (payable.length === 0) continue;
    const batch = await clerk.call('settlement:create', {
      institutionId,
      voucherIds: payable.map((c) => c.voucherId),
      note: `${today.slice(0, 7)} ${code} 培训补贴`,
    });
    w.state.prepared.set(round, [...(w.state.prepared.get(round) ?? []), batch.id]);
    w.clock.tick(STEP.record);
  }
  await followUps(w, day, clerk);
}

const EMPLOYERS: Record<string, [kind: 'employed' | 'self_employed' | 'business', employer: string]> = {
  '4-10-01-05': ['employed', '龙陵县中心敬老院'],
  '4-14-01-03': ['employed', '龙山镇颐养院'],
  '4-03-02-01': ['employed', '龙陵县鑫源大酒店'],
  '4-03-02-02': ['self_employed', '自营早点铺'],
  '6-31-01-03': ['employed', '龙陵县城投建设有限公司'],
  '6-02-06-01': ['employed', '云岭茶业有限公司'],
  '6-02-06-03': ['employed', '云岭茶业有限公司'],
  'S-001': ['business', '个体工商户（自主创业）'],
};

async function followUps(w: World, day: number, clerk: Actor): Promise<void> {
  const { rng } = w;
  for (const s of w.plan.terms.flatMap((t) => t.classes.flatMap((c) => c.seats))) {
    const workerId = s.worker.workerId!;
    if (s.employmentRound === day) {
      const [kind, employer] = EMPLOYERS[s.cls.spec.occupation] ?? ['self_employed', '灵活就业'];
      await clerk.call('archive:addEmployment', {
        workerId,
        kind,
        employer,
        startedOn: w.cal.date(day - rng.int(5, 20)),
        note: '培训后跟踪回访登记',
      });
    }
    if (s.honourRound === day)
      await clerk.call('archive:addHonour', {
        workerId,
        kind: 'competition',
        name: `保山市职业技能大赛${s.cls.spec.occupationName}项目`,
        rank: 'municipal',
        award: rng.pick(['二等奖', '三等奖', '优秀奖']),
        year: Number(w.cal.date(day).slice(0, 4)),
        issuer: '保山市人力资源和社会保障局',
      });
  }
}

/**
 * A reviewer's morning: vouchers whose holders gave them up are revoked (作废), the round's batches
 * waiting are approved — one, once, is returned (退回) with a voucher to take out — and, from `recovery` on, one
 * subsidy found to be partly unearned is recovered (追回).
 */
export async function reviewDay(
  w: World,
  reviewer: Actor,
  opts: { round: number; returnOne: boolean; recovery: boolean },
): Promise<void> {
  const { returned } = w.state;
  for (const v of w.plan.loose.filter((v) => v.fate === 'revoked' && v.voucher && !v.revoked)) {
    await reviewer.call('voucher:revoke', { id: v.voucher!.id, reason: w.rng.pick(REVOKE_REASONS) });
    v.revoked = true;
    w.clock.tick(STEP.record);
  }
  const mine = new Set(w.state.prepared.get(opts.round));
  const waiting = await reviewer.call('settlement:list', { status: 'submitted', pageSize: 200 });
  for (const b of waiting.items.filter((x) => mine.has(x.id))) {
    const detail = await reviewer.call('settlement:get', { id: b.id });
    if (opts.returnOne && returned.batchId === 0 && detail.items.length >= 2) {
      const item = detail.items[0]!;
      returned.batchId = b.id;
      returned.voucherId = item.voucherId;
      await reviewer.call('settlement:return', {
        id: b.id,
        reason: `券 ${item.serial} 的结业考核记录与签到表不一致，请移出核实后重报`,
      });
    } else await reviewer.call('settlement:approve', { id: b.id });
    w.clock.tick(STEP.record);
  }
  if (opts.recovery && !w.state.recovered) await recoverOne(w, reviewer);
}

async function recoverOne(w: World, reviewer: Actor): Promise<void> {
  const paid = await reviewer.call('settlement:list', { status: 'paid', pageSize: 1 });
  const batch = paid.items[0];
  if (!batch) return;
  const item = (await reviewer.call('settlement:get', { id: batch.id })).items[0]!;
  await reviewer.call('settlement:recover', {
    voucherId: item.voucherId,
    amountFen: Math.round(item.amountFen / 2),
    reason: '回访抽查发现该学员有两天考勤由他人代签，按未实际参训比例追回',
    recoveredOn: localDate(w.clock.now()),
    reference: `ZH-${String(++w.seq.recovery).padStart(4, '0')}`,
  });
  w.state.recovered = true;
}

/** The clerk takes the questioned voucher out of the returned batch and submits it again. */
export async function resubmitReturned(w: World, clerk: Actor): Promise<void> {
  const { returned } = w.state;
  if (!returned.batchId) return;
  await clerk.call('settlement:resubmit', { id: returned.batchId, removeVoucherIds: [returned.voucherId] });
}

export function plusDays(date: string, n: number): string {
  const d = new Date(`${date}T12:00:00`);
  d.setDate(d.getDate() + n);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
