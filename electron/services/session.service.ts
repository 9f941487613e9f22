// 在线会话 and 强制下线 (issue 14 §4): who is logged in, and ending one login at an admin's word.
import type { ChannelParsed } from '../../shared/contract/channels';
import type { LiveSessionRow } from '../../shared/contract/schemas/sessions';
import type { Ctx, WriteCtx } from '../core/context';
import { AppError } from '../core/errors';

/** What the ended user reads on the login screen at their next call (core/sessionCheck). */
export const ENDED_BY_ADMIN = '您已被管理员强制下线，请重新登录';

export const sessionHandlers = {
  'session:list': async (ctx: Ctx): Promise<LiveSessionRow[]> =>
    (await ctx.sessions.list()).map((s) => ({
      id: s.id,
      userId: s.user.id,
      username: s.user.username,
      displayName: s.user.displayName,
      role: s.user.role,
      clientAddress: s.client.address,
      clientKind: s.client.kind,
      startedAt: s.startedAt,
      lastActive: s.lastActive,
      locked: s.locked,
      current: s.id === ctx.session?.id,
    })),

  /** An admin may end their own session too: it is how one logs out a forgotten window of one's own. */
  'session:end': async (ctx: WriteCtx, input: ChannelParsed<'session:end'>): Promise<null> => {
    const target = (await ctx.sessions.list()).find((s) => s.id === input.id);
    if (!target || !(await ctx.sessions.endById(input.id, ENDED_BY_ADMIN))) {
      throw new AppError('NOT_FOUND', '该会话已结束或不存在，请刷新列表');
    }
    await ctx.audit({
      action: 'endSession',
      entity: 'user',
      entityId: target.user.id,
      after: {
        session: target.id,
        username: target.user.username,
        clientAddress: target.client.address,
        clientKind: target.client.kind,
      },
    });
    return null;
  },
};
