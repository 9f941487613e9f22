import type { ChannelParsed } from '../../../shared/contract/channels';
import type { Anomaly, AnomalyKind, AnomalyPage } from '../../../shared/contract/schemas/stats';
import { ANOMALY_KINDS } from '../../../shared/contract/schemas/stats';
import type { Ctx } from '../../core/context';
import type { Db } from '../../db/connection';
import { prep } from '../../db/prepared';
import { getSettings } from '../../db/repos/settings.repo';
import { RULES } from './anomaly.rules';

/**
 * Replaces the flags with what the rules find now; a flag found before keeps the time it was
 * first detected. Runs inside the caller's transaction.
 */
export function scanAnomalies(db: Db, at: string): number {
  const s = getSettings(db);
  const flags = RULES.flatMap((rule) => rule(db, s));
  const seen = new Map(
    (
      prep(db, 'SELECT kind, subject, detected_at FROM anomaly').all() as {
        kind: string;
        subject: string;
        detected_at: string;
      }[]
    ).map((r) => [`${r.kind}|${r.subject}`, r.detected_at]),
  );
  prep(db, 'DELETE FROM anomaly').run();
  const insert = prep(
    db,
    `INSERT OR IGNORE INTO anomaly (kind, subject, worker_id, serial, institution_id, reason, detected_at)
     VALUES (@kind, @subject, @workerId, @serial, @institutionId, @reason, @at)`,
  );
  for (const f of flags) insert.run({ ...f, at: seen.get(`${f.kind}|${f.subject}`) ?? at });
  return flags.length;
}

export function listAnomalies(db: Db, input: ChannelParsed<'anomaly:list'>): AnomalyPage {
  const where = `WHERE (@workerId IS NULL OR a.worker_id = @workerId) AND (@serial IS NULL OR a.serial = @serial)
    AND (@institutionId IS NULL OR a.institution_id = @institutionId)`;
  const p = {
    workerId: input.workerId ?? null,
    serial: input.serial ?? null,
    institutionId: input.institutionId ?? null,
  };
  const counts = prep(db, `SELECT kind, count(*) AS n FROM anomaly a ${where} GROUP BY kind`).all(p) as {
    kind: AnomalyKind;
    n: number;
  }[];
  const byKind = Object.fromEntries(ANOMALY_KINDS.map((k) => [k, 0])) as Record<AnomalyKind, number>;
  for (const c of counts) byKind[c.kind] = c.n;
  const kindWhere = `${where} AND (@kind IS NULL OR a.kind = @kind)`;
  const q = { ...p, kind: input.kind ?? null };
  const total = prep(db, `SELECT count(*) FROM anomaly a ${kindWhere}`).pluck().get(q) as number;
  const items = prep(
    db,
    `SELECT a.id, a.kind, a.reason, a.worker_id AS workerId, w.name AS workerName, a.serial,
            a.institution_id AS institutionId, i.name AS institutionName, a.detected_at AS detectedAt
     FROM anomaly a LEFT JOIN worker w ON w.id = a.worker_id LEFT JOIN institution i ON i.id = a.institution_id
     ${kindWhere} ORDER BY a.detected_at DESC, a.id DESC LIMIT @limit OFFSET @offset`,
  ).all({ ...q, limit: input.pageSize, offset: (input.page - 1) * input.pageSize }) as Anomaly[];
  return { items, total, page: input.page, pageSize: input.pageSize, byKind };
}

export const anomalyHandlers = {
  'anomaly:list': (ctx: Ctx, input: ChannelParsed<'anomaly:list'>) => listAnomalies(ctx.db, input),
  'anomaly:scan': (ctx: Ctx): { found: number } => {
    const found = scanAnomalies(ctx.db, ctx.clock.now().toISOString());
    ctx.audit({ action: 'scan', entity: 'anomaly', after: { found } });
    return { found };
  },
};
