// The queue writers of one process wait in: at most `slots` run at once, the rest in the order they
// came; a turn that fails lets the next one go; `idle` waits for the last.
import { describe, expect, it } from 'vitest';
import { Turns } from '../../electron/db/driver/turns';

const gate = () => {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
};
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('Turns', () => {
  it('runs at most two at once, the others in the order they came, after a failure too', async () => {
    const turns = new Turns(2);
    const started: number[] = [];
    const gates = [gate(), gate(), gate(), gate()];
    const runs = gates.map((g, i) =>
      turns.run(async () => {
        started.push(i);
        await g.opened;
        if (i === 0) throw new Error('failed');
        return i;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    gates[0]!.open();
    await expect(runs[0]).rejects.toThrow('failed');
    await tick();
    expect(started).toEqual([0, 1, 2]);
    let idle = false;
    void turns.idle().then(() => (idle = true));
    gates[1]!.open();
    gates[2]!.open();
    await tick();
    expect(started).toEqual([0, 1, 2, 3]);
    expect(idle).toBe(false);
    gates[3]!.open();
    expect(await Promise.all(runs.slice(1))).toEqual([1, 2, 3]);
    await tick();
    expect(idle).toBe(true);
  });

  it('with one slot, runs one at a time', async () => {
    const turns = new Turns();
    let running = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 5 }, () =>
        turns.run(async () => {
          most = Math.max(most, ++running);
          await tick();
          running--;
        }),
      ),
    );
    expect(most).toBe(1);
    await turns.idle();
  });
});
