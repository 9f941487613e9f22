// 所属乡镇: the one place that says which workers a caller may see and serve. A clerk bound to
// townships (a 人社服务站) works only with workers registered there; county staff, admins,
// reviewers, the CLI and the system are county-wide. Repos take the list and filter in SQL, so that
// a guessed id or ID number of another township's worker finds nothing, exactly as a missing one.
import type { Ctx } from './context';
import { AppError, notFound } from './errors';

/** The township codes the caller is confined to, or null for county-wide. */
export type TownshipScope = readonly string[] | null;

export function townshipScope(ctx: Pick<Ctx, 'session'>): TownshipScope {
  const u = ctx.session?.user;
  if (!u || u.role !== 'clerk' || u.townships.length === 0) return null;
  return u.townships;
}

export function inScope(scope: TownshipScope, townshipCode: string): boolean {
  return scope === null || scope.includes(townshipCode);
}

/**
 * A worker of another township looks like no worker at all: telling "exists, not yours" apart from
 * "no such worker" would let a township clerk enumerate the county by id.
 */
export const workerNotFound = () => notFound('劳动者');

/** Registering or moving a worker into a township that is not the clerk's. */
export function outsideTownships(names: readonly string[]): AppError {
  const message = `您只能为所属乡镇（${names.join('、')}）的劳动者办理`;
  return new AppError('FORBIDDEN', message, { fields: { townshipCode: message } });
}
