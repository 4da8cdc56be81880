/**
 * Sliding-window count of failing requests, so this process stops before Merge's global limit blocks its IP:
 * "more than 20 requests from a single IP in a rolling 10 second window fail with an error status code
 * (400 or higher, excluding 429 itself)" (reference section 8, help.merge.dev/en/articles/9150563).
 *
 * One guard per process (module level), shared by every client instance, because the IP is shared. The
 * default limit (10 in 10 s) is half of Merge's so that concurrent in-flight requests, which are checked
 * before their outcome is known, and other processes behind the same NAT keep some headroom.
 */

export interface FailureBurstLimit {
  maxFailures: number;
  windowMs: number;
}

export type BurstCheck = { allowed: true } | { allowed: false; retryAtMs: number; failuresInWindow: number };

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
    const recent = this.inWindow(nowMs, limit.windowMs);
    if (recent.length < limit.maxFailures) return { allowed: true };
    // Sending is safe again once enough of the oldest failures leave the window that one more still fits.
    const expiring = recent.sort((a, b) => a - b)[recent.length - limit.maxFailures] ?? nowMs;
    return { allowed: false, retryAtMs: expiring + limit.windowMs, failuresInWindow: recent.length };
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

/** For tests: forget every failure this process recorded. */
export function resetProcessFailureBurstGuard(): void {
  processFailureBurstGuard.reset();
}
