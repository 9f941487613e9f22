/**
 * Writers of this process take turns: at most `slots` run at once, the rest wait in order; a turn
 * ends when its transaction has committed or rolled back, whether it succeeded or failed.
 */
export class Turns {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly drained: (() => void)[] = [];

  constructor(private readonly slots = 1) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.running >= this.slots) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await fn();
    } finally {
      // The slot passes straight to the next in line, so the count stays as it is.
      const next = this.waiting.shift();
      if (next) next();
      else if (--this.running === 0) this.drained.splice(0).forEach((resolve) => resolve());
    }
  }

  /** Resolves once no turn runs or waits: for closing the database after the last write. */
  idle(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }
}
