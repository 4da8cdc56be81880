import { ALL_STATES_KEY_RANGE, stateKeyRange } from '../core/account-listing';
import type { LinkedAccount } from '../core/accounts';
import type { HealthState } from '../core/health';
import type { AccountStore, HealthIndexEntry } from '../store/ports';
import { queryLimit, type AccountListingLimits } from './listing-limits';
import { PageBudget } from './response-budget';

/** Which accounts, in which order: the index answers the buckets and states, `test` the rest. */
export interface HealthListingPlan {
  /** The category buckets whose partitions are merged, in key order. */
  buckets: readonly string[];
  /** The states asked for, worst first; null for every state. */
  states: readonly HealthState[] | null;
  /** The filters the index does not answer, checked on every account read; null for none. */
  test: ((account: LinkedAccount) => boolean) | null;
}

/** One bucket's partition within a key range: what it returned and not consumed yet, and where it stands. */
interface Source {
  bucket: string;
  buffer: HealthIndexEntry[];
  /** The last key read from it (or the cursor): the next Query starts after it. */
  after: string;
  more: boolean;
  queries: number;
}

const later = (a: string, b: string) => (a > b ? a : b);

/**
 * A page in the problems order: the buckets' partitions merged by key, one state range after the
 * other (each of them a Query per bucket), from `after` (the previous page's last key). Every
 * account read moves the position, matching or not, so a request that stops at its `limits` with
 * fewer results than asked still hands out a position that goes forward.
 */
export async function listInHealthOrder<T>(
  accounts: Pick<AccountStore, 'listByHealth'>,
  plan: HealthListingPlan,
  request: {
    pageSize: number;
    after: string | null;
    view: (account: LinkedAccount) => T;
    limits: AccountListingLimits;
  },
): Promise<{ results: T[]; position: string | null; hasMore: boolean }> {
  const { limits } = request;
  const maxReads = plan.test ? Math.min(limits.maxReads, limits.maxTestedReads) : limits.maxReads;
  const ranges = plan.states ? plan.states.map(stateKeyRange) : [ALL_STATES_KEY_RANGE];
  const budget = new PageBudget();
  const results: T[] = [];
  let position = request.after ?? '';
  let queries = 0;
  let itemsRead = 0;

  /** Refilled together, the sources share what is left of the reads. */
  const refill = async (source: Source, range: { from: string; to: string }, sharing: number) => {
    const wanted = request.pageSize - results.length + 1;
    const share = Math.floor((maxReads - itemsRead) / sharing);
    const asked = queryLimit(wanted, plan.test !== null, source.queries, limits.testedQueryLimit);
    const from = later(range.from, source.after);
    // The range starts at the last key read, inclusive: one more, so something new always comes.
    const boundary = from === source.after ? 1 : 0;
    const limit = Math.max(1, Math.min(asked, share - boundary)) + boundary;
    queries++;
    source.queries++;
    const batch = await accounts.listByHealth(source.bucket, { from, to: range.to }, limit);
    itemsRead += batch.entries.length;
    source.buffer = batch.entries.filter((e) => e.key > source.after);
    source.more = batch.more;
    source.after = batch.entries.at(-1)?.key ?? source.after;
  };

  for (const range of ranges) {
    if (range.to <= position) continue;
    const sources: Source[] = plan.buckets.map((bucket) => ({
      bucket,
      buffer: [],
      after: position,
      more: true,
      queries: 0,
    }));
    for (;;) {
      const empty = sources.filter((s) => s.buffer.length === 0 && s.more);
      if (empty.length > 0) {
        // Each source refilled reads up to two accounts at least: the round must fit the reads left.
        const spent = queries + empty.length > limits.maxQueries || itemsRead + 2 * empty.length > maxReads;
        // The first round always runs: every request moves forward.
        if (spent && queries > 0) return { results, position, hasMore: true };
        await Promise.all(empty.map((source) => refill(source, range, empty.length)));
        continue; // a source may have had nothing new (all its answer read before): ask again
      }
      const next = sources
        .filter((s) => s.buffer.length > 0)
        .reduce<Source | null>((min, s) => (!min || s.buffer[0]!.key < min.buffer[0]!.key ? s : min), null);
      if (!next) break;
      if (results.length === request.pageSize) return { results, position, hasMore: true };
      const entry = next.buffer[0]!;
      if (!plan.test || plan.test(entry.account)) {
        const shown = request.view(entry.account);
        if (!budget.admit(shown, results.length === 0)) return { results, position, hasMore: true };
        results.push(shown);
      }
      next.buffer.shift();
      position = entry.key;
    }
    // Every account of the range was read: the position moves past it, matching or not.
    position = later(position, range.to);
  }
  return { results, position: null, hasMore: false };
}
