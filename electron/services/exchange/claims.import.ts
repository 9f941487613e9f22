// The bureau applies an institution's claim package record by record: what holds is applied,
// what conflicts is reported and left out, and a record seen before is skipped, so importing
// the same package twice changes nothing. A package whose signature fails is refused whole.
import { createPublicKey } from 'node:crypto';
import type { ClaimImportResult, ClaimRecordResult } from '../../../shared/contract/schemas/exchange';
import { getInstitution, isApproved } from '../../db/repos/catalog.repo';
import {
  claimRecord,
  importedPackage,
  insertClaimRecord,
  institutionKey,
  upsertClaimPackage,
} from '../../db/repos/exchange.repo';
import { findRedemption, insertRedemption, institutionNameByCode } from '../../db/repos/redemption.repo';
import * as training from '../../db/repos/training.repo';
import { findVoucherIdBySerial, getVoucher, setStatus } from '../../db/repos/voucher.repo';
import { getWorker } from '../../db/repos/worker.repo';
import { isoNow } from '../../core/clock';
import type { Ctx, WriteCtx } from '../../core/context';
import { localDate } from '../../../shared/domain/idNumber';
import { AppError } from '../../core/errors';
import type { Institution } from '../../../shared/contract/schemas/catalog';
import { checkEligibility, prepareTerms, ruleSettings } from '../voucher/eligibility';
import { CLAIM_FORMAT, type ClaimPackage, type ClaimRecord } from './claims.export';
import { requireMode } from './institution.service';
import { failureKnown } from '../../db/repos/holder.repo';
import { recordWrongHolder } from '../voucher/holder';
import { attendanceShortfall, belowMinimumHours, termsMismatch } from '../training/training.service';
import { openSignedFile } from './signedFile';
import {
  applyAttendanceChange,
  checkSession,
  claimDay,
  ClaimConflict,
  CLOCK_LEEWAY_MS,
  isInstant,
  latestDay,
} from './claims.attendance';
import { isConstraintError } from '../../db/driver/errors';
import { ClaimPackageShape, ORDER } from './claims.shape';
import { packageNumber, recordNumbering, withBureauNumbers } from './claims.ids';

class Conflict extends Error {}

const conflict = (why: string): never => {
  throw new Conflict(why);
};

async function voucherOf(ctx: Ctx, serial: string) {
  const id = await findVoucherIdBySerial(ctx.db, serial);
  return id === undefined ? conflict('券号不在本系统记录中') : (await getVoucher(ctx.db, id))!;
}

async function ownRedemption(ctx: Ctx, inst: Institution, serial: string) {
  const r = await findRedemption(ctx.db, serial);
  if (!r || r.institution_code !== inst.code) conflict('对应的核销记录未被接受');
}

async function applyRedemption(ctx: WriteCtx, inst: Institution, r: Extract<ClaimRecord, { kind: 'redemption' }>) {
  const v = await voucherOf(ctx, r.serial);
  if (r.qrText !== v.qrText) conflict('二维码内容与发券记录不符');
  // The institution's own word: a time that is no time, before the voucher existed or ahead of the
  // bureau's clock (a day's leeway for a wrong clock) would let a lapsed voucher be backdated.
  const at = isInstant(r.redeemedAt) ? Date.parse(r.redeemedAt) : NaN;
  if (Number.isNaN(at)) conflict(`核销时间“${r.redeemedAt.slice(0, 30)}”不是有效的时间`);
  // The day as the county counts days (issue and expiry dates are local dates, the time is UTC).
  const day = localDate(new Date(at));
  if (day < v.issueDate) conflict(`核销时间（${day}）早于发券日期（${v.issueDate}）`);
  if (at > ctx.clock.now().getTime() + CLOCK_LEEWAY_MS) conflict(`核销时间（${day}）晚于今天，请核对机构电脑的日期`);
  if (day > v.expiryDate) conflict(`核销时（${day}）培训券已过期（有效期至 ${v.expiryDate}）`);
  if (v.institutionId !== null && v.institutionId !== inst.id) conflict('定向券，指定在其他培训机构使用');
  if (!(await isApproved(ctx.db, inst.id, v.occupationCode, v.level)))
    conflict('机构未获准开展该职业（工种）等级的培训');
  if (!r.holderConfirmed) conflict('核销时未核对持券人身份');
  // Asked only of a claim that could otherwise stand: this refusal is what 一券两家申报 counts, so a
  // claim of a voucher directed elsewhere, of a trade the institution may not teach, or without the
  // holder, must not reach it (an insider's way to put a flag on the redeemer's batch).
  const prior = await findRedemption(ctx.db, r.serial);
  if (prior)
    conflict(
      `已由 ${(await institutionNameByCode(ctx.db, prior.institution_code)) ?? prior.institution_code} 于 ${prior.redeemed_at.slice(0, 10)} 先行核销`,
    );
  if (v.status === 'revoked') conflict(`核销时培训券已作废：${v.revokeReason ?? ''}`);
  if (v.status !== 'issued' && v.status !== 'expired') conflict(`培训券状态为 ${v.status}，不能核销`);
  const worker = (await getWorker(ctx.db, v.workerId))!;
  const terms = { planId: v.planId, occupationCode: v.occupationCode, level: v.level, institutionId: null };
  const { refusals } = await checkEligibility(
    ctx.db,
    worker,
    await prepareTerms(ctx.db, terms, day),
    day,
    await ruleSettings(ctx.db),
    v.id,
  );
  const standing = refusals.filter((x) => x.rule !== 'STANDARD');
  if (standing.length) conflict(standing.map((x) => x.message).join('；'));
  await setStatus(ctx.db, v.id, v.status, 'redeemed', r.redeemedAt, null, `${inst.name}离线核销（申报包导入）`, {
    institutionId: inst.id,
  });
  await insertRedemption(ctx.db, {
    serial: r.serial,
    institution_code: inst.code,
    redeemed_at: r.redeemedAt,
    redeemed_by: null,
    holder_confirmed: 1,
    qr_text: r.qrText,
    source: 'claim',
    record_uid: r.uid,
  });
}

async function apply(ctx: WriteCtx, inst: Institution, r: ClaimRecord) {
  switch (r.kind) {
    case 'holderFailure': {
      // Counted at the bureau as if typed here: five within a day hold the voucher for every install.
      const v = await voucherOf(ctx, r.serial);
      if (Number.isNaN(Date.parse(r.at))) conflict('输错记录的时间无效');
      if (await failureKnown(ctx.db, r.uid)) return;
      await recordWrongHolder(ctx, {
        serial: r.serial,
        voucherId: v.id,
        idNumber: null,
        institutionCode: inst.code,
        reported: { uid: r.uid, at: new Date(Date.parse(r.at)).toISOString() },
      });
      return;
    }
    case 'redemption':
      return applyRedemption(ctx, inst, r);
    case 'class': {
      if (await training.getClass(ctx.db, r.uid)) return;
      // As the install's own form allows: real days, the end not before the start (a class from the
      // year 0000 let makeups of that day through, whose dates then stopped the anomaly scan).
      if (claimDay(r.endDate, '结束日期') < claimDay(r.startDate, '开班日期')) conflict('结束日期早于开班日期');
      // The bureau's own 最低学时, whatever the institution's install allowed.
      const short = await belowMinimumHours(ctx, r);
      if (short) conflict(short);
      return training.insertClass(ctx.db, { ...r, institutionCode: inst.code, createdAt: isoNow(ctx.clock) });
    }
    case 'member': {
      await ownRedemption(ctx, inst, r.serial);
      const c = await training.getClass(ctx.db, r.classUid);
      if (c?.institutionCode !== inst.code) return conflict('培训班记录不存在');
      if (await training.memberClass(ctx.db, r.serial)) conflict('学员已在其他班级');
      const v = await voucherOf(ctx, r.serial);
      const other = termsMismatch({ occupation: v.occupationCode, level: v.level }, c, r.serial);
      if (other) conflict(other);
      return training.addMember(ctx.db, r.classUid, r.serial);
    }
    case 'attendance': {
      if ((await training.memberClass(ctx.db, r.serial)) !== r.classUid) conflict('学员不在该培训班');
      const c = (await training.getClass(ctx.db, r.classUid))!;
      if (await training.findCompletion(ctx.db, r.serial)) conflict('已有结业记录，考勤不再更改');
      // The package's minutes are not taken: counted from the times, as a sign-out here is.
      const at = await checkSession(
        ctx,
        c,
        r.serial,
        { date: r.sessionDate, signIn: r.signIn, signOut: r.signOut },
        { afterRedemption: true },
      );
      await training.insertAttendance(ctx.db, {
        uid: r.uid,
        classUid: r.classUid,
        serial: r.serial,
        date: r.sessionDate,
        at: at.signIn,
      });
      if (at.signOut) await training.closeAttendance(ctx.db, r.uid, at.signOut, at.minutes);
      return;
    }
    case 'signOut':
    case 'attendanceAdjustment':
      return applyAttendanceChange(ctx, inst, r);
    case 'completion': {
      await ownRedemption(ctx, inst, r.serial);
      if (await training.findCompletion(ctx.db, r.serial)) conflict('已有结业记录');
      // The rate from the attendance the bureau accepted, not the one the package states.
      const uid = await training.memberClass(ctx.db, r.serial);
      const c = uid ? await training.getClass(ctx.db, uid) : undefined;
      if (!c) return conflict('学员不在已接受的培训班中');
      const assessedOn = claimDay(r.assessedOn, '结业考核日期');
      if (assessedOn < c.startDate) conflict(`结业考核日期（${assessedOn}）早于开班日期（${c.startDate}）`);
      // A future day would keep a completion off 迟报 for good (a red-team's finding).
      if (assessedOn > latestDay(ctx)) conflict(`结业考核日期（${assessedOn}）晚于今天，请核对机构电脑的日期`);
      const { pct, why } = await attendanceShortfall(ctx, r.serial, c);
      if (r.result === 'passed' && why) conflict(why);
      await training.insertCompletion(ctx.db, {
        serial: r.serial,
        uid: r.uid,
        result: r.result,
        assessedOn: r.assessedOn,
        pct,
        at: isoNow(ctx.clock),
      });
      const v = await voucherOf(ctx, r.serial);
      if (
        r.result === 'passed' &&
        !(await setStatus(ctx.db, v.id, 'redeemed', 'completed', isoNow(ctx.clock), null, '结业（申报包导入）'))
      ) {
        conflict('培训券状态不能结业');
      }
      return;
    }
    case 'certificate': {
      await ownRedemption(ctx, inst, r.serial);
      if ((await training.findCompletion(ctx.db, r.serial))?.result !== 'passed')
        conflict('结业考核未合格，不能登记证书');
      if (await training.certificateByNumber(ctx.db, r.number)) conflict(`证书编号 ${r.number} 已被使用`);
      claimDay(r.issuedOn, '发证日期');
      const v = await voucherOf(ctx, r.serial);
      await training.insertCertificate(ctx.db, {
        uid: r.uid,
        serial: r.serial,
        workerId: v.workerId,
        type: r.type,
        number: r.number,
        occupationCode: r.occupationCode,
        level: r.level,
        issuingBody: r.issuingBody,
        issuedOn: r.issuedOn,
        historical: 0,
        at: isoNow(ctx.clock),
      });
      if (!(await setStatus(ctx.db, v.id, 'completed', 'certified', isoNow(ctx.clock), null, '取证（申报包导入）'))) {
        conflict('培训券状态不能登记取证');
      }
      return;
    }
  }
}

/** Runs inside the dispatcher's transaction; each record in its own savepoint. */
export async function importClaims(ctx: WriteCtx, text: string): Promise<ClaimImportResult> {
  await requireMode(ctx.db, 'bureau');
  const { payload: signed, kid } = await openSignedFile<unknown>(text, CLAIM_FORMAT, '申报包', async (k) => {
    const bound = await institutionKey(ctx.db, k);
    if (bound?.superseded_at) {
      const name = (await getInstitution(ctx.db, bound.institution_id))?.name ?? '该机构';
      throw new AppError(
        'RULE',
        `申报包由${name}已停用的旧密钥 ${k} 签名（${bound.superseded_at.slice(0, 10)} 起改用新密钥），整包不予接受：请在机构现用的电脑上导出申报包`,
      );
    }
    return bound ? createPublicKey(bound.public_key_pem) : null;
  });
  const shape = ClaimPackageShape.safeParse(signed);
  if (!shape.success) throw new AppError('VALIDATION', '申报包内容已损坏');
  const payload = shape.data as ClaimPackage;
  const inst = (await getInstitution(ctx.db, (await institutionKey(ctx.db, kid))!.institution_id))!;
  // As a suspended institution cannot redeem online. Refused whole, with no record kept, so that the
  // same file imports once the institution is active again.
  if (inst.status !== 'active')
    throw new AppError(
      'RULE',
      `培训机构“${inst.name}”已暂停，其申报包暂不接受（整包未导入）；恢复后可再次导入同一文件`,
    );
  if (payload.institutionCode !== inst.code)
    throw new AppError(
      'RULE',
      `申报包的机构代码 ${payload.institutionCode} 与签名密钥所属机构 ${inst.code} 不符，已整体拒绝`,
    );
  // An install names each export anew. The same id again is the same file imported twice (every
  // record a duplicate); with records it did not hold, it is another file under an old id, whose
  // records would count as received when the old one was (a red-team's finding: 迟报 measures from
  // a package's import). Ids are the bureau's per institution (claims.ids).
  const packageId = await packageNumber(ctx.db, inst.id, payload.packageId);
  const earlier = await importedPackage(ctx.db, packageId);
  const numbering = recordNumbering(ctx.db, inst.id);
  const records = [...payload.records].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  const results: ClaimRecordResult[] = [];
  for (const sent of records) {
    const r = await withBureauNumbers(numbering, sent);
    const serial = 'serial' in r ? r.serial : null;
    const seen = await claimRecord(ctx.db, r.uid);
    if (seen) {
      results.push({ uid: sent.uid, kind: r.kind, serial, outcome: 'duplicate', reason: seen.reason });
      continue;
    }
    if (earlier)
      throw new AppError(
        'RULE',
        `申报包编号 ${payload.packageId} 已于 ${localDate(new Date(earlier.imported_at))} 导入过，此文件却含有当时没有的记录，整包不予接受：请在机构电脑上重新导出申报包`,
      );
    let reason: string | null = null;
    try {
      await ctx.db.savepoint(() => apply(ctx, inst, r));
    } catch (e) {
      // A record the database's own rules refuse (a CHECK, a UNIQUE, a foreign key) does not hold
      // either: its savepoint is rolled back and it is reported like any other conflict.
      if (e instanceof Conflict || e instanceof ClaimConflict) reason = e.message;
      else if (isConstraintError(e)) reason = '记录内容不符合数据要求，未予接受';
      else throw e;
    }
    const outcome = reason === null ? 'applied' : 'conflict';
    await insertClaimRecord(ctx.db, {
      uid: r.uid,
      packageId,
      kind: r.kind,
      serial,
      outcome,
      reason,
      statedAt:
        r.kind === 'redemption' && isInstant(r.redeemedAt) ? new Date(Date.parse(r.redeemedAt)).toISOString() : null,
    });
    results.push({ uid: sent.uid, kind: r.kind, serial, outcome, reason });
  }
  const count = (o: ClaimRecordResult['outcome']) => results.filter((r) => r.outcome === o).length;
  const summary = {
    packageId: payload.packageId,
    institutionCode: inst.code,
    applied: count('applied'),
    conflicts: count('conflict'),
    duplicates: count('duplicate'),
  };
  await upsertClaimPackage(ctx.db, {
    packageId,
    institutionId: inst.id,
    at: isoNow(ctx.clock),
    applied: summary.applied,
    conflicts: summary.conflicts,
  });
  await ctx.audit({ action: 'importClaims', entity: 'claimPackage', entityId: packageId, after: summary });
  return { ...summary, records: results };
}
