import { FailureBurstError, RateLimitedError, RetriesExhaustedError } from '../merge/errors';
import { DeadlineTooCloseError } from '../merge/request-errors';

/**
 * A Merge call that did not fail but must wait: Merge rate-limited the account (429, with or
 * without headers), too many requests failed recently (Merge's per-IP block), or the next attempt
 * could not end before this invocation's deadline. The work is not lost or retried through the
 * queue's redelivery (18 minutes for polls): it is put back on its queue to come back at `retryAtMs`.
 */
export interface MergeDeferral {
  kind: 'rate-limited' | 'out-of-time';
  retryAtMs: number;
}

export function mergeDeferralOf(error: unknown): MergeDeferral | undefined {
  if (error instanceof DeadlineTooCloseError) return { kind: 'out-of-time', retryAtMs: error.retryAtMs };
  if (error instanceof RateLimitedError || error instanceof FailureBurstError)
    return { kind: 'rate-limited', retryAtMs: error.retryAtMs };
  if (error instanceof RetriesExhaustedError && error.retryAtMs !== undefined)
    return { kind: 'rate-limited', retryAtMs: error.retryAtMs };
  return undefined;
}

/** Whole seconds from `nowMs` until `retryAtMs`: at least `minimum` (a queue delay). */
export const secondsUntil = (retryAtMs: number, nowMs: number, minimum = 0): number =>
  Math.max(minimum, Math.ceil((retryAtMs - nowMs) / 1000));
