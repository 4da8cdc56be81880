import { randomBytes } from 'node:crypto';
import type { WriteError, WriteRecord } from '../core/writes';
import type { Clock } from '../runtime/clock';

/**
 * A write id that sorts by creation time (an account's writes list oldest first) and is safe in a
 * URL path, a DynamoDB key and an HTTP header: `w` + epoch ms in base 36 + 12 random hex digits.
 */
export const newWriteId = (clock: Clock): string =>
  `w${clock.now().toString(36).padStart(9, '0')}${randomBytes(6).toString('hex')}`;

/**
 * The Idempotency-Key every attempt of a write carries to Merge: derived from our write id, so it
 * is stable across attempts and crashes, and never the caller's key alone (two accounts, or a key
 * reused after its write expired, can never collide at Merge).
 */
export const mergeIdempotencyKey = (writeId: string): string => `merge-sync-write-${writeId}`;

/**
 * Merge keeps an Idempotency-Key 24 hours (a beta header, reference §12). A create first sent
 * longer ago than that may have been applied, and sending it again, even with its key, could
 * create the record twice at the third party: it is failed instead (an hour of margin for the send
 * itself and the clocks). Updates are sent again: the same values twice leave the same record.
 */
export const IDEMPOTENCY_KEY_KEPT_MS = 23 * 3_600_000;

export function createPastItsKey(
  write: Pick<WriteRecord, 'operation' | 'attempts' | 'firstSentAt' | 'createdAt'>,
  nowMs: number,
): WriteError | null {
  if (write.operation !== 'create' || write.attempts === 0) return null;
  // Writes from before firstSentAt was kept: created before their first send, so never younger.
  const firstSent = write.firstSentAt ?? write.createdAt;
  if (nowMs - Date.parse(firstSent) < IDEMPOTENCY_KEY_KEPT_MS) return null;
  return {
    code: 'outcome_unknown',
    message:
      `first sent at ${firstSent}, longer ago than Merge keeps its idempotency key (24 h): Merge may ` +
      'have created it, and sending it again could create it twice; not sent. Check the record in ' +
      'the third-party system and write it again with a new key if it is missing',
  };
}
