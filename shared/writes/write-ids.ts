import { randomBytes } from 'node:crypto';
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
