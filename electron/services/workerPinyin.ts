// Workers registered before migration 015 have no pinyin search key yet (SQL cannot compute one):
// the housekeeping round fills them, a batch per short write transaction, names read inside it so
// that a name changed meanwhile is never given a stale key. After the first round there are none.
import { setWorkerPinyin, workersWithoutPinyin } from '../db/repos/worker.repo';
import type { JobCtx } from '../core/context';

const BATCH = 2000;

/** Returns how many workers got their key. */
export async function fillPinyinKeys(ctx: Pick<JobCtx, 'write'>): Promise<number> {
  let done = 0;
  for (;;) {
    const n = await ctx.write(async (w) => {
      const rows = await workersWithoutPinyin(w.db, BATCH);
      await setWorkerPinyin(w.db, rows);
      return rows.length;
    });
    done += n;
    if (n < BATCH) return done;
  }
}
