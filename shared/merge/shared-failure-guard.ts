/**
 * The failure-burst guard across every function instance of the deployment. Merge blocks an IP after
 * more than 20 failing requests in a rolling 10 s, counting all our traffic from that address (reference
 * §8, §12); one instance's own count cannot see the others'. Failures are counted in the table instead,
 * one small item per 1-second bucket, and each instance checks:
 *
 *   the table's buckets overlapping the window (read at most once per `refreshMs`, default 1 s)
 *   + its own failures the table does not yet reflect (counted the moment they happen).
 *
 * Recording a failure is one atomic ADD that also returns its bucket's new total, so a failing instance
 * sees the current second of every instance without an extra read; a healthy one costs one small
 * Query per second at most, never a read per request.
 *
 * Why the lag is safe: our limit (10 in 10 s by default) is half of Merge's 20. What an instance cannot
 * see is other instances' failures from the last refresh interval (≤ 1 s) that were not in the bucket
 * its own last failure returned. For the deployment to pass 20, more than 10 failures would have to land
 * within that second unseen, after the count was already near our limit; and a whole bucket overlapping
 * the window is counted (up to 1 s of failures older than 10 s), which errs the other way. Requests
 * already in flight when the limit is reached are the same bounded overshoot a single process has.
 *
 * When the table cannot be read or written, the guard keeps working on what it knows: its own failures
 * and the last counts it read (`onStoreError` is told, for a log line).
 */
import type { FailureCountStore } from '../store/ports';
import { checkFailureTimes, forgetOnReset } from './failure-burst-guard';
import type { BurstCheck, FailureBurstLimit, FailureGuard, ForgettingGuard } from './failure-burst-guard';

export interface SharedFailureGuardOptions {
  /** Width of one counted bucket. Default 1000. */
  bucketMs?: number;
  /** The table is read at most this often per instance. Default 1000. */
  refreshMs?: number;
  /** Bucket items expire (TTL) this long after their bucket ends; only garbage collection. Default 15 min. */
  keepMs?: number;
  onStoreError?: (error: unknown, operation: 'read' | 'record') => void;
}

export class SharedFailureGuard implements FailureGuard, ForgettingGuard {
  private readonly bucketMs: number;
  private readonly refreshMs: number;
  private readonly keepMs: number;
  /** Bucket start → the highest count seen for it (counts only grow). */
  private buckets = new Map<number, number>();
  private readAtMs = Number.NEGATIVE_INFINITY;
  private refreshing: Promise<void> | undefined;
  /** Times of this instance's failures the table does not reflect yet (write in flight, or it failed). */
  private unshared: number[] = [];
  private longestWindowMs = 0;
  /** The latest time this guard was asked about; what a reset forgets up to. */
  private lastNowMs = Number.NEGATIVE_INFINITY;
  /** After a reset (tests): buckets before this one are ignored, and this one counts above `floorCount`. */
  private floorBucket = Number.NEGATIVE_INFINITY;
  private floorCount = 0;

  constructor(
    private readonly store: FailureCountStore,
    private readonly options: SharedFailureGuardOptions = {},
  ) {
    this.bucketMs = options.bucketMs ?? 1000;
    this.refreshMs = options.refreshMs ?? 1000;
    this.keepMs = options.keepMs ?? 15 * 60_000;
    if (!(this.bucketMs > 0) || !(this.refreshMs >= 0)) {
      throw new Error('bucketMs must be positive and refreshMs not negative');
    }
    forgetOnReset(this);
  }

  async check(nowMs: number, limit: FailureBurstLimit): Promise<BurstCheck> {
    this.lastNowMs = Math.max(this.lastNowMs, nowMs);
    this.longestWindowMs = Math.max(this.longestWindowMs, limit.windowMs);
    if (nowMs - this.readAtMs >= this.refreshMs) await this.refresh(nowMs);
    return checkFailureTimes(this.knownFailureTimes(), nowMs, limit);
  }

  async recordFailure(nowMs: number): Promise<void> {
    this.lastNowMs = Math.max(this.lastNowMs, nowMs);
    this.unshared.push(nowMs);
    const start = this.bucketStart(nowMs);
    try {
      const count = await this.store.addFailure(start, start + this.bucketMs + this.keepMs);
      this.noteBucket(start, count);
      const index = this.unshared.indexOf(nowMs);
      if (index >= 0) this.unshared.splice(index, 1);
    } catch (error) {
      // Kept in `unshared`: this instance still counts it; the others cannot.
      this.report(error, 'record');
    }
    this.prune(nowMs);
  }

  /**
   * Each bucket's failures at the bucket's last millisecond (the latest they can have happened, so they
   * stay in the window as long as any of them could), and the unshared ones at their own time.
   */
  private knownFailureTimes(): number[] {
    const times: number[] = [...this.unshared];
    for (const [start, count] of this.buckets) {
      for (let i = 0; i < count; i += 1) times.push(start + this.bucketMs - 1);
    }
    return times;
  }

  private refresh(nowMs: number): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        const from = this.bucketStart(nowMs - this.longestWindowMs);
        for (const { bucketStartMs, count } of await this.store.failureCounts(from)) {
          this.noteBucket(bucketStartMs, count);
        }
      } catch (error) {
        this.report(error, 'read');
      } finally {
        // Also after a failed read: the table is tried again next interval, not on every request.
        this.readAtMs = nowMs;
        this.refreshing = undefined;
        this.prune(nowMs);
      }
    })();
    return this.refreshing;
  }

  /** For tests, through resetProcessFailureBurstGuard: ignore every failure counted until now. */
  forgetKnownFailures(): void {
    if (this.lastNowMs === Number.NEGATIVE_INFINITY) return;
    this.floorBucket = this.bucketStart(this.lastNowMs);
    this.floorCount = this.buckets.get(this.floorBucket) ?? 0;
    this.buckets.clear();
    this.unshared = [];
    this.readAtMs = Number.NEGATIVE_INFINITY;
  }

  private noteBucket(start: number, total: number): void {
    if (start < this.floorBucket) return;
    const count = start === this.floorBucket ? Math.max(0, total - this.floorCount) : total;
    this.buckets.set(start, Math.max(count, this.buckets.get(start) ?? 0));
  }

  private bucketStart(ms: number): number {
    return Math.floor(ms / this.bucketMs) * this.bucketMs;
  }

  private prune(nowMs: number): void {
    // At least a minute: a failure recorded before any check named its window is not dropped early.
    const oldest = nowMs - Math.max(this.longestWindowMs, this.refreshMs, 60_000) - this.bucketMs;
    for (const start of this.buckets.keys()) if (start < oldest) this.buckets.delete(start);
    this.unshared = this.unshared.filter((at) => at >= oldest);
  }

  private report(error: unknown, operation: 'read' | 'record'): void {
    try {
      this.options.onStoreError?.(error, operation);
    } catch {
      // A broken log sink must not fail a request.
    }
  }
}
