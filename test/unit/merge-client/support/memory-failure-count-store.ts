import type { FailureCountStore } from '../../../../shared/store/ports';

/** The table's failure buckets in memory, with counts of calls; `failing` makes every call throw. */
export class MemoryFailureCountStore implements FailureCountStore {
  readonly buckets = new Map<number, number>();
  readonly expiries = new Map<number, number>();
  reads = 0;
  writes = 0;
  failing = false;

  async addFailure(bucketStartMs: number, expiresAtMs: number): Promise<number> {
    if (this.failing) throw new Error('ProvisionedThroughputExceededException');
    this.writes += 1;
    const count = (this.buckets.get(bucketStartMs) ?? 0) + 1;
    this.buckets.set(bucketStartMs, count);
    this.expiries.set(bucketStartMs, expiresAtMs);
    return count;
  }

  async failureCounts(fromMs: number) {
    if (this.failing) throw new Error('ProvisionedThroughputExceededException');
    this.reads += 1;
    return [...this.buckets]
      .filter(([start]) => start >= fromMs)
      .map(([bucketStartMs, count]) => ({ bucketStartMs, count }));
  }
}
