// Witnesses (见证): the audit chain's head {install, row, hash, time} signed with the install
// secret's Ed25519 witness key. A copy kept off the machine (a backup's .witness.json, a status
// file at an institution, a printed digest) proves what the chain held at that moment: whoever
// later edits, rewrites or rolls back rows up to it is caught, even with the audit key.
import { writeFileSync } from 'node:fs';
import { isoNow, type Clock } from '../../core/clock';
import type { JobCtx, WriteCtx } from '../../core/context';
import { AppError, refuseNul } from '../../core/errors';
import { verifyWitnessSignature, type InstallSecrets } from '../../core/secrets';
import type { WriteTx } from '../../db/driver/types';
import { durableRename } from '../../db/durable';
import { appendAudit, auditHead, GENESIS_HASH } from '../../db/repos/audit.repo';
import { putSetting, setting } from '../../db/repos/exchange.repo';
import {
  hasCutover,
  insertWitness,
  latestWitness,
  type WitnessDbRow,
  type WitnessKind,
} from '../../db/repos/witness.repo';

export const WITNESS_FORMAT = 'longling-audit-witness';
/** Settings holding the public half of the witness key (public: anyone may check a witness). */
export const WITNESS_KEY_SETTING = 'auditWitnessKey';
export const WITNESS_KID_SETTING = 'auditWitnessKid';

/** What is signed. `keyedFrom` is in every head, so that moving the cut-over later is caught too. */
export interface WitnessHead {
  format: typeof WITNESS_FORMAT;
  version: 1;
  install: string;
  kind: WitnessKind;
  row: number;
  hash: string;
  at: string;
  keyedFrom: number;
}

/** A witness as a file: the exact signed string, its signature and the key id. */
export interface WitnessEnvelope {
  format: typeof WITNESS_FORMAT;
  kid: string;
  payload: string;
  signature: string;
}

export const WITNESS_KIND_LABELS: Record<WitnessKind, string> = {
  cutover: '启用密钥链',
  daily: '每日',
  backup: '备份',
  status: '状态更新包',
  digest: '审计摘要',
  manual: '手动',
};

function sign(secrets: InstallSecrets, head: WitnessHead): WitnessEnvelope {
  const payload = JSON.stringify(head);
  return {
    format: WITNESS_FORMAT,
    kid: secrets.witnessKid,
    payload,
    signature: secrets.signWitness(Buffer.from(payload, 'utf8')).toString('base64'),
  };
}

function isHead(h: Partial<WitnessHead>): h is WitnessHead {
  return (
    h.format === WITNESS_FORMAT &&
    h.version === 1 &&
    typeof h.install === 'string' &&
    typeof h.kind === 'string' &&
    Number.isInteger(h.row) &&
    h.row! >= 0 &&
    typeof h.hash === 'string' &&
    /^[0-9a-f]{64}$/.test(h.hash) &&
    typeof h.at === 'string' &&
    Number.isInteger(h.keyedFrom) &&
    h.keyedFrom! >= 1
  );
}

/** The signed head inside an envelope, or null if it is not one. */
export function headOf(payload: string): WitnessHead | null {
  try {
    const h = JSON.parse(payload) as Partial<WitnessHead>;
    return isHead(h) ? h : null;
  } catch {
    return null;
  }
}

/** Reads a witness file (or a QR's text); refuses anything else with a Chinese message. */
export function parseWitness(text: string): { envelope: WitnessEnvelope; head: WitnessHead } {
  let e: Partial<WitnessEnvelope>;
  try {
    e = JSON.parse(text) as Partial<WitnessEnvelope>;
  } catch {
    throw new AppError('VALIDATION', '见证文件不是有效的 JSON 文件');
  }
  refuseNul(e, '见证文件');
  if (
    !e ||
    e.format !== WITNESS_FORMAT ||
    typeof e.kid !== 'string' ||
    typeof e.payload !== 'string' ||
    typeof e.signature !== 'string'
  ) {
    throw new AppError('VALIDATION', '文件不是本程序的审计见证文件');
  }
  const head = headOf(e.payload);
  if (!head) throw new AppError('VALIDATION', '见证文件内容已损坏');
  return { envelope: e as WitnessEnvelope, head };
}

export function signatureOk(envelope: WitnessEnvelope, publicKeyPem: string): boolean {
  return verifyWitnessSignature(
    publicKeyPem,
    Buffer.from(envelope.payload, 'utf8'),
    Buffer.from(envelope.signature, 'base64'),
  );
}

export function envelopeOf(row: Pick<WitnessDbRow, 'kid' | 'payload' | 'signature'>): WitnessEnvelope {
  return { format: WITNESS_FORMAT, kid: row.kid, payload: row.payload, signature: row.signature };
}

/** The file's text: one JSON object, compact enough for a QR. */
export function witnessText(envelope: WitnessEnvelope): string {
  return JSON.stringify(envelope);
}

/** Writes a witness file whole or not at all (it is evidence: never half a file). */
export function writeWitnessFile(file: string, envelope: WitnessEnvelope): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, witnessText(envelope) + '\n', { flag: 'w' });
  durableRename(tmp, file);
}

async function store(db: WriteTx, secrets: InstallSecrets, head: WitnessHead): Promise<WitnessEnvelope> {
  const envelope = sign(secrets, head);
  await insertWitness(db, {
    kind: head.kind,
    install_id: head.install,
    row_id: head.row,
    hash: head.hash,
    at: head.at,
    keyed_from: head.keyedFrom,
    kid: envelope.kid,
    payload: envelope.payload,
    signature: envelope.signature,
  });
  return envelope;
}

/**
 * Called when a database is opened with its secret. The first time (a new database, or one made
 * by an earlier version), the current head is signed as the cut-over: rows up to it keep their
 * public SHA-256 links, every later row is keyed. It is never made again while one exists, so
 * the cut-over cannot be moved later without the witness key.
 */
export async function ensureKeying(tx: WriteTx, secrets: InstallSecrets, clock: Clock): Promise<void> {
  if (!(await setting(tx, WITNESS_KEY_SETTING))) {
    await putSetting(tx, WITNESS_KEY_SETTING, secrets.witnessPublicKeyPem);
    await putSetting(tx, WITNESS_KID_SETTING, secrets.witnessKid);
  }
  if (await hasCutover(tx)) return;
  const head = await auditHead(tx);
  const row = head?.last_id ?? 0;
  const at = isoNow(clock);
  await store(tx, secrets, {
    format: WITNESS_FORMAT,
    version: 1,
    install: secrets.id,
    kind: 'cutover',
    row,
    hash: head?.hash ?? GENESIS_HASH,
    at,
    keyedFrom: row + 1,
  });
  // An upgraded database: say in the log itself from which row on the chain is keyed.
  if (row > 0)
    await appendAudit(tx, secrets, {
      at,
      userId: null,
      username: 'system',
      channel: 'audit:keying',
      action: 'startKeyedChain',
      entity: 'auditLog',
      entityId: null,
      before: null,
      after: { keyedFrom: row + 1, secretId: secrets.id, witnessKid: secrets.witnessKid },
    });
}

/** Signs the head as it is now, inside the caller's write, and keeps the witness in the database. */
export async function signHead(
  w: Pick<WriteCtx, 'db' | 'clock' | 'secrets'>,
  kind: Exclude<WitnessKind, 'cutover'>,
): Promise<{ envelope: WitnessEnvelope; head: WitnessHead }> {
  const cutover = await latestWitness(w.db, 'cutover');
  if (!cutover) throw new AppError('INTERNAL', '审计链尚未启用密钥，无法签署见证');
  const head = await auditHead(w.db);
  const signed: WitnessHead = {
    format: WITNESS_FORMAT,
    version: 1,
    install: w.secrets.id,
    kind,
    row: head?.last_id ?? 0,
    hash: head?.hash ?? GENESIS_HASH,
    at: isoNow(w.clock),
    keyedFrom: cutover.keyed_from,
  };
  return { envelope: await store(w.db, w.secrets, signed), head: signed };
}

/** Signs the head now, in a write of its own. */
export function takeWitness(ctx: Pick<JobCtx, 'write'>, kind: Exclude<WitnessKind, 'cutover'>) {
  return ctx.write((w) => signHead(w, kind));
}

const DAY = 86_400_000;

/** The daily witness, when the newest witness (other than the cut-over) is a day old. */
export async function dailyWitness(ctx: Pick<JobCtx, 'db' | 'clock' | 'write'>): Promise<WitnessHead | null> {
  const w = await latestWitness(ctx.db);
  const last = w && w.kind !== 'cutover' ? Date.parse(w.at) : 0;
  if (ctx.clock.now().getTime() - last < DAY) return null;
  return (await takeWitness(ctx, 'daily')).head;
}
