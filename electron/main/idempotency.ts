// Idempotency keys of the desktop client's writing calls. Each logical call gets a random key that
// its automatic retries reuse. When all attempts went unanswered, the user presses the button again:
// that is the same logical call (same session, channel and body) and gets the same key again, so if
// the first attempts did reach the server after all, the server returns their result instead of
// doing the work a second time. The key is forgotten once an answer arrives, or after a while.
import { createHash } from 'node:crypto';

/** Agreed with the server: 16–100 characters of [A-Za-z0-9_-]; a UUID is 36. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{16,100}$/;

/** How long an unanswered call's key is offered to the same call again (the server keeps keys longer). */
export const UNANSWERED_KEY_TTL_MS = 30 * 60_000;

export interface IdempotencyKeys {
  /** The key of this call: an unanswered identical call's, or a new one. */
  take(token: string | undefined, channel: string, body: Buffer, newKey: () => string): string;
  /** The call with this key got an answer: an identical call later is a new call. */
  answered(key: string): void;
}

export function idempotencyKeys(now: () => number = Date.now): IdempotencyKeys {
  const unanswered = new Map<string, { key: string; at: number }>();
  const byKey = new Map<string, string>();
  const digest = (token: string | undefined, channel: string, body: Buffer) =>
    createHash('sha256')
      .update(`${token ?? ''}\0${channel}\0`)
      .update(body)
      .digest('hex');

  return {
    take(token, channel, body, newKey) {
      const t = now();
      for (const [d, e] of unanswered) {
        if (t - e.at > UNANSWERED_KEY_TTL_MS) {
          unanswered.delete(d);
          byKey.delete(e.key);
        }
      }
      const d = digest(token, channel, body);
      const known = unanswered.get(d);
      if (known) {
        known.at = t;
        return known.key;
      }
      const key = newKey();
      unanswered.set(d, { key, at: t });
      byKey.set(key, d);
      return key;
    },
    answered(key) {
      const d = byKey.get(key);
      if (d !== undefined) unanswered.delete(d);
      byKey.delete(key);
    },
  };
}
