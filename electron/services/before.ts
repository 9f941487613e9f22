import type { ChannelName, ChannelParsed } from '../../shared/contract/channels';
import type { Ctx } from '../core/context';

/**
 * A writing channel's step before its transaction, for work too slow to do while holding the
 * writers' lock (a password's scrypt). It reads and computes; it never writes, and the transaction
 * checks again whatever it read (see PasswordWork: an answer is kept per stored hash).
 */
export type BeforeHandlers = {
  [K in ChannelName]?: (ctx: Ctx, input: ChannelParsed<K>) => Promise<void>;
};
