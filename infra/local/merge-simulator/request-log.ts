import type { RequestLogEntry, RequestLogFilter } from './types';

// What the simulator saw, for tests to assert on. Entries never hold a token: only the account id the
// token resolved to and whether it belonged to a live account.

export class RequestLog {
  readonly entries: RequestLogEntry[] = [];

  add(entry: RequestLogEntry): RequestLogEntry {
    this.entries.push(entry);
    return entry;
  }

  reset(): void {
    this.entries.length = 0;
  }

  count(filter: RequestLogFilter = {}): number {
    return this.entries.filter(
      (e) =>
        (filter.accountId === undefined || e.accountId === filter.accountId) &&
        (filter.pathIncludes === undefined || e.path.includes(filter.pathIncludes)) &&
        (filter.status === undefined || e.status === filter.status),
    ).length;
  }

  /** Largest number of matching entries whose arrival times fit in any window of `windowMs`. */
  maxInWindow(predicate: (e: RequestLogEntry) => boolean, windowMs: number): number {
    const times = this.entries
      .filter(predicate)
      .map((e) => e.time)
      .sort((a, b) => a - b);
    let best = 0;
    let start = 0;
    for (let end = 0; end < times.length; end++) {
      while ((times[end] ?? 0) - (times[start] ?? 0) >= windowMs) start++;
      best = Math.max(best, end - start + 1);
    }
    return best;
  }
}
