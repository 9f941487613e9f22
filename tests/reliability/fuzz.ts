// Issue 7, point 3: property and fuzz tests of every place where untrusted text or bytes come in —
// the QR verifier, the ID number check, the spreadsheet import, the signed claim package and the
// input schema of every channel — as one campaign that can be run with any number of runs and seed.
//
// What counts against the system:
// - a crash: an exception out of `dispatch` (or out of `checkIdNumber`), no answer within the time
//   limit, an answer that is not an envelope, an INTERNAL error where a refusal was due, or any other
//   break of a property's contract (a refusal with the wrong code or without a Chinese message, a
//   valid ID number refused);
// - a false accept: a mutated or random input reported as genuine (valid voucher or extract, an
//   ID number accepted that is not one, a claim package whose signed content was altered taken in);
// - an unexpected write: the database fingerprint (`dbFingerprint`) changed where nothing may be
//   written (a refused input, a read-only answer).
import fc from 'fast-check';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import iconv from 'iconv-lite';
import type { Env } from '../../electron/core/context';
import { jobCtx, systemCall } from '../../electron/core/callContext';
import { dispatch } from '../../electron/core/dispatcher';
import { createEnv } from '../../electron/core/env';
import { MemorySessionStore } from '../../electron/core/sessions';
import type { TestDb } from '../fixtures/testDb';
import { recordExtract } from '../../electron/services/archive/archive.service';
import ExcelJS from '../../electron/services/excel/exceljs';
import { CLAIM_FORMAT } from '../../electron/services/exchange/claims.export';
import { signFile } from '../../electron/services/exchange/signedFile';
import { base45Decode, base45Encode } from '../../electron/services/qr/base45';
import { decodeText, signToText } from '../../electron/services/qr/cose';
import { cleanScan, EXTRACT_PREFIX } from '../../electron/services/voucher/verify';
import { VOUCHER_PREFIX } from '../../electron/services/qr/voucherClaims';
import { resolveTyped } from '../../electron/services/voucher/voucher.service';
import { COUNTIES } from '../../shared/catalog/regions.data';
import { countyName } from '../../shared/catalog/regions';
import { channels, CHANNEL_NAMES, type ChannelName } from '../../shared/contract/channels';
import type { Result } from '../../shared/contract/result';
import type { Role } from '../../shared/contract/roles';
import { checkCharFor, checkIdNumber, normalizeIdNumber } from '../../shared/domain/idNumber';
import { PASSWORD } from '../fixtures/env';
import { makeId } from '../fixtures/ids';
import { makeVoucherEnv, type VoucherEnv } from '../fixtures/vouchers';
import { writeWorkbook } from '../fixtures/workersXlsx';
import { HEAD } from '../fixtures/workersXlsx';
import { passwordChosen } from '../fixtures/passwordChosen';
import { testDb } from '../fixtures/testDb';

export interface FuzzReport {
  inputsTried: number;
  crashes: number;
  falseAccepts: number;
  unexpectedWrites: number;
  details: string[];
}

export interface FuzzOptions {
  runs: number;
  seed?: number;
  log?: (line: string) => void;
}

// ---------------------------------------------------------------------------------------------
// The database fingerprint

type Fingerprint = Record<string, number | string>;
/** What a voucher lookup may write: its audit rows, and a wrong holder ID number with the hold it may cause. */
const LOOKUP_RECORDS = ['audit_log', 'audit_head.last', 'holder_check_failure', 'voucher_hold'] as const;
const LOOKUP_TABLES = ['audit_log', 'audit_head', 'holder_check_failure', 'voucher_hold'] as const;

/**
 * Where a county server on PostgreSQL keeps what a single machine keeps in memory: sessions, jobs and
 * generated files (an import's error report, a logout). Not data a refusal could have written.
 */
const SERVER_STORE_TABLES: readonly string[] = ['app_session', 'app_job', 'app_artifact'];

/** Every table's row count and the audit head, in one query: taken around each call. */
export async function dbFingerprint(db: TestDb): Promise<Fingerprint> {
  const tables = (await db.tables()).filter((name) => !SERVER_STORE_TABLES.includes(name));
  const counts = tables.map((t, i) => `(SELECT count(*) FROM "${t.replaceAll('"', '""')}") AS c${i}`);
  const head = "(SELECT last_id || ':' || hash FROM audit_head WHERE id = 1) AS head";
  const row = (await db.get(`SELECT ${[...counts, head].join(', ')}`)) as Record<string, number | string | null>;
  const out: Fingerprint = {};
  tables.forEach((t, i) => (out[t] = Number(row[`c${i}`])));
  out['audit_head.last'] = row.head ?? '';
  return out;
}

/** What changed between two fingerprints, e.g. "worker 3→4"; empty when nothing did. */
export function fingerprintDiff(a: Fingerprint, b: Fingerprint, ignore: readonly string[] = []): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys]
    .filter((k) => !ignore.includes(k) && a[k] !== b[k])
    .map((k) => `${k} ${String(a[k]).slice(0, 12)}→${String(b[k]).slice(0, 12)}`);
}

/**
 * Every row of every table, hashed: too slow around each call, taken around a whole read-only
 * property. Rows are hashed one by one and sorted, since PostgreSQL gives no order without ORDER BY.
 */
export async function dbDigest(db: TestDb, skip: readonly string[] = []): Promise<string> {
  const h = createHash('sha256');
  for (const t of (await db.tables()).filter((name) => !skip.includes(name))) {
    h.update(`\u0000${t}\u0000`);
    const rows = (await db.all(`SELECT * FROM "${t.replaceAll('"', '""')}"`)).map((row) =>
      createHash('sha256').update(JSON.stringify(row)).digest('hex'),
    );
    for (const r of rows.sort()) h.update(r);
  }
  return h.digest('hex');
}

// ---------------------------------------------------------------------------------------------
// Tally and calls

const MAX_DETAILS = 120;
const CHINESE = /[\u4e00-\u9fff]/;

/** A short, printable rendering of any generated value. */
function preview(x: unknown, max = 220): string {
  let s: string;
  if (typeof x === 'string' && x.length > max) s = `${fc.stringify(x.slice(0, max))}… (${x.length} chars)`;
  else if (x instanceof Uint8Array && x.length > 48)
    s = `<${x.length} bytes ${Buffer.from(x.subarray(0, 24)).toString('hex')}…>`;
  else
    try {
      s = fc.stringify(x);
    } catch {
      s = String(x);
    }
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

class Tally implements FuzzReport {
  inputsTried = 0;
  crashes = 0;
  falseAccepts = 0;
  unexpectedWrites = 0;
  details: string[] = [];
  private dropped = 0;
  /** The last errors the dispatcher logged as INTERNAL, to show with the input that caused them. */
  readonly logged: string[] = [];
  /** How the inputs of the current property were answered (e.g. "verify:bad_signature"), for the log. */
  outcomes = new Map<string, number>();

  see(outcome: string) {
    this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1);
  }

  constructor(private readonly prop: { name: string }) {}

  private note(kind: string, what: string, input: unknown) {
    if (this.details.length < MAX_DETAILS)
      this.details.push(`[${this.prop.name}] ${kind}: ${what} — input ${preview(input)}`);
    else this.dropped++;
  }
  crash(what: string, input: unknown) {
    this.crashes++;
    this.note('crash', what, input);
  }
  falseAccept(what: string, input: unknown) {
    this.falseAccepts++;
    this.note('false accept', what, input);
  }
  write(what: string, input: unknown) {
    this.unexpectedWrites++;
    this.note('unexpected write', what, input);
  }
  report(): FuzzReport {
    const details = [...this.details];
    if (this.dropped) details.push(`… and ${this.dropped} more`);
    return {
      inputsTried: this.inputsTried,
      crashes: this.crashes,
      falseAccepts: this.falseAccepts,
      unexpectedWrites: this.unexpectedWrites,
      details,
    };
  }
}

type Answer =
  | { kind: 'envelope'; r: Result<unknown> }
  | { kind: 'threw'; error: unknown }
  | { kind: 'hung' }
  | { kind: 'garbled'; value: unknown };

function isEnvelope(r: unknown): r is Result<unknown> {
  if (typeof r !== 'object' || r === null) return false;
  const e = r as { ok?: unknown; value?: unknown; error?: { code?: unknown; message?: unknown } };
  if (e.ok === true) return 'value' in e;
  return e.ok === false && typeof e.error?.code === 'string' && typeof e.error.message === 'string';
}

/** One call through the dispatcher, with a time limit: a parser that never returns is a crash too. */
async function ask(env: Env, token: string | null, channel: string, input: unknown, ms = 15_000): Promise<Answer> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const call = dispatch(env, token, channel, input).then((r): Answer =>
      isEnvelope(r) ? { kind: 'envelope', r } : { kind: 'garbled', value: r },
    );
    const late = new Promise<Answer>((resolve) => (timer = setTimeout(() => resolve({ kind: 'hung' }), ms)));
    return await Promise.race([call, late]);
  } catch (error) {
    return { kind: 'threw', error };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The common checks of an answer: an envelope, not INTERNAL. Returns the envelope when those hold,
 * after recording a crash otherwise.
 */
function envelopeOf(tally: Tally, a: Answer, channel: string, input: unknown): Result<unknown> | null {
  if (a.kind === 'threw') {
    tally.crash(`${channel} threw ${String((a.error as Error)?.stack ?? a.error).slice(0, 300)}`, input);
    return null;
  }
  if (a.kind === 'hung') {
    tally.crash(`${channel} gave no answer in time`, input);
    return null;
  }
  if (a.kind === 'garbled') {
    tally.crash(`${channel} answered with no envelope: ${preview(a.value)}`, input);
    return null;
  }
  if (!a.r.ok && a.r.error.code === 'INTERNAL') {
    const why = tally.logged.splice(0).join(' | ');
    tally.crash(`${channel} answered INTERNAL “${a.r.error.message}” ${why ? `(${why.slice(0, 400)})` : ''}`, input);
    return null;
  }
  tally.logged.length = 0;
  return a.r;
}

// ---------------------------------------------------------------------------------------------
// The campaign's world: a bureau database with a voucher, an extract, an institution install and
// its claim package, and a genuine worker spreadsheet.

interface World {
  t: VoucherEnv;
  tally: Tally;
  prop: { name: string };
  /** The institution operator at the bureau (bound to the bureau's first institution). */
  operator: string;
  voucher: { text: string; idNumber: string; serial: string };
  extract: string;
  inst: Env;
  claims: {
    text: string;
    kid: string;
    payload: string;
    signature: Buffer;
    signer: Awaited<ReturnType<Env['keyring']['signer']>>;
  };
  xlsx: Buffer;
  tokens: Record<'admin' | 'clerk' | 'institutionOperator', string>;
  close(): void;
}

const INST_PASSPHRASE = 'institution passphrase 2026';

async function must(env: Env, token: string | null, channel: ChannelName, input: unknown): Promise<unknown> {
  const r = await dispatch(env, token, channel, input);
  if (!r.ok) throw new Error(`fuzz setup: ${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

async function workerXlsx(rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('劳动者信息');
  ws.addRow(HEAD);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function makeWorld(): Promise<World> {
  const t = await makeVoucherEnv();
  const prop = { name: 'setup' };
  const tally = new Tally(prop);
  // INTERNAL answers are logged here rather than on stderr, and shown with the input that caused them.
  const log = (m: string, e: unknown) => tally.logged.push(`${m}: ${String((e as Error)?.stack ?? e).slice(0, 300)}`);
  t.env.log = log;
  const operator = await t.loginAs('institutionOperator');

  // The voucher whose QR the verifier is fuzzed with.
  const holder = makeId('530523', '19880808', 901);
  const workerId = await t.newWorker({ idNumber: holder, name: '李晓红' });
  const v = await t.must(t.clerk, 'voucher:issue', { workerId, ...t.terms() });

  // An archive extract's QR, as archive:extract prints it (recordExtract is that job's first, synchronous step).
  // A system session lives in memory, as the CLI's does: the database-backed store of a server on
  // PostgreSQL refuses to keep one.
  const session = await new MemorySessionStore().create(
    { id: 0, username: 'fuzz', displayName: '模糊测试', role: 'clerk', institutionId: null, townships: [] },
    t.clock.now().getTime(),
    { noIdleLock: true },
  );
  const extract = (await recordExtract(jobCtx(t.env, { ...systemCall('archive:extract'), session }), workerId, false))
    .qrText;

  // An institution install that redeems a second voucher offline and signs a claim package, as in
  // tests/db/exchange.test.ts.
  const claimHolder = makeId('530523', '19880808', 903);
  const claimWorker = await t.newWorker({ idNumber: claimHolder, name: '王建国' });
  const claimVoucher = await t.must(t.clerk, 'voucher:issue', { workerId: claimWorker, ...t.terms() });
  const bundle = await t.must(t.adminToken, 'trust:export', {});
  const inst = await createEnv(join(t.dir, 'institution.db'), { clock: t.clock });
  inst.log = log;
  const instAdmin = (
    (await must(inst, null, 'auth:setupAdmin', {
      username: 'admin',
      displayName: '机构管理员',
      password: PASSWORD,
    })) as { token: string }
  ).token;
  await must(inst, instAdmin, 'institution:setup', {
    bundleText: JSON.stringify(bundle),
    institutionCode: 'LL-PX-001',
    passphrase: INST_PASSPHRASE,
  });
  await must(inst, instAdmin, 'user:create', {
    username: 'op',
    displayName: '机构操作员',
    role: 'institutionOperator',
    institutionId: t.institutionId,
    password: PASSWORD,
  });
  await passwordChosen(testDb(inst.db), 'op');
  const instOp = ((await must(inst, null, 'auth:login', { username: 'op', password: PASSWORD })) as { token: string })
    .token;
  const registration = (await must(inst, instAdmin, 'institution:registration', {})) as string;
  await t.must(t.adminToken, 'institution:bind', { text: registration });
  // Offline holder checks need the verifiers of the bureau's status file.
  const status = await t.must(t.reviewer, 'status:export', { institutionCode: 'LL-PX-001' });
  await must(inst, instAdmin, 'status:import', { text: status.text });
  const redeemed = (await must(inst, instOp, 'redeem:confirm', {
    text: claimVoucher.qrText,
    idNumber: claimHolder,
  })) as {
    ok: boolean;
    message: string;
  };
  if (!redeemed.ok) throw new Error(`fuzz setup: redeem:confirm: ${redeemed.message}`);
  const cls = (await must(inst, instOp, 'class:create', {
    name: '养老护理员初级班',
    occupationCode: '4-10-01-05',
    level: 'L5',
    startDate: '2026-11-29',
    endDate: '2026-12-31',
    plannedHours: 40, // 五级's 最低学时
    teachers: '李老师',
  })) as { uid: string };
  await must(inst, instOp, 'class:addMembers', { uid: cls.uid, serials: [claimVoucher.serial] });
  const pkg = (await must(inst, instOp, 'claims:export', {})) as { text: string };
  const envelope = JSON.parse(pkg.text) as { kid: string; payload: string; signature: string };

  const ok = (i: number, name: string) => [
    name,
    makeId('530523', '19920303', 801 + 2 * i),
    '彝族',
    '初中',
    '13900001111',
    '木城彝族傈僳族乡',
    '木城村',
    '',
    '农业户口',
    '务农',
    '农村劳动力',
  ];
  const xlsx = await workerXlsx([ok(0, '赵一'), ok(1, '钱二'), ok(2, '孙三')]);

  return {
    t,
    tally,
    prop,
    operator,
    voucher: { text: v.qrText, idNumber: holder, serial: v.serial },
    extract,
    inst,
    claims: {
      text: pkg.text,
      kid: envelope.kid,
      payload: envelope.payload,
      signature: Buffer.from(envelope.signature, 'base64'),
      signer: await inst.keyring.signer(inst.db.reader, 'claims'),
    },
    xlsx,
    tokens: { admin: t.adminToken, clerk: t.clerk, institutionOperator: operator },
    async close() {
      await inst.db.close();
      await t.close();
    },
  };
}

/** Sessions the campaign calls with: logged in again if a fuzzed call logged one out or locked it. */
async function tokenFor(w: World, role: 'admin' | 'clerk' | 'institutionOperator'): Promise<string> {
  const s = await w.t.env.sessions.touch(w.tokens[role], w.t.clock.now().getTime(), Number.MAX_SAFE_INTEGER);
  if (s && !s.locked) return w.tokens[role];
  const username = role === 'admin' ? 'admin' : `${role}1`;
  const r = await dispatch(w.t.env, null, 'auth:login', { username, password: PASSWORD });
  if (!r.ok) throw new Error(`fuzz: cannot log ${username} in again: ${r.error.message}`);
  return (w.tokens[role] = (r.value as { token: string }).token);
}

// ---------------------------------------------------------------------------------------------
// Text mutations

const BASE45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const OUTSIDE = ['a', 'z', '#', '"', '\\', '\n', '\r', '\t', '\u3000', 'é', '中', '😀', '\u0000', '\uFEFF', '\ud800'];

type Edit = { op: 'sub' | 'ins' | 'del'; at: number; ch: string };

const charIn = (alphabet: string | readonly string[]) => fc.constantFrom(...alphabet);
const anyChar = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });

function editsArb(ch: fc.Arbitrary<string>): fc.Arbitrary<Edit[]> {
  return fc.array(
    fc.record({ op: fc.constantFrom('sub' as const, 'ins' as const, 'del' as const), at: fc.nat(), ch }),
    {
      minLength: 1,
      maxLength: 3,
    },
  );
}

function applyEdits(text: string, edits: readonly Edit[]): string {
  let s = text;
  for (const e of edits) {
    const at = e.at % (s.length + (e.op === 'ins' ? 1 : 0) || 1);
    if (e.op === 'ins') s = s.slice(0, at) + e.ch + s.slice(at);
    else if (e.op === 'del') s = s.slice(0, at) + s.slice(at + 1);
    else s = s.slice(0, at) + e.ch + s.slice(at + 1);
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// 1. The QR verifier

async function qrProperty(w: World, runs: number, seed: number | undefined) {
  const { t, tally } = w;
  const V = w.voucher.text;
  const E = w.extract;
  const genuine = new Set([V, E]);
  const digestBefore = await dbDigest(t.db, LOOKUP_TABLES);
  // cbor-x gives byte strings as Buffer or as Uint8Array depending on its input: compare them as hex.
  const plain = (v: unknown): unknown =>
    v instanceof Uint8Array
      ? `bytes:${Buffer.from(v).toString('hex')}`
      : v instanceof Map
        ? [...v].sort((a, b) => String(a[0]).localeCompare(String(b[0]))).map(([k, x]) => [k, plain(x)])
        : Array.isArray(v)
          ? v.map(plain)
          : v;
  const canonical = (claims: Map<number, unknown>) => JSON.stringify(plain(claims));
  const decodedGenuine = [V, E].map((g) => {
    const d = decodeText(g, [VOUCHER_PREFIX, EXTRACT_PREFIX]);
    if (!d.ok) throw new Error('fuzz: the genuine code does not decode');
    return d;
  });
  /**
   * The same signed message in another wrapping — COSE leaves the unprotected header unsigned, and
   * the same bytes may be deflated or not — is the genuine code, not a forgery.
   */
  const sameSigned = (text: string) => {
    const d = decodeText(cleanScan(text), [VOUCHER_PREFIX, EXTRACT_PREFIX]);
    return (
      d.ok &&
      decodedGenuine.some(
        (g) => g.prefix === d.prefix && g.kid === d.kid && canonical(g.claims) === canonical(d.claims),
      )
    );
  };
  // voucher:verify and redeem:check write only their own record: the audit rows of a lookup, and a
  // wrong holder ID number with the hold it may cause. Everything else must stay as it is.
  const check = async (text: string, idNumber?: string) => {
    tally.inputsTried++;
    const input = idNumber === undefined ? { text } : { text, idNumber };
    // Only the untouched code (give or take the spaces a scanner adds at the ends, which cleanScan
    // removes by design) or the serial / fallback code typed for it may verify.
    const cleaned = cleanScan(text);
    const typed = (await resolveTyped({ db: t.env.db.reader }, text, true)) ?? text;
    const legit =
      (genuine.has(cleaned) || genuine.has(typed) || sameSigned(text)) &&
      (idNumber === undefined || idNumber.trim() === '' || normalizeIdNumber(idNumber) === w.voucher.idNumber);
    const calls: [ChannelName, unknown][] = [
      ['voucher:verify', input],
      ['redeem:check', { ...input, institutionCode: 'LL-PX-001' }],
    ];
    for (const [channel, payload] of calls) {
      const before = await dbFingerprint(t.db);
      const r = envelopeOf(tally, await ask(t.env, await tokenFor(w, 'admin'), channel, payload), channel, payload);
      const changed = fingerprintDiff(before, await dbFingerprint(t.db), LOOKUP_RECORDS);
      if (changed.length) tally.write(`${channel} changed ${changed.join(', ')}`, payload);
      if (!r) continue;
      if (!r.ok) {
        tally.see(`${channel.split(':')[0]}:${r.error.code}`);
        if (!CHINESE.test(r.error.message)) tally.crash(`${channel} refused without a Chinese message`, payload);
        continue;
      }
      const v = r.value as { valid?: unknown; reason?: unknown };
      tally.see(`${channel.split(':')[0]}:${String(v.reason)}`);
      if (typeof v.valid !== 'boolean' || typeof v.reason !== 'string') {
        tally.crash(`${channel} answered without a verdict: ${preview(v)}`, payload);
        continue;
      }
      if (v.valid && !legit) tally.falseAccept(`${channel} said valid (${v.reason})`, payload);
      if (
        !v.valid &&
        legit &&
        channel === 'voucher:verify' &&
        (cleaned === V || cleaned === E) &&
        idNumber === undefined
      )
        tally.crash(`${channel} refused the genuine code (${v.reason})`, payload);
    }
  };

  const b45 = fc.string({ unit: charIn(BASE45), maxLength: 400 });
  const arbitrary = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), b45);
  const prefixed = fc
    .tuple(fc.constantFrom('LLV1:', 'LLE1:'), fc.oneof(b45, fc.string({ unit: 'binary', maxLength: 300 })))
    .map(([p, s]) => p + s);
  const mutated = fc
    .tuple(fc.constantFrom(V, E), editsArb(fc.oneof(charIn(BASE45), charIn(OUTSIDE), anyChar)))
    .map(([g, edits]) => applyEdits(g, edits));
  const truncated = fc
    .tuple(fc.constantFrom(V, E), fc.nat(), fc.constantFrom('', ' ', '\n', '\r\n'))
    .map(([g, n, tail]) => g.slice(0, n % g.length) + tail);
  // Below the Base45: the COSE bytes (inflated) edited, then deflated and encoded again, so that the
  // CBOR parser, the claim checks and the signature are reached rather than the Base45 decoder.
  const coseOf = (g: string) => {
    const raw = base45Decode(g.slice(5))!;
    return { prefix: g.slice(0, 5), bytes: Buffer.from(raw[0] === 0x78 ? inflateSync(raw) : raw) };
  };
  const byteEdits = fc.array(
    fc.record({ op: fc.constantFrom('flip', 'ins', 'del'), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
    { minLength: 1, maxLength: 3 },
  );
  const coseEdited = fc
    .tuple(fc.constantFrom(V, E), byteEdits, fc.boolean(), fc.option(fc.nat(), { nil: null }))
    .map(([g, edits, deflate, cut]) => {
      const { prefix, bytes } = coseOf(g);
      let b: Buffer = bytes;
      for (const e of edits) {
        const at = e.at % (b.length + 1);
        if (e.op === 'ins') b = Buffer.concat([b.subarray(0, at), Buffer.from([e.byte]), b.subarray(at)]);
        else if (e.op === 'del') b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1)]);
        else if (at < b.length) (b = Buffer.from(b))[at]! ^= e.byte || 1;
      }
      if (cut !== null) b = b.subarray(0, cut % (b.length + 1));
      return prefix + base45Encode(deflate ? deflateSync(b, { level: 9 }) : b);
    });
  // Forgeries: the genuine claims, or changed ones, signed under the genuine key id with another key.
  const { privateKey: forger } = generateKeyPairSync('ed25519');
  const forged = fc
    .tuple(
      fc.nat({ max: 1 }),
      fc.option(fc.tuple(fc.integer({ min: 1, max: 12 }), fc.jsonValue({ maxDepth: 1 })), { nil: null }),
    )
    .map(([i, change]) => {
      const g = decodedGenuine[i]!;
      const claims = new Map(g.claims);
      if (change) claims.set(change[0], change[1]);
      return signToText(g.prefix!, claims, { kid: g.kid, key: forger });
    });

  const holderVariants = fc.oneof(
    fc.constant(w.voucher.idNumber),
    fc.constant(w.voucher.idNumber.toLowerCase()),
    fc.constant(w.voucher.idNumber.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))),
    fc.constant(''),
    fc.constant('   '),
    editsArb(fc.oneof(charIn('0123456789Xx ０９ｘ'), anyChar)).map((e) => applyEdits(w.voucher.idNumber, e)),
    fc.string({ maxLength: 40 }),
  );

  for (const family of [arbitrary, prefixed, mutated, truncated, coseEdited, forged])
    await fc.assert(
      fc.asyncProperty(family, (text) => check(text)),
      { numRuns: runs, seed },
    );
  await fc.assert(
    fc.asyncProperty(holderVariants, (id) => check(V, id)),
    { numRuns: runs, seed },
  );
  // Sanity: the genuine codes themselves are still accepted, so the refusals above were earned.
  await check(V);
  await check(E);
  await check(`${V}\r\n`);
  await check(V, w.voucher.idNumber);
  if ((await dbDigest(t.db, LOOKUP_TABLES)) !== digestBefore)
    tally.write('a row changed in place during the verifier property', 'qr');
}

// ---------------------------------------------------------------------------------------------
// 2. ID numbers

const TODAY = new Date('2026-11-29T12:00:00');

let countyCodes: string[] | null = null;
function listedCounties(): string[] {
  countyCodes ??= COUNTIES.split('|')
    .map((e) => e.slice(0, 6))
    .filter((c) => /^\d{6}$/.test(c) && countyName(c) !== null);
  return countyCodes;
}

const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** A valid ID number: a listed county, a birth date from 1900 to TODAY, any sequence, the right check character. */
const validId = fc
  .record({
    region: fc.constantFrom(...listedCounties()),
    y: fc.integer({ min: 1900, max: 2026 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 31 }),
    seq: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ region, y, m, d, seq }) => {
    let day = Math.min(d, daysIn(y, m));
    let month = m;
    if (y === 2026 && (month > 11 || (month === 11 && day > 29))) [month, day] = [11, 29];
    const first17 = `${region}${y}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
    return first17 + checkCharFor(first17);
  });

function idProperty(w: World, runs: number, seed: number | undefined) {
  const { tally } = w;
  const fullWidth = (s: string) => s.replace(/\d/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  const judge = (raw: string, expectValid: string | null) => {
    tally.inputsTried++;
    for (const today of [TODAY, undefined]) {
      let r: ReturnType<typeof checkIdNumber>;
      try {
        r = checkIdNumber(raw, today ? { today } : {});
      } catch (e) {
        tally.crash(`checkIdNumber threw ${String(e)}`, raw);
        return;
      }
      if (today) tally.see(r.ok ? 'ok' : r.code);
      if (r.ok) {
        const id = r.idNumber;
        const normalized = normalizeIdNumber(raw);
        const wellFormed = /^\d{17}[\dX]$/.test(id) && checkCharFor(id.slice(0, 17)) === id[17];
        const fromInput = r.convertedFrom
          ? r.convertedFrom === normalized && /^\d{15}$/.test(normalized)
          : id === normalized;
        const birth = r.birthDate === `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
        if (!wellFormed || !fromInput || !birth) tally.falseAccept(`accepted as ${preview(r)}`, raw);
        if (expectValid !== null && id !== expectValid) tally.crash(`normalised to ${id}, not ${expectValid}`, raw);
      } else {
        if (typeof r.message !== 'string' || !CHINESE.test(r.message))
          tally.crash(`refused without a Chinese message: ${preview(r)}`, raw);
        // A valid number is refused only for being born after today — impossible with TODAY, so a
        // refusal on the fixed date is a false reject.
        if (expectValid !== null && today) tally.crash(`valid number refused: ${r.code} ${r.message}`, raw);
      }
    }
  };

  const idChars = charIn('0123456789xX０１２３４５６７８９ｘＸ \u3000-');
  const arbitrary = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.string({ unit: idChars, maxLength: 30 }),
    fc.string({ unit: charIn('0123456789'), minLength: 15, maxLength: 15 }),
    fc.tuple(validId, editsArb(fc.oneof(idChars, anyChar))).map(([id, e]) => applyEdits(id, e)),
  );
  fc.assert(
    fc.property(arbitrary, (raw) => judge(raw, null)),
    { numRuns: runs, seed },
  );
  fc.assert(
    fc.property(validId, fc.constantFrom('plain', 'lower', 'full', 'spaced'), (id, form) => {
      const shown =
        form === 'lower'
          ? id.toLowerCase()
          : form === 'full'
            ? fullWidth(id).replace('X', 'ｘ')
            : form === 'spaced'
              ? ` ${id.slice(0, 6)} ${id.slice(6, 14)}\u3000${id.slice(14)} `
              : id;
      judge(shown, id);
    }),
    { numRuns: runs, seed },
  );
}

// ---------------------------------------------------------------------------------------------
// 3. Spreadsheet import

async function importProperty(w: World, runs: number, seed: number | undefined) {
  const { t, tally } = w;
  const db = t.db;
  const send = async (fileName: string, bytes: Uint8Array) => {
    tally.inputsTried++;
    const buf = Buffer.from(bytes);
    const input = { fileName, base64: buf.toString('base64'), commit: true };
    const shown = { fileName, bytes: buf };
    const before = await dbFingerprint(db);
    const lastWorker = Number(await db.value('SELECT coalesce(max(id), 0) FROM worker'));
    const a = await ask(t.env, await tokenFor(w, 'clerk'), 'import:workers', input);
    const after = await dbFingerprint(db);
    const r = envelopeOf(tally, a, 'import:workers', shown);
    if (!r) {
      const changed = fingerprintDiff(before, after);
      if (changed.length) tally.write(`a failed import changed ${changed.join(', ')}`, shown);
      return;
    }
    tally.see(r.ok ? 'answered' : r.error.code);
    if (!r.ok) {
      if (r.error.code !== 'VALIDATION' || !CHINESE.test(r.error.message))
        tally.crash(`refused with ${r.error.code} ${r.error.message}`, shown);
      const changed = fingerprintDiff(before, after);
      if (changed.length) tally.write(`a refused import changed ${changed.join(', ')}`, shown);
      return;
    }
    const v = r.value as {
      total: number;
      imported: number;
      rejected: number;
      errors: { row: number; reason: string }[];
    };
    if (v.imported) tally.see('rows imported');
    if (v.imported + v.rejected !== v.total || v.errors.length !== v.rejected)
      tally.crash(`inconsistent result ${preview(v)}`, shown);
    if (v.errors.some((e) => !(e.row > 0) || typeof e.reason !== 'string' || !CHINESE.test(e.reason)))
      tally.crash(`a rejected row without a reason: ${preview(v.errors)}`, shown);
    const added = (after.worker as number) - (before.worker as number);
    if (added !== v.imported) tally.write(`imported ${v.imported} but the worker table grew by ${added}`, shown);
    if (v.imported === 0) {
      const changed = fingerprintDiff(before, after);
      if (changed.length) tally.write(`an import of no rows changed ${changed.join(', ')}`, shown);
    }
    const ids = await db.column<string>('SELECT id_number FROM worker WHERE id > ?', lastWorker);
    for (const id of ids)
      if (!checkIdNumber(id, { today: TODAY, allowUnlistedAddress: true }).ok)
        tally.falseAccept(`imported a worker with ID number ${id}`, shown);
  };

  const fileName = fc.constantFrom('workers.xlsx', 'workers.csv', 'workers.XLSX', 'workers', 'workers.xls');
  const randomBytes = fc.uint8Array({ maxLength: 3000 });
  const zipLike = fc
    .tuple(fc.constantFrom('PK', 'PK\x03\x04', 'PK\x05\x06'), fc.uint8Array({ maxLength: 3000 }))
    .map(([magic, rest]) => Buffer.concat([Buffer.from(magic, 'latin1'), rest]));
  const flips = fc.array(fc.record({ at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }), {
    minLength: 1,
    maxLength: 8,
  });
  const xlsx = w.xlsx;
  const mutatedXlsx = fc
    .tuple(flips, fc.option(fc.nat({ max: xlsx.length - 1 }), { nil: null }), fc.boolean())
    .map(([fs, cut, flip]) => {
      const b = Buffer.from(xlsx);
      if (flip || cut === null) for (const f of fs) b[f.at % b.length]! ^= f.xor;
      return cut === null ? b : b.subarray(0, cut);
    });
  const cell = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.string({ unit: charIn(['"', ',', '\n', '\r', ' ', 'a', '中', '\u0000', '\uFEFF', '\u001f']), maxLength: 12 }),
    fc.constantFrom('530523199001011234', '木城彝族傈僳族乡', '初中', '农业户口', '务农', '农村劳动力', '彝族'),
    validId,
  );
  const csvRows = fc.array(fc.array(cell, { maxLength: 14 }), { maxLength: 8 });
  const csvText = fc
    .tuple(fc.boolean(), csvRows, fc.constantFrom('\n', '\r\n', '\r'))
    .map(([withHead, rows, nl]) =>
      [...(withHead ? [HEAD] : []), ...rows]
        .map((r) => r.map((c) => (/[",\n\r]/.test(c) && c.length % 2 ? `"${c.replaceAll('"', '""')}"` : c)).join(','))
        .join(nl),
    );
  const csvBytes = fc
    .tuple(
      csvText,
      fc.constantFrom('utf8', 'utf8bom', 'gbk', 'garbled'),
      fc.uint8Array({ minLength: 1, maxLength: 6 }),
      fc.nat(),
    )
    .map(([text, enc, junk, at]) => {
      if (enc === 'gbk') return iconv.encode(text, 'gbk');
      const b = Buffer.from(enc === 'utf8bom' ? `\uFEFF${text}` : text, 'utf8');
      if (enc !== 'garbled') return b;
      // Bytes that are neither UTF-8 nor GBK: 0x80 and 0xFF lead no GBK character.
      const bad = Buffer.from([...junk].map((x) => (x % 2 ? 0x80 : 0xff)));
      const i = at % (b.length + 1);
      return Buffer.concat([b.subarray(0, i), bad, b.subarray(i)]);
    });

  const families = [
    fc.tuple(fileName, randomBytes),
    fc.tuple(fileName, zipLike),
    fc.tuple(fc.constantFrom('workers.xlsx', 'workers.csv'), mutatedXlsx),
    fc.tuple(fc.constant('workers.csv'), csvBytes),
  ];
  // Well-formed workbooks under the right header whose cells hold every kind of value exceljs knows.
  const cellValue: fc.Arbitrary<ExcelJS.CellValue> = fc.oneof(
    cell,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
    fc.record(
      { formula: fc.constantFrom('A1', '1+1', 'NOW()'), result: fc.oneof(fc.string(), fc.integer()) },
      { noNullPrototype: true },
    ),
    fc.record(
      { richText: fc.array(fc.record({ text: cell }, { noNullPrototype: true }), { minLength: 1, maxLength: 3 }) },
      { noNullPrototype: true },
    ),
    fc.record({ text: cell, hyperlink: fc.constant('https://example.org/') }, { noNullPrototype: true }),
    fc.constantFrom({ error: '#N/A' as const }, { error: '#DIV/0!' as const }),
  );
  for (const family of families)
    await fc.assert(
      fc.asyncProperty(family, ([name, bytes]) => send(name, bytes)),
      { numRuns: runs, seed },
    );
  // Good rows with a cell or two replaced: the row checks themselves, and rows that do get written.
  const goodRow = fc
    .tuple(validId, fc.constantFrom('赵一', '钱二', '欧阳䶮', 'Ayi'))
    .map(([id, name]): ExcelJS.CellValue[] => [
      name,
      id,
      '彝族',
      '初中',
      '13900001111',
      '木城彝族傈僳族乡',
      '木城村',
      '',
      '农业户口',
      '务农',
      '农村劳动力',
    ]);
  const editedRow = fc
    .tuple(goodRow, fc.array(fc.tuple(fc.nat({ max: 12 }), cellValue), { maxLength: 2 }))
    .map(([row, edits]) => {
      for (const [i, v] of edits) row[i] = v;
      return row;
    });
  await fc.assert(
    fc.asyncProperty(fc.array(editedRow, { minLength: 1, maxLength: 5 }), async (rows) => {
      const file = await workerXlsx(rows).catch(() => null);
      if (file) await send('workers.xlsx', file);
    }),
    { numRuns: runs, seed },
  );
  await fc.assert(
    fc.asyncProperty(fc.array(fc.array(cellValue, { maxLength: 13 }), { minLength: 1, maxLength: 6 }), async (rows) => {
      const file = await workerXlsx(rows).catch(() => null); // what exceljs cannot write is no input
      if (file) await send('workers.xlsx', file);
    }),
    { numRuns: runs, seed },
  );
  // Sanity: the untouched spreadsheet imports (or reports its rows as already registered).
  await send('workers.xlsx', xlsx);

  // A workbook big enough for the parsing thread, with its sheet's deflate data damaged: refused in
  // time, and the thread still free for the next big import (not a generated property: one file
  // of 12,000 rows takes a second to write).
  const bigFile = join(t.dir, 'fuzz-big.xlsx');
  await writeWorkbook(bigFile, 12_000);
  const big = readFileSync(bigFile);
  const sheet = big.indexOf('xl/worksheets/sheet1.xml');
  for (const offset of [60, 120, 400]) {
    const bad = Buffer.from(big);
    const at = sheet + 'xl/worksheets/sheet1.xml'.length + offset;
    bad[at]! ^= 0xff;
    bad[at + 1]! ^= 0x33;
    await send('big.xlsx', bad);
  }
  tally.inputsTried++;
  const again = await ask(t.env, await tokenFor(w, 'clerk'), 'import:workers', {
    fileName: 'big.xlsx',
    base64: big.toString('base64'),
    commit: false,
  });
  const r = envelopeOf(tally, again, 'import:workers', 'the untouched big workbook');
  if (r && (!r.ok || (r.value as { total: number }).total !== 12_000))
    tally.crash(`the untouched big workbook was not read: ${preview(r)}`, 'big.xlsx');
}

// ---------------------------------------------------------------------------------------------
// 4. Claim packages

async function claimProperty(w: World, runs: number, seed: number | undefined) {
  const { t, tally } = w;
  const db = t.db;
  const G = w.claims;
  /**
   * A package whose signed content — format, kid, payload string and signature bytes — is the
   * genuine one may be taken in: JSON whitespace between the envelope's fields, or base64 that
   * Node decodes to the same 64 bytes, changes the file but not what was signed.
   */
  const sameSigned = (text: string) => {
    try {
      const e = JSON.parse(text) as Record<string, unknown>;
      return (
        e.format === CLAIM_FORMAT &&
        e.kid === G.kid &&
        e.payload === G.payload &&
        typeof e.signature === 'string' &&
        Buffer.from(e.signature, 'base64').equals(G.signature)
      );
    } catch {
      return false;
    }
  };
  const send = async (text: string, genuinelySigned: boolean) => {
    tally.inputsTried++;
    const input = { text };
    const before = await dbFingerprint(db);
    const a = await ask(t.env, await tokenFor(w, 'admin'), 'claims:import', input);
    const after = await dbFingerprint(db);
    const r = envelopeOf(tally, a, 'claims:import', text);
    const changed = fingerprintDiff(before, after);
    if (r)
      tally.see(r.ok ? 'taken in' : `${r.error.code} ${r.error.message.replace(/（[^）]*）/g, '（…）').slice(0, 14)}`);
    if (!r || !r.ok) {
      if (r && !CHINESE.test(r.error.message))
        tally.crash(`refused without a Chinese message: ${r.error.message}`, text);
      if (changed.length) tally.write(`a refused package changed ${changed.join(', ')}`, text);
      return;
    }
    if (!genuinelySigned && !sameSigned(text))
      tally.falseAccept(`an altered package was taken in: ${preview(r.value)}`, text);
  };

  const envelope = JSON.parse(G.text) as Record<string, unknown>;
  const payload = JSON.parse(G.payload) as { records: Record<string, unknown>[] } & Record<string, unknown>;
  const refile = (over: Record<string, unknown>) => JSON.stringify({ ...envelope, ...over }, null, 1);
  const { privateKey: otherKey } = generateKeyPairSync('ed25519');

  /** A change inside the signed payload: a field set, two fields swapped, a key dropped, a record doubled. */
  const payloadEdit = fc
    .record({
      kind: fc.constantFrom('set', 'swap', 'drop', 'double', 'top'),
      i: fc.nat(),
      j: fc.nat(),
      value: fc.jsonValue({ maxDepth: 2 }),
    })
    .map(({ kind, i, j, value }) => {
      const p = structuredClone(payload);
      const recs = p.records;
      const rec = recs[i % recs.length]!;
      const keys = Object.keys(rec);
      const k1 = keys[i % keys.length]!;
      const k2 = keys[j % keys.length]!;
      if (kind === 'set') rec[k1] = value;
      else if (kind === 'swap') [rec[k1], rec[k2]] = [rec[k2], rec[k1] ?? value];
      else if (kind === 'drop') delete rec[k1];
      else if (kind === 'double') recs.push({ ...rec, uid: `${String(rec.uid)}-2` });
      else p[Object.keys(p)[i % Object.keys(p).length]!] = value;
      return JSON.stringify(p);
    });

  const altered = [
    // Character edits anywhere in the file, and truncation.
    editsArb(fc.oneof(charIn('{}[]",:0123456789abcdefABCDEF=+/ \n'), anyChar)).map((e) => applyEdits(G.text, e)),
    fc.nat().map((n) => G.text.slice(0, n % G.text.length)),
    // The payload changed under the genuine signature.
    payloadEdit.map((p) => refile({ payload: p })),
    // The envelope's own fields.
    fc.oneof(fc.string({ maxLength: 40 }), fc.constant(w.voucher.serial)).map((kid) => refile({ kid })),
    fc.jsonValue({ maxDepth: 1 }).map((format) => refile({ format })),
    fc
      .oneof(fc.uint8Array({ minLength: 64, maxLength: 64 }), fc.uint8Array({ maxLength: 80 }))
      .map((sig) => refile({ signature: Buffer.from(sig).toString('base64') })),
    fc.nat().map((n) => refile({ signature: G.signature.toString('base64').slice(0, n % 88) })),
    // Signed with another key, under the institution's kid and under a new one.
    fc
      .tuple(fc.oneof(fc.constant(G.payload), payloadEdit), fc.boolean())
      .map(([p, sameKid]) =>
        signFile(CLAIM_FORMAT, JSON.parse(p), { kid: sameKid ? G.kid : 'fuzz-key-0001', key: otherKey }),
      ),
  ];
  for (const family of altered)
    await fc.assert(
      fc.asyncProperty(family, (text) => send(text, false)),
      { numRuns: runs, seed },
    );

  // Signed with the institution's real key but broken inside (a faulty or future institution
  // install): the signature holds, so records may be reported as conflicts — but never INTERNAL.
  const brokenRecord = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    payloadEdit.map((p) => (JSON.parse(p) as { records?: unknown[] | null }).records?.[0] ?? null),
    fc.record(
      {
        kind: fc.constantFrom('redemption', 'class', 'member', 'attendance', 'completion', 'certificate', 'other'),
        uid: fc.oneof(fc.uuid(), fc.jsonValue({ maxDepth: 1 })),
        serial: fc.oneof(fc.constant(w.voucher.serial), fc.jsonValue({ maxDepth: 1 })),
        classUid: fc.jsonValue({ maxDepth: 1 }),
        qrText: fc.oneof(fc.constant(w.voucher.text), fc.string()),
        redeemedAt: fc.oneof(fc.constant('2026-11-29T03:00:00.000Z'), fc.jsonValue({ maxDepth: 1 })),
      },
      { requiredKeys: ['kind'] },
    ),
  );
  const brokenPayload = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.record({
      packageId: fc.oneof(fc.uuid(), fc.jsonValue({ maxDepth: 1 })),
      institutionCode: fc.constantFrom('LL-PX-001'),
      createdAt: fc.constant('2026-11-29T03:00:00.000Z'),
      records: fc.oneof(fc.array(brokenRecord, { maxLength: 3 }), fc.jsonValue({ maxDepth: 1 })),
    }),
  );
  await fc.assert(
    fc.asyncProperty(brokenPayload, (p) => send(signFile(CLAIM_FORMAT, p, G.signer), true)),
    { numRuns: runs, seed },
  );

  // Sanity: the genuine package itself is taken in, so the refusals above were the signature's doing.
  const r = await ask(t.env, await tokenFor(w, 'admin'), 'claims:import', { text: G.text });
  if (r.kind !== 'envelope' || !r.r.ok) tally.crash(`the genuine package was refused: ${preview(r)}`, G.text);
}

// ---------------------------------------------------------------------------------------------
// 5. Every channel's input schema

/**
 * Channels whose *valid* random payloads are not sent (their invalid ones always are): they would
 * run long or reach outside the test, or act on the very accounts and key the campaign calls with.
 */
const SKIP_VALID: Partial<Record<ChannelName, string>> = {
  'backup:run': 'copies the database into whatever folder the payload names',
  'keys:rotate': 'replaces the signing key (a slow key derivation each time)',
  'user:update': 'could demote or rename the accounts the campaign calls as',
  'user:setDisabled': 'could disable the accounts the campaign calls as',
  'user:resetPassword': 'could change the passwords the campaign logs in again with',
  'voucher:issueBatch': 'a batch of up to 10,000 vouchers, as a background job',
};

/** Read-only channels (mutates: false) that write by design, so a write after their success is no surprise. */
const WRITES_BY_DESIGN: readonly ChannelName[] = [
  'import:workers', // commit: true writes the valid rows
  'import:history',
  'export:workers', // fullId: true is audited
  'export:vouchers',
  'export:archive',
  'archive:extract', // records the extract it prints
  'worker:get', // full: true is audited (view_full)
  'archive:get',
  'voucher:pdf',
];

/** Channels that take a password: a wrong one is counted towards the lockout and audited, even though refused. */
const COUNTS_WRONG_PASSWORDS: readonly ChannelName[] = ['auth:login', 'auth:unlock', 'auth:changePassword'];

/** Channels that answer with a background job. */
const JOB_CHANNELS: readonly ChannelName[] = ['voucher:pdf', 'voucher:issueBatch', 'archive:extract'];

/** Session channels are called with a session of their own, so that the campaign's stays logged in. */
const SESSION_CHANNELS: readonly ChannelName[] = ['auth:logout', 'auth:lock', 'auth:unlock'];

function callerFor(name: ChannelName): 'admin' | 'institutionOperator' {
  const access = channels[name].access;
  if (access === 'public' || access === 'user') return 'admin';
  return (access as readonly Role[]).includes('admin') ? 'admin' : 'institutionOperator';
}

/** The keys of a channel's input object, found through refinements and pipes. */
function shapeKeys(schema: unknown): string[] {
  let s = schema as
    { shape?: unknown; _zod?: { def?: { in?: unknown; innerType?: unknown; schema?: unknown } } } | undefined;
  for (let depth = 0; s && depth < 6; depth++) {
    if (s.shape && typeof s.shape === 'object') return Object.keys(s.shape);
    const def = s._zod?.def;
    s = (def?.in ?? def?.innerType ?? def?.schema) as typeof s;
  }
  return [];
}

const anything = fc.anything({
  maxDepth: 3,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
});
const primitive = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.bigInt(),
  fc.constant(Number.NaN),
  fc.constant(-0),
);
/** Values that look like what schemas want — dates, small ids, short strings — so that some payloads pass. */
const plausible = fc.oneof(
  fc.integer({ min: -2, max: 30 }),
  fc.string({ maxLength: 12 }),
  fc.boolean(),
  fc
    .date({ min: new Date('1990-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom('4-10-01-05', 'L5', '530523101', 'LL-PX-001', 'a4', 'passed', 'in', 'skills_upgrade'),
  fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 3 }),
);

async function channelProperty(w: World, runs: number, seed: number | undefined) {
  const { t, tally } = w;
  const db = t.db;
  const stats = { refused: 0, validation: 0, accessFirst: 0, valid: 0, skipped: 0 };

  const send = async (name: ChannelName, payload: unknown) => {
    tally.inputsTried++;
    const def = channels[name];
    const schemaOk = def.input.safeParse(payload ?? {}).success;
    if (schemaOk && SKIP_VALID[name]) {
      stats.skipped++;
      return;
    }
    const role = callerFor(name);
    let token = await tokenFor(w, role);
    if (SESSION_CHANNELS.includes(name)) {
      const own = (await t.env.sessions.touch(token, t.clock.now().getTime(), Number.MAX_SAFE_INTEGER))!;
      token = (await t.env.sessions.create({ ...own.user }, t.clock.now().getTime())).token;
    }
    const before = await dbFingerprint(db);
    const a = await ask(t.env, token, name, payload);
    let r = envelopeOf(tally, a, name, payload);
    // A job started by a valid payload is waited for, so that its writes land before the next call's fingerprint.
    if (r?.ok && JOB_CHANNELS.includes(name)) {
      const job = r.value as { id: string };
      const owner = (await t.env.sessions.touch(token, t.clock.now().getTime(), Number.MAX_SAFE_INTEGER))?.user.id ?? 0;
      await t.env.jobs.wait(job.id, owner).catch(() => undefined);
    }
    const changed = fingerprintDiff(before, await dbFingerprint(db));
    if (r) tally.see(`${schemaOk ? 'valid' : 'invalid'}:${r.ok ? 'ok' : r.error.code}`);
    if (!schemaOk) {
      stats.refused++;
      if (r?.ok) {
        tally.falseAccept(`${name} took a payload its schema refuses`, payload);
        r = null;
      } else if (r) {
        if (r.error.code === 'VALIDATION') stats.validation++;
        else if (['FORBIDDEN', 'UNAUTHENTICATED', 'LOCKED'].includes(r.error.code)) stats.accessFirst++;
        else tally.crash(`${name} refused a schema-invalid payload with ${r.error.code} ${r.error.message}`, payload);
        if (!CHINESE.test(r.error.message)) tally.crash(`${name} refused without a Chinese message`, payload);
      }
      if (changed.length) tally.write(`${name} (schema-invalid payload) changed ${changed.join(', ')}`, payload);
      return;
    }
    stats.valid++;
    if (!r) return;
    if (!r.ok) {
      if (!CHINESE.test(r.error.message)) tally.crash(`${name} refused without a Chinese message`, payload);
      // A wrong password is counted by design (AppError.commitFirst); every other refusal rolls back.
      if (changed.length && !COUNTS_WRONG_PASSWORDS.includes(name))
        tally.write(`${name} refused (${r.error.code}) but changed ${changed.join(', ')}`, payload);
      return;
    }
    if (!def.mutates && !WRITES_BY_DESIGN.includes(name) && changed.length)
      tally.write(`${name} is read-only but changed ${changed.join(', ')}`, payload);
  };

  for (const name of CHANNEL_NAMES) {
    const keys = shapeKeys(channels[name].input);
    const protoJson = fc
      .tuple(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('__proto__', 'constructor', ...keys))
      .map(
        ([v, k]) => JSON.parse(`{"${k}": ${JSON.stringify(v) ?? 'null'}, "__proto__": {"polluted": true}}`) as unknown,
      );
    const generic = fc.oneof(anything, fc.object({ maxDepth: 2 }), primitive, fc.array(primitive), protoJson);
    const value = fc.oneof(
      { arbitrary: plausible, weight: 4 },
      { arbitrary: primitive, weight: 1 },
      { arbitrary: anything, weight: 1 },
    );
    const shaped = keys.length
      ? fc
          .tuple(
            fc.record(Object.fromEntries(keys.map((k) => [k, value])), { requiredKeys: [] }),
            fc.oneof(
              { arbitrary: fc.constant(null), weight: 4 },
              { arbitrary: fc.tuple(fc.string({ maxLength: 8 }), value), weight: 1 },
            ),
          )
          .map(([o, extra]) => (extra ? { ...o, [extra[0]]: extra[1] } : o))
      : fc.oneof(fc.constant({}), fc.constant(undefined), fc.constant(null), fc.object({ maxDepth: 1 }));
    await fc.assert(
      fc.asyncProperty(fc.oneof(generic, shaped), (payload) => send(name, payload)),
      { numRuns: runs, seed },
    );
  }
  return stats;
}

// ---------------------------------------------------------------------------------------------

const PROPERTIES: [string, (w: World, runs: number, seed: number | undefined) => unknown][] = [
  ['qr', qrProperty],
  ['idNumber', idProperty],
  ['import', importProperty],
  ['claims', claimProperty],
  ['channels', channelProperty],
];

/**
 * Runs the five properties, `runs` inputs each (the channel property `runs` per channel), and
 * reports every problem found rather than stopping at the first.
 */
export async function runFuzzCampaign(opts: FuzzOptions): Promise<FuzzReport> {
  const log = opts.log ?? (() => undefined);
  // Always a known seed, so that whatever a random campaign finds can be replayed.
  const seed = opts.seed ?? Math.floor(Math.random() * 2 ** 31);
  const w = await makeWorld();
  const total: FuzzReport = { inputsTried: 0, crashes: 0, falseAccepts: 0, unexpectedWrites: 0, details: [] };
  try {
    log(
      `fuzz: runs=${opts.runs} seed=${seed}${opts.seed === undefined ? ' (chosen at random: pass it as seed to replay)' : ''}`,
    );
    for (const [name, run] of PROPERTIES) {
      w.prop.name = name;
      const start = { ...w.tally.report() };
      const t0 = Date.now();
      let extra: unknown;
      w.tally.outcomes = new Map();
      try {
        extra = await run(w, opts.runs, seed);
      } catch (e) {
        // fc.assert only throws when the harness itself failed (the properties record and go on).
        w.tally.crash(`the property stopped: ${String((e as Error)?.message ?? e).slice(0, 600)}`, name);
      }
      const now = w.tally.report();
      log(
        `fuzz ${name}: ${now.inputsTried - start.inputsTried} inputs, ${now.crashes - start.crashes} crashes, ` +
          `${now.falseAccepts - start.falseAccepts} false accepts, ${now.unexpectedWrites - start.unexpectedWrites} unexpected writes` +
          `${extra ? ` ${JSON.stringify(extra)}` : ''} (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
      );
      const seen = [...w.tally.outcomes].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ×${n}`);
      log(`  answers: ${seen.slice(0, 14).join('; ')}${seen.length > 14 ? '; …' : ''}`);
    }
  } finally {
    w.close();
  }
  Object.assign(total, w.tally.report());
  return total;
}
