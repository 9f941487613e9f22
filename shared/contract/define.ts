import type { z } from 'zod';
import type { Access } from './roles';

export interface ChannelDef<I extends z.ZodType = z.ZodType, O = unknown> {
  input: I;
  access: Access;
  /**
   * How the channel uses the database. `true`: it writes, in one transaction with its audit rows.
   * `false`: it only reads (a full view it shows is audited after it, by the dispatcher).
   * `'job'`: it computes outside any transaction (signatures, key derivation, files, a job in the
   * background) and writes what it computed through the one write runner.
   */
  mutates: boolean | 'job';
  /** Callable while the session is locked (unlocking, logging out). */
  whileLocked?: boolean;
  /** Phantom: only carries the output type. */
  output?: O;
}

export type Mutates = ChannelDef['mutates'];

/** Keeps `mutates` as written (true, false or 'job'): it decides which context the handler gets. */
export function channel<O>() {
  return <I extends z.ZodType, const M extends Mutates>(
    def: Omit<ChannelDef<I, O>, 'output' | 'mutates'> & { mutates: M },
  ): ChannelDef<I, O> & { mutates: M } => def;
}
