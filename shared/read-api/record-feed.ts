import type { Clock } from '../runtime/clock';
import type { RecordStore } from '../store/ports';
import type { StoredRecord } from '../core/records';
import {
  booleanParameter,
  decodeCursorStrings,
  encodeCursorStrings,
  wholeNumberParameter,
} from './query-params';
import { PageBudget } from './response-budget';

export interface FeedRequest {
  pageSize?: string;
  cursor?: string;
  includeDeleted?: string;
}

export interface FeedPosition {
  syncedAt: string;
  id: string;
}

export const DEFAULT_FEED_PAGE_SIZE = 100;
export const MAX_FEED_PAGE_SIZE = 1000;
/**
 * Records younger than this are not served yet: a write that started earlier but lands later
 * (concurrent fetches, index propagation) must not slip in behind a consumer's cursor.
 */
export const DEFAULT_SETTLE_MS = 5_000;

/**
 * What one feed request may cost, whatever lies ahead of the cursor: at most this many Queries (each
 * reads at most 1 MB) and this many records looked at, tombstones included. A run of tombstones
 * longer than that is crossed over several requests, each answering `has_more: true` and a `next`
 * further on, possibly with no results: the consumer always moves.
 */
export const FEED_LIMITS = { maxQueries: 8, maxScanned: 5_000 } as const;

/** Opaque to consumers: base64url of the (syncedAt, id) position after the last record returned. */
export const encodeFeedCursor = (position: FeedPosition): string =>
  encodeCursorStrings([position.syncedAt, position.id]);

export function decodeFeedCursor(cursor: string): FeedPosition {
  const [syncedAt, id] = decodeCursorStrings('cursor', cursor, 2) as [string, string];
  return { syncedAt, id };
}

export function parseFeedRequest(request: FeedRequest) {
  return {
    pageSize: wholeNumberParameter('page_size', request.pageSize, {
      min: 1,
      max: MAX_FEED_PAGE_SIZE,
      fallback: DEFAULT_FEED_PAGE_SIZE,
    }),
    // An empty cursor is the start, as it always was (a consumer with no cursor yet may send one).
    after: request.cursor ? decodeFeedCursor(request.cursor) : null,
    includeDeleted: booleanParameter('include_deleted', request.includeDeleted, false),
  };
}

/**
 * A record as the feed returns it: Merge's object plus our sync metadata under `_sync`. The denied
 * fields (personal identifiers) are never stored now; a record stored before they were denied has
 * them left out here too.
 */
export const feedRecord = (record: StoredRecord, deniedFields: readonly string[] = []) => ({
  ...withoutFields(record.data, deniedFields),
  _sync: {
    synced_at: record.syncedAt,
    deleted: record.deleted,
    content_hash: record.contentHash,
    ...(record.droppedFields ? { dropped_fields: record.droppedFields } : {}),
  },
});

function withoutFields(data: Record<string, unknown>, fields: readonly string[]) {
  if (!fields.some((f) => Object.hasOwn(data, f))) return data;
  const copy = { ...data };
  for (const field of fields) delete copy[field];
  return copy;
}

/** Why a page ended: `end` and `unsettled` mean caught up for now; the others, keep paging. */
type Stop = 'filling' | 'end' | 'unsettled' | 'page-full' | 'bytes' | 'work';

/**
 * The consumer feed: records of (account, model) ordered by (syncedAt, id). `next` is where to
 * continue: store it and come back later to see every record changed since. It is null only when
 * the feed has nothing at all yet. `has_more` says whether to keep paging now; a page may then hold
 * fewer than page_size results, even none (the request's work or the response size ran out first).
 */
export async function readRecordFeed(
  deps: { records: RecordStore; clock: Clock; settleMs?: number; deniedFields?: readonly string[] },
  accountId: string,
  modelId: string,
  request: FeedRequest,
) {
  const { pageSize, after, includeDeleted } = parseFeedRequest(request);
  const settledBefore = new Date(deps.clock.now() - (deps.settleMs ?? DEFAULT_SETTLE_MS)).toISOString();
  const results: ReturnType<typeof feedRecord>[] = [];
  const budget = new PageBudget();
  let position = after;
  let queries = 0;
  let scanned = 0;
  let skipped = 0;
  let stop: Stop = 'filling';
  while (stop === 'filling') {
    if (queries >= FEED_LIMITS.maxQueries || scanned >= FEED_LIMITS.maxScanned) {
      stop = 'work';
      break;
    }
    // One more than the page needs, to tell a full page from the end; more once tombstones were
    // skipped (they will likely go on), within what is left of the scan budget.
    const wanted = Math.max(pageSize - results.length + 1, skipped * 2);
    const batch = await deps.records.feed(
      accountId,
      modelId,
      position,
      Math.min(wanted, FEED_LIMITS.maxScanned - scanned),
    );
    queries++;
    for (const record of batch.records) {
      // Ordered by syncedAt, so the first unsettled record ends what can be served now.
      if (record.syncedAt > settledBefore) stop = 'unsettled';
      else if (results.length === pageSize) stop = 'page-full';
      else if (includeDeleted || !record.deleted) {
        const served = feedRecord(record, deps.deniedFields);
        if (budget.admit(served, results.length === 0)) results.push(served);
        else stop = 'bytes';
      } else skipped++;
      if (stop !== 'filling') break;
      scanned++;
      position = { syncedAt: record.syncedAt, id: record.id };
    }
    if (stop === 'filling' && !batch.more) stop = 'end';
  }
  const hasMore = stop === 'page-full' || stop === 'bytes' || stop === 'work';
  return { results, next: position ? encodeFeedCursor(position) : null, has_more: hasMore };
}
