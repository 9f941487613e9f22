import type { ChannelParsed } from '../../shared/contract/channels';
import type {
  FundSource,
  Institution,
  LevelHours,
  Occupation,
  Plan,
  SubsidyStandard,
} from '../../shared/contract/schemas/catalog';
import { skillLevel } from '../../shared/catalog/skillLevels';
import {
  getInstitution,
  getOccupation,
  getPlan,
  getStandard,
  listFundSources,
  listInstitutions,
  listLevelHours,
  listOccupations,
  listPlans,
  listStandards,
  saveInstitution,
  saveLevelHours,
  saveOccupation,
  savePlan,
  saveStandard,
} from '../db/repos/catalog.repo';
import { townshipExists } from '../db/repos/worker.repo';
import type { Ctx, WriteCtx } from '../core/context';
import { AppError, notFound } from '../core/errors';
import { requireMode } from './exchange/institution.service';

/** UNIQUE violations become the Chinese message of the field that clashed. */
function unique<T>(fn: () => T, field: string, message: string): T {
  try {
    return fn();
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
      throw new AppError('CONFLICT', message, { fields: { [field]: message } });
    }
    throw e;
  }
}

export const catalogHandlers = {
  'catalog:plans': (ctx: Ctx): Promise<Plan[]> => listPlans(ctx.db),

  'catalog:planSave': async (ctx: WriteCtx, input: ChannelParsed<'catalog:planSave'>): Promise<Plan> => {
    const before = input.id ? await getPlan(ctx.db, input.id) : undefined;
    if (input.id && !before) throw notFound('培训计划');
    const id = await unique(() => savePlan(ctx.db, input), 'name', '计划代码或名称已存在');
    const after = (await getPlan(ctx.db, id))!;
    await ctx.audit({ action: before ? 'update' : 'create', entity: 'plan', entityId: id, before, after });
    return after;
  },

  'catalog:occupations': (ctx: Ctx): Promise<Occupation[]> => listOccupations(ctx.db),

  'catalog:occupationSave': async (
    ctx: WriteCtx,
    input: ChannelParsed<'catalog:occupationSave'>,
  ): Promise<Occupation> => {
    const before = await getOccupation(ctx.db, input.code);
    await unique(() => saveOccupation(ctx.db, input), 'name', `职业名称“${input.name}”已被其他编码使用`);
    const after = (await getOccupation(ctx.db, input.code))!;
    await ctx.audit({
      action: before ? 'update' : 'create',
      entity: 'occupation',
      entityId: input.code,
      before,
      after,
    });
    return after;
  },

  'catalog:standards': (ctx: Ctx): Promise<SubsidyStandard[]> => listStandards(ctx.db),

  'catalog:standardSave': async (
    ctx: WriteCtx,
    input: ChannelParsed<'catalog:standardSave'>,
  ): Promise<SubsidyStandard> => {
    const before = input.id ? await getStandard(ctx.db, input.id) : undefined;
    if (input.id && !before) throw notFound('补贴标准');
    if (input.planId && !(await getPlan(ctx.db, input.planId))) throw new AppError('VALIDATION', '所选培训计划不存在');
    if (input.occupationCode && !(await getOccupation(ctx.db, input.occupationCode))) {
      throw new AppError('VALIDATION', `职业编码 ${input.occupationCode} 不在职业目录中`);
    }
    const id = await saveStandard(ctx.db, input);
    const after = (await getStandard(ctx.db, id))!;
    await ctx.audit({ action: before ? 'update' : 'create', entity: 'subsidyStandard', entityId: id, before, after });
    return after;
  },

  'catalog:institutions': (ctx: Ctx): Promise<Institution[]> => listInstitutions(ctx.db),

  'catalog:institutionSave': async (
    ctx: WriteCtx,
    input: ChannelParsed<'catalog:institutionSave'>,
  ): Promise<Institution> => {
    const before = input.id ? await getInstitution(ctx.db, input.id) : undefined;
    if (input.id && !before) throw notFound('培训机构');
    if (input.townshipCode && !(await townshipExists(ctx.db, input.townshipCode)))
      throw new AppError('VALIDATION', '所选乡镇不存在');
    for (const a of input.approvals) {
      if (!(await getOccupation(ctx.db, a.occupationCode)))
        throw new AppError('VALIDATION', `职业编码 ${a.occupationCode} 不在职业目录中`);
    }
    const id = await unique(() => saveInstitution(ctx.db, input), 'code', `机构代码“${input.code}”已存在`);
    const after = (await getInstitution(ctx.db, id))!;
    await ctx.audit({ action: before ? 'update' : 'create', entity: 'institution', entityId: id, before, after });
    return after;
  },

  'catalog:fundSources': (ctx: Ctx): Promise<FundSource[]> => listFundSources(ctx.db),

  'catalog:levelHours': (ctx: Ctx): Promise<LevelHours[]> => listLevelHours(ctx.db),

  /**
   * New classes may not be planned below it, and completion measures attendance against at least it,
   * so a class opened under a lower minimum is held to the new one when its trainees complete.
   */
  'catalog:levelHoursSave': async (
    ctx: WriteCtx,
    input: ChannelParsed<'catalog:levelHoursSave'>,
  ): Promise<LevelHours> => {
    // The bureau's rule: an institution's install must not lower its own minimum.
    await requireMode(ctx.db, 'bureau');
    const before = (await listLevelHours(ctx.db)).find((h) => h.level === input.level);
    await saveLevelHours(ctx.db, input);
    await ctx.audit({
      action: 'update',
      entity: 'levelHours',
      entityId: input.level,
      before,
      after: { ...input, label: skillLevel(input.level)?.label },
    });
    return input;
  },
};
