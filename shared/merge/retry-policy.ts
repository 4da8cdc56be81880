/**
 * Which failed attempts are retried and how long to wait first. Pure: no I/O, no clock, random injected.
 */
import type { ServerWait } from './retry-after';

/** How one attempt failed, as far as retrying is concerned. */
export type AttemptFailure =
  | { kind: 'status'; status: number; serverWait?: ServerWait }
  | { kind: 'timeout' }
  | { kind: 'network'; code?: string }
  | { kind: 'malformed' };

export interface BackoffConfig {
  baseDelayMs: number;
  /** Cap of one backoff before jitter. */
  maxDelayMs: number;
}

export interface RetryConfig extends BackoffConfig {
  /** First try included. */
  maxAttempts: number;
  /** A server-requested wait longer than this is not slept but handed back to the caller. */
  maxRetryAfterMs: number;
  /**
   * A 429 without a wait header defers this long: Merge's budget is per minute and its 429s carry no
   * documented header (reference section 12), so the next full window is the first time worth trying.
   */
  rateLimitWindowMs: number;
}

export type RetryDecision =
  | { action: 'give-up' }
  | { action: 'retry'; delayMs: number }
  /**
   * The caller should come back in `waitMs`: the server asked for a longer wait than we sleep, or a 429
   * came without a wait header (`window`: the next per-minute window).
   */
  | { action: 'defer'; waitMs: number; window?: true }
  /** Out of attempts; `waitMs` is what the next retry would have waited (a retry time for the caller). */
  | { action: 'exhausted'; waitMs: number }
  /** A write that is not safe to repeat failed without saying whether Merge applied it. */
  | { action: 'outcome-unknown' };

/**
 * Connection errors raised before a request could reach Merge (refused, DNS, connect timeout): nothing
 * was sent, so even a write is safe to repeat.
 */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * Whether Merge may have applied a request that failed this way. A 429 was refused before any work
 * (reference section 8: "Retry: Yes"), other 4xx were rejected; a 5xx, a 408, a timeout or a connection
 * broken after sending leave it open. A malformed body came with a 2xx: applied.
 */
export function mayHaveBeenApplied(failure: AttemptFailure): boolean {
  switch (failure.kind) {
    case 'status':
      return failure.status === 408 || failure.status >= 500;
    case 'timeout':
      return true;
    case 'network':
      return failure.code === undefined || !NOT_SENT_CODES.has(failure.code);
    case 'malformed':
      return true;
  }
}

/**
 * 408 and 429 are explicitly "try again"; Merge lists 429 as "Retry: Yes" and says GETs are always safe to
 * retry (reference section 8). 5xx are transient on Merge's side. Other 4xx will fail the same way again.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

export function isRetryable(failure: AttemptFailure): boolean {
  // Timeouts, broken connections and truncated/garbled bodies are transient transport faults.
  return failure.kind !== 'status' || isRetryableStatus(failure.status);
}

/**
 * Whether the attempt counts toward Merge's per-IP failure limit: responses >= 400 except 429 (reference
 * section 8). Timeouts and network errors count too, conservatively: Merge may have logged an error we never
 * saw. A malformed body came with a success status, so it does not.
 */
export function countsTowardFailureBurst(failure: AttemptFailure): boolean {
  switch (failure.kind) {
    case 'status':
      return failure.status >= 400 && failure.status !== 429;
    case 'timeout':
    case 'network':
      return true;
    case 'malformed':
      return false;
  }
}

/** Full-jitter exponential backoff: random() * min(maxDelayMs, baseDelayMs * 2^(attempt-1)), attempt from 1. */
export function backoffDelayMs(attempt: number, config: BackoffConfig, random: () => number): number {
  const ceiling = Math.min(config.maxDelayMs, config.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const fraction = Math.min(1, Math.max(0, random()));
  return Math.floor(fraction * ceiling);
}

/**
 * What to do after attempt number `attempt` (from 1) failed. `replaySafe`: repeating the request cannot
 * apply it twice (a GET, or a write carrying an Idempotency-Key); otherwise only failures that were
 * certainly not applied are retried.
 */
export function decideRetry(
  failure: AttemptFailure,
  attempt: number,
  config: RetryConfig,
  random: () => number,
  replaySafe = true,
): RetryDecision {
  if (!isRetryable(failure)) return { action: 'give-up' };
  if (!replaySafe && mayHaveBeenApplied(failure)) {
    // A 2xx with an unreadable body was applied: the error says so; anything else is ambiguous.
    return failure.kind === 'malformed' ? { action: 'give-up' } : { action: 'outcome-unknown' };
  }
  const serverWaitMs = failure.kind === 'status' ? failure.serverWait?.waitMs : undefined;
  if (failure.kind === 'status' && failure.status === 429 && serverWaitMs === undefined) {
    return { action: 'defer', waitMs: config.rateLimitWindowMs, window: true };
  }
  if (serverWaitMs !== undefined && serverWaitMs > config.maxRetryAfterMs) {
    return { action: 'defer', waitMs: serverWaitMs };
  }
  // Jitter spreads concurrent workers apart, but never below what the server asked for.
  const waitMs = Math.max(backoffDelayMs(attempt, config, random), serverWaitMs ?? 0);
  if (attempt >= config.maxAttempts) return { action: 'exhausted', waitMs };
  return { action: 'retry', delayMs: waitMs };
}
