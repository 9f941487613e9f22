// Checking the audit trail: every link from the first row (public SHA-256 up to the cut-over,
// the install secret's MAC after it), the head marker, every witness kept in the database, and
// optionally a witness file kept elsewhere. Reads only: it never changes what it checks.
import type { AuditVerifyInfo, AuditVerifyResult } from '../../../shared/contract/schemas/audit';
import type { InstallSecrets } from '../../core/secrets';
import type { Queryable } from '../../db/driver/types';
import { auditHead, GENESIS_HASH, iterateAudit, keyedRowHash, rowHash } from '../../db/repos/audit.repo';
import { setting } from '../../db/repos/exchange.repo';
import { hasWitnessTables, listWitnesses } from '../../db/repos/witness.repo';
import {
  envelopeOf,
  headOf,
  parseWitness,
  signatureOk,
  WITNESS_KEY_SETTING,
  WITNESS_KID_SETTING,
  WITNESS_KIND_LABELS,
  type WitnessEnvelope,
  type WitnessHead,
} from './witness';

export interface VerifyOptions {
  /** This machine's install secret: the keyed rows are then checked in full. */
  secrets?: InstallSecrets | null;
  /** The text of a witness file taken earlier, to check the database against. */
  witness?: string | null | undefined;
}

interface Checked {
  head: WitnessHead | null;
  envelope: WitnessEnvelope;
  /** null: no public key to check it with. */
  sigOk: boolean | null;
  label: string;
  /** The kind its row claims (a stored witness), whatever its payload says. */
  kind: string;
}

const label = (h: WitnessHead) => `${h.at} 签署的${WITNESS_KIND_LABELS[h.kind] ?? ''}见证`;

export async function verifyAuditChain(db: Queryable, opts: VerifyOptions = {}): Promise<AuditVerifyResult> {
  const limits: string[] = [];
  const boundId = (await setting(db, 'installSecretId')) ?? null;
  let secrets = opts.secrets ?? null;
  if (secrets && boundId && secrets.id !== boundId) {
    limits.push(`所给密钥文件（编号 ${secrets.id}）不属于此数据库（编号 ${boundId}），未用它核对`);
    secrets = null;
  }
  const pem = secrets?.witnessPublicKeyPem ?? (await setting(db, WITNESS_KEY_SETTING)) ?? null;
  const kid = secrets?.witnessKid ?? (await setting(db, WITNESS_KID_SETTING)) ?? null;
  const check = (envelope: WitnessEnvelope, head: WitnessHead | null, kind = head?.kind ?? ''): Checked => ({
    head,
    kind,
    envelope,
    sigOk: pem ? signatureOk(envelope, pem) : null,
    label: head ? label(head) : '一份见证',
  });

  const hasTables = await hasWitnessTables(db);
  const stored = hasTables
    ? (await listWitnesses(db)).map((w) => {
        const head = headOf(w.payload);
        // The columns must say what the signed payload says, or the row was edited.
        const same =
          head &&
          head.kind === w.kind &&
          head.row === w.row_id &&
          head.hash === w.hash &&
          head.keyedFrom === w.keyed_from &&
          head.install === w.install_id;
        return check(envelopeOf(w), same ? head : null, w.kind);
      })
    : [];
  const external = opts.witness ? parseWitness(opts.witness) : null;
  const ext = external ? check(external.envelope, external.head) : null;

  const cutovers = stored.filter((w) => w.kind === 'cutover' || w.head?.kind === 'cutover');
  const keyedFrom = cutovers[0]?.head?.keyedFrom ?? null;
  const info = (rows: number): AuditVerifyInfo => ({
    rows,
    keyedFrom,
    keyChecked: secrets !== null && keyedFrom !== null,
    witnesses: stored.length,
    witness: external ? { row: external.head.row, at: external.head.at, kind: external.head.kind } : null,
    limits,
  });
  const bad = (rows: number, firstBadRow: number, reason: string): AuditVerifyResult => ({
    ok: false,
    firstBadRow,
    reason,
    ...info(rows),
  });

  if (cutovers.length > 1) return bad(0, 1, '见证表中有多份“启用密钥链”见证：见证表被篡改');
  // A database bound to a secret always has its cut-over; one that lost both its binding and its
  // cut-over, checked where its secret file is, has had its keyed chain removed.
  const anyRows = (await auditHead(db)) !== undefined;
  if (boundId && hasTables && cutovers.length === 0 && anyRows) {
    return bad(0, 1, '数据库绑定了密钥文件，却没有“启用密钥链”见证：见证被删除，其后的记录可能被改写');
  }
  if (!boundId && opts.secrets && anyRows) {
    return bad(
      0,
      1,
      `数据库没有绑定密钥文件（应为编号 ${opts.secrets.id}）：密钥链被移除，或数据库被换成了另一个文件，记录可能被改写`,
    );
  }
  const cut = cutovers[0];
  if (cut && (!cut.head || cut.sigOk === false)) {
    return bad(0, keyedFrom ?? 1, '启用密钥链时签署的见证无效（签名不符或内容被改）：密钥链的起点不可信');
  }

  // Rows whose hashes the witnesses name, collected while walking.
  const wanted = new Set<number>([...stored, ...(ext ? [ext] : [])].map((w) => w.head?.row ?? -1));
  const hashAt = new Map<number, string>([[0, GENESIS_HASH]]);
  let prev = GENESIS_HASH;
  let expectedId = 1;
  let rows = 0;
  let unchecked = 0;
  for await (const r of iterateAudit(db)) {
    if (r.id !== expectedId) {
      return bad(rows, expectedId, `第 ${expectedId} 行缺失（被删除），下一行为第 ${r.id} 行`);
    }
    if (r.prev_hash !== prev) return bad(rows, r.id, `第 ${r.id} 行记录的前一行哈希不符：前一行被修改或删除`);
    if (keyedFrom === null || r.id < keyedFrom) {
      if (rowHash(prev, r) !== r.hash) return bad(rows, r.id, `第 ${r.id} 行的内容与其哈希不符：该行被修改`);
    } else if (secrets) {
      if (keyedRowHash(secrets, prev, r) !== r.hash) {
        return bad(
          rows,
          r.id,
          `第 ${r.id} 行的内容与其密钥校验值不符：该行被修改（不持有密钥文件的人无法重算密钥校验值）`,
        );
      }
    } else unchecked++;
    if (wanted.has(r.id)) hashAt.set(r.id, r.hash);
    prev = r.hash;
    expectedId++;
    rows++;
  }
  const head = await auditHead(db);
  const lastId = expectedId - 1;
  if (head && (head.last_id !== lastId || head.hash !== prev)) {
    return head.last_id > lastId
      ? bad(rows, lastId + 1, `第 ${lastId + 1} 行起的末尾记录缺失（被删除），链尾应为第 ${head.last_id} 行`)
      : bad(rows, head.last_id + 1, `链尾标记与日志不符：第 ${head.last_id + 1} 行之后的记录可疑`);
  }
  if (!head && rows > 0) return bad(rows, 1, '链尾标记缺失');

  // Each witness: its signature, its install, the cut-over it names, and the hash of its row.
  let lastGood = 0;
  const witnessFails = (w: Checked, what: string): AuditVerifyResult | null => {
    const h = w.head;
    if (!h) return bad(rows, 1, `${what}的内容与其签名记录不符：见证表被篡改`);
    if (w.sigOk === false) return bad(rows, h.row || 1, `${w.label}签名无效：${what}被改动或伪造`);
    if (boundId && h.install !== boundId) {
      return bad(rows, 1, `${w.label}属于另一个安装（编号 ${h.install}），不是本数据库（编号 ${boundId}）的`);
    }
    if (h.keyedFrom !== keyedFrom) {
      return bad(
        rows,
        Math.min(h.keyedFrom, keyedFrom ?? h.keyedFrom),
        `${w.label}记载密钥链自第 ${h.keyedFrom} 行起，数据库却是${keyedFrom === null ? '没有密钥链' : `自第 ${keyedFrom} 行起`}：密钥链的起点被移动，之前的记录被改写`,
      );
    }
    if (h.row > lastId) {
      return bad(
        rows,
        lastId + 1,
        `${w.label}记有第 ${h.row} 行，数据库却只有 ${lastId} 行：记录被删除，或数据库被回滚到更早的副本`,
      );
    }
    if (hashAt.get(h.row) !== h.hash) {
      return bad(
        rows,
        lastGood + 1,
        `第 ${h.row} 行的哈希与${w.label}不符：第 ${lastGood + 1}–${h.row} 行在见证签署之后被改写`,
      );
    }
    lastGood = Math.max(lastGood, h.row);
    return null;
  };
  for (const w of [...stored].sort((a, b) => (a.head?.row ?? 0) - (b.head?.row ?? 0))) {
    const failed = witnessFails(w, '数据库中保存的见证');
    if (failed) return failed;
  }
  if (ext) {
    if (kid && ext.envelope.kid !== kid) {
      return bad(rows, 1, `见证文件由另一把密钥（编号 ${ext.envelope.kid}）签署，本数据库的见证密钥编号为 ${kid}`);
    }
    lastGood = Math.max(0, ...stored.map((w) => w.head?.row ?? 0).filter((r) => r < ext.head!.row));
    const failed = witnessFails(ext, '见证文件');
    if (failed) return failed;
  }

  if (!hasTables) limits.push('该数据库来自旧版本程序，没有见证表：只能用公开的哈希算法核对');
  if (keyedFrom === null && rows > 0) {
    limits.push(
      `本数据库没有密钥链：全部 ${rows} 条记录只用公开的哈希算法串联，持有数据库文件的人可以改后重算；请用此前的见证文件（--witness）核对`,
    );
  }
  if (unchecked > 0) {
    limits.push(
      `没有本数据库的密钥文件${boundId ? `（编号 ${boundId}）` : ''}：第 ${keyedFrom} 行起的 ${unchecked} 条记录只核对了前后衔接和见证，未核对每行内容；在存放密钥文件的电脑上运行 audit verify 可完整核对`,
    );
  }
  if (!pem && (stored.length > 0 || ext)) limits.push('数据库中没有见证公钥，未核对见证的签名');
  else if (!secrets && pem && (stored.length > 0 || ext)) {
    limits.push(`见证签名用数据库中保存的公钥（编号 ${kid}）核对：请与打印的审计摘要或信任包中的见证公钥编号比对`);
  }
  return { ok: true, ...info(rows) };
}
