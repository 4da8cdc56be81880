import type { Clock } from '../runtime/clock';
import type { RecordStore } from '../store/ports';
import type { StoredRecord } from '../core/records';

export class FeedInputError extends Error {
  override readonly name = 'FeedInputError';
}

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

/** Opaque to consumers: base64url of the (syncedAt, id) position after the last record returned. */
export const encodeFeedCursor = (position: FeedPosition): string =>
  Buffer.from(JSON.stringify([position.syncedAt, position.id])).toString('base64url');

export function decodeFeedCursor(cursor: string): FeedPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
      return { syncedAt: value[0] as string, id: value[1] as string };
    }
  } catch {
    // fall through
  }
  throw new FeedInputError('cursor is not a cursor this API returned');
}

export function parseFeedRequest(request: FeedRequest) {
  const pageSize = request.pageSize === undefined ? DEFAULT_FEED_PAGE_SIZE : Number(request.pageSize);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_FEED_PAGE_SIZE) {
    throw new FeedInputError(`page_size must be an integer from 1 to ${MAX_FEED_PAGE_SIZE}`);
  }
  const includeDeleted = request.includeDeleted ?? 'false';
  if (includeDeleted !== 'true' && includeDeleted !== 'false')
    throw new FeedInputError('include_deleted must be true or false');
  return {
    pageSize,
    after: request.cursor ? decodeFeedCursor(request.cursor) : null,
    includeDeleted: includeDeleted === 'true',
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

/**
 * The consumer feed: records of (account, model) ordered by (syncedAt, id). `next` is where to
 * continue: store it and come back later to see every record changed since. It is null only when
 * the feed has nothing at all yet; `has_more` says whether to keep paging now.
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
  let position = after;
  let hasMore = true;
  // Deleted records are skipped unless asked for, so filling a page may take more than one query.
  while (results.length < pageSize && hasMore) {
    const remaining = pageSize - results.length;
    const batch = await deps.records.feed(accountId, modelId, position, remaining + 1);
    // Ordered by syncedAt, so the settled records come first.
    const firstUnsettled = batch.findIndex((r) => r.syncedAt > settledBefore);
    const settled = firstUnsettled === -1 ? batch.length : firstUnsettled;
    const take = batch.slice(0, Math.min(settled, remaining));
    for (const record of take) {
      position = { syncedAt: record.syncedAt, id: record.id };
      if (includeDeleted || !record.deleted) results.push(feedRecord(record, deps.deniedFields));
    }
    hasMore = settled > take.length;
  }
  return { results, next: position ? encodeFeedCursor(position) : null, has_more: hasMore };
}
