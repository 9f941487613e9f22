import type { z } from 'zod';
import type { Access } from './roles';

export interface ChannelDef<I extends z.ZodType = z.ZodType, O = unknown> {
  input: I;
  access: Access;
  /** Writes to the database: runs in one transaction and is audited. */
  mutates: boolean;
  /** Callable while the session is locked (unlocking, logging out). */
  whileLocked?: boolean;
  /** Phantom: only carries the output type. */
  output?: O;
}

export function channel<O>() {
  return <I extends z.ZodType>(def: Omit<ChannelDef<I, O>, 'output'>): ChannelDef<I, O> => def;
}
