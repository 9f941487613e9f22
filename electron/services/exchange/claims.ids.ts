// An institution's numbers as the bureau keeps them. An install numbers its packages and records
// itself (random UUIDs) and the bureau keys what it imports by those numbers; with one namespace for
// all, an institution that got hold of another's package (a shared USB drive, a township office
// passing files on) could import its own signed records under the other's numbers first, and the
// other's redemptions, classes and sessions were then "seen before" — refused for good, as the
// install sends the same numbers again (a red-team's finding). Each institution's numbers are kept
// under its own id now: `<institution id>:<number>`. Numbers a bureau imported before this, kept
// bare, stay bare when every holder of the number is the same institution; and a number held bare in
// the shape of another's (`<id>:<number>`, planted before this) pushes that one on a level
// (`<id>:<id>:<number>`), so that no row imported before decides whose a number is now.
import type { Queryable } from '../../db/driver/types';
import { importedPackage, uidHolders } from '../../db/repos/exchange.repo';
import { AppError } from '../../core/errors';
import type { ClaimRecord } from './claims.export';

export type Numbering = (uid: string) => Promise<string>;

/** Levels of `<id>:` tried before a number is given up on (each needs a row planted before). */
const LEVELS = 3;

/** The first of `n`'s forms for the institution that no other institution holds. */
async function ownForm(institutionId: number, n: string, held: (form: string) => Promise<boolean>): Promise<string> {
  let form = n;
  for (let level = 0; level < LEVELS; level++) {
    form = `${institutionId}:${form}`;
    if (!(await held(form))) return form;
  }
  throw new AppError(
    'RULE',
    `申报包中的编号 ${n.slice(0, 64)} 在本局已被其他机构的记录占用，整包不予接受：请系统管理员核查该编号的来历`,
  );
}

/** The bureau's numbers for one institution's records, remembered for one import. */
export function recordNumbering(db: Queryable, institutionId: number): Numbering {
  const known = new Map<string, string>();
  const byOthers = async (form: string) => (await uidHolders(db, form)).some((h) => h !== institutionId);
  return async (uid) => {
    let n = known.get(uid);
    if (n === undefined) {
      const holders = await uidHolders(db, uid);
      const bare = holders.length > 0 && holders.every((h) => h === institutionId);
      n = bare ? uid : await ownForm(institutionId, uid, byOthers);
      known.set(uid, n);
    }
    return n;
  };
}

/** The bureau's number for a package: the same rule, for package numbers. */
export async function packageNumber(db: Queryable, institutionId: number, id: string): Promise<string> {
  if ((await importedPackage(db, id))?.institution_id === institutionId) return id;
  return ownForm(institutionId, id, async (form) => {
    const p = await importedPackage(db, form);
    return p !== undefined && p.institution_id !== institutionId;
  });
}

/**
 * A record with the bureau's numbers in place of the install's. A sign-out's number is its
 * session's and `:out` (the anomaly list finds the session by it), when the install wrote it so.
 */
export async function withBureauNumbers(n: Numbering, r: ClaimRecord): Promise<ClaimRecord> {
  switch (r.kind) {
    case 'member':
    case 'attendance':
      return { ...r, uid: await n(r.uid), classUid: await n(r.classUid) };
    case 'attendanceAdjustment':
      return { ...r, uid: await n(r.uid), classUid: await n(r.classUid), attendanceUid: await n(r.attendanceUid) };
    case 'signOut': {
      const attendanceUid = await n(r.attendanceUid);
      const uid = r.uid === `${r.attendanceUid}:out` ? `${attendanceUid}:out` : await n(r.uid);
      return { ...r, uid, attendanceUid };
    }
    default:
      return { ...r, uid: await n(r.uid) };
  }
}
