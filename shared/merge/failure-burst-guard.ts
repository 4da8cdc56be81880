/**
 * Sliding-window count of failing requests, so this process stops before Merge's global limit blocks its IP:
 * "more than 20 requests from a single IP in a rolling 10 second window fail with an error status code
 * (400 or higher, excluding 429 itself)" (reference section 8, help.merge.dev/en/articles/9150563).
 *
 * FailureBurstGuard counts one process's failures (module level, shared by every client instance of the
 * process). SharedFailureGuard (shared-failure-guard.ts) adds every other function instance's through the
 * table; both sit behind the FailureGuard port the client uses. The default limit (10 in 10 s) is half of
 * Merge's so that concurrent in-flight requests, which are checked before their outcome is known, and
 * the lag of the shared count keep some headroom.
 */

export interface FailureBurstLimit {
  maxFailures: number;
  windowMs: number;
}

export type BurstCheck = { allowed: true } | { allowed: false; retryAtMs: number; failuresInWindow: number };

/** What the client asks before each attempt and tells after each counted failure. */
export interface FailureGuard {
  /** May one more attempt be sent at `nowMs`? */
  check(nowMs: number, limit: FailureBurstLimit): Promise<BurstCheck>;
  recordFailure(nowMs: number): Promise<void>;
}

/**
 * Whether one more attempt fits under `limit`, given failure times: not if its failing would take the
 * rolling window (failures strictly after `nowMs - windowMs`) over `maxFailures`.
 */
export function checkFailureTimes(
  failures: readonly number[],
  nowMs: number,
  limit: FailureBurstLimit,
): BurstCheck {
  const recent = failures.filter((at) => at > nowMs - limit.windowMs);
  if (recent.length < limit.maxFailures) return { allowed: true };
  // Sending is safe again once enough of the oldest failures leave the window that one more still fits.
  const expiring = recent.sort((a, b) => a - b)[recent.length - limit.maxFailures] ?? nowMs;
  return { allowed: false, retryAtMs: expiring + limit.windowMs, failuresInWindow: recent.length };
}

/** Bound on remembered failures, whatever the windows asked for; far above any sensible maxFailures. */
const MAX_REMEMBERED = 10_000;

export class FailureBurstGuard {
  private failures: number[] = [];
  private longestWindowMs = 0;

  recordFailure(nowMs: number): void {
    this.failures.push(nowMs);
    this.prune(nowMs);
  }

  /** Failures in the window ending at `nowMs`: those strictly after `nowMs - windowMs`. */
  failuresWithin(nowMs: number, windowMs: number): number {
    return this.inWindow(nowMs, windowMs).length;
  }

  /** May one more attempt be sent? Not if its failing would take the window over `maxFailures`. */
  check(nowMs: number, limit: FailureBurstLimit): BurstCheck {
    this.longestWindowMs = Math.max(this.longestWindowMs, limit.windowMs);
    return checkFailureTimes(this.failures, nowMs, limit);
  }

  reset(): void {
    this.failures = [];
    this.longestWindowMs = 0;
  }

  private inWindow(nowMs: number, windowMs: number): number[] {
    return this.failures.filter((at) => at > nowMs - windowMs);
  }

  private prune(nowMs: number): void {
    if (this.longestWindowMs > 0) {
      this.failures = this.failures.filter((at) => at > nowMs - this.longestWindowMs);
    }
    if (this.failures.length > MAX_REMEMBERED) {
      this.failures.splice(0, this.failures.length - MAX_REMEMBERED);
    }
  }
}

/** The process-wide guard every client uses unless given its own. */
export const processFailureBurstGuard = new FailureBurstGuard();

/** The process-wide guard behind the FailureGuard port: the client's default. */
export const processFailureGuard: FailureGuard = {
  check: async (nowMs, limit) => processFailureBurstGuard.check(nowMs, limit),
  recordFailure: async (nowMs) => processFailureBurstGuard.recordFailure(nowMs),
};

/** A guard that knows failures outside the process guard (SharedFailureGuard) and can forget them. */
export interface ForgettingGuard {
  forgetKnownFailures(): void;
}

/** Weakly held: a guard nobody uses any more is not kept alive for a test helper. */
const forgettingGuards = new Set<WeakRef<ForgettingGuard>>();

/** Lets resetProcessFailureBurstGuard reach a guard that counts beyond this process. */
export function forgetOnReset(guard: ForgettingGuard): void {
  forgettingGuards.add(new WeakRef(guard));
}

/**
 * For tests: forget every failure this process recorded, and make this process's shared guards ignore
 * the failures counted so far (the table keeps them; their window passes on its own).
 */
export function resetProcessFailureBurstGuard(): void {
  processFailureBurstGuard.reset();
  for (const ref of forgettingGuards) {
    const guard = ref.deref();
    if (guard) guard.forgetKnownFailures();
    else forgettingGuards.delete(ref);
  }
}
