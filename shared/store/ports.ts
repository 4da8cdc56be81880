import type { StateCounts } from '../core/account-listing';
import type { LinkedAccount, StoredToken } from '../core/accounts';
import { DomainError } from '../core/errors';
import type { ChangeKind, RecordFingerprint, StoredRecord } from '../core/records';
import type { SyncState } from '../core/sync-state';

/** A change planned for the bus, recorded before the records are written (see shared/events/outbox.ts). */
export type OutboxEntry =
  | {
      type: 'record';
      kind: ChangeKind;
      modelId: string;
      id: string;
      contentHash: string;
      changedFields?: string[];
    }
  | { type: 'event'; source: string; detailType: string; detail: Record<string, unknown> };

export interface OutboxBatch {
  accountId: string;
  batchId: string;
  entries: OutboxEntry[];
}

/** Changes written but maybe not yet on the bus: the transactional outbox of our change events. */
export interface OutboxStore {
  put(batch: OutboxBatch): Promise<void>;
  /** One batch, or undefined once it was published (deleted). */
  get(accountId: string, batchId: string): Promise<OutboxBatch | undefined>;
  listForAccount(accountId: string): Promise<OutboxBatch[]>;
  delete(accountId: string, batchId: string): Promise<void>;
}

export type PutOutcome = 'written' | 'stale';

export interface Page<T> {
  items: T[];
  next: string | null;
}

/** Where a listing of accounts stands: the last account returned. */
export interface AccountPosition {
  status: string;
  id: string;
}

/** One Query of the accounts: `more` is false only when nothing follows the last account returned. */
export interface AccountBatch {
  accounts: LinkedAccount[];
  more: boolean;
}

/** One account of the accounts health index, with its key in the problems order. */
export interface HealthIndexEntry {
  key: string;
  account: LinkedAccount;
}

/** One Query of the health index: `more` is false only when nothing in the range follows. */
export interface HealthIndexBatch {
  entries: HealthIndexEntry[];
  more: boolean;
}

/** What `accounts reindex` did: accounts read and rewritten, and where a resumed run goes on. */
export interface ReindexProgress {
  seen: number;
  rewritten: number;
  next: AccountPosition | null;
}

/** What a recount of GET /accounts' counts did, per counter item (one per shard and scope). */
export interface RecountResult {
  accounts: number;
  unchanged: number;
  corrected: number;
  /** Items that changed while it counted (an account changed meanwhile): left as they are. */
  changedMeanwhile: number;
}

/** A change of an account's stored token: the new state, or null to leave it as it is. */
export type TokenChange = (current: StoredToken | undefined) => StoredToken | null;

export interface AccountStore {
  get(accountId: string): Promise<LinkedAccount | undefined>;
  /** Creates or replaces the account, keeping nothing else of an earlier version (its token stays). */
  put(account: LinkedAccount): Promise<void>;
  /**
   * Read-modify-write of one account, retried if it changed meanwhile. `change` returns the new
   * account or null to leave it; returns the account as stored afterwards. With `tokenChange`, the
   * token is changed first (an account is never visible as linked without the token to sync it);
   * if `tokenChange` leaves it (null), the account is left too.
   */
  update(
    accountId: string,
    change: (current: LinkedAccount | undefined) => LinkedAccount | null,
    tokenChange?: TokenChange,
  ): Promise<LinkedAccount | undefined>;
  /** The token requests are sent with (read consistently: a replacement counts at once). */
  getToken(accountId: string): Promise<string | undefined>;
  getStoredToken(accountId: string): Promise<StoredToken | undefined>;
  /** Whether a token is stored, without opening it (no token key needed). */
  hasToken(accountId: string): Promise<boolean>;
  /** Read-modify-write of the stored token, retried if it changed meanwhile; returns it afterwards. */
  changeToken(accountId: string, change: TokenChange): Promise<StoredToken | undefined>;
  listActive(pageToken?: string | null, limit?: number): Promise<Page<LinkedAccount>>;
  listAll(): Promise<LinkedAccount[]>;
  /** One Query of every account in listing order (status, then id) after `after`: the read API's pages. */
  listAfter(after: AccountPosition | null, limit: number): Promise<AccountBatch>;
  /**
   * One Query of the accounts health index (shared/core/account-listing.ts): the accounts of one
   * category bucket whose key lies in [from, to], in key order (the problems order), at most `limit`.
   */
  listByHealth(bucket: string, range: { from: string; to: string }, limit: number): Promise<HealthIndexBatch>;
  /** GET /accounts' maintained counts per listed state, for one scope (countScope). */
  listingCounts(scope: string): Promise<StateCounts>;
  /**
   * Migration: one page (at most `limit`, listing order after `after`) of the accounts, each rewritten
   * when its item lacks the listing keys and counts of this version (written by an earlier one).
   */
  reindex(after: AccountPosition | null, limit: number): Promise<ReindexProgress>;
  /** Repair: recomputes every count from what the account items say they are counted as. */
  recountListing(): Promise<RecountResult>;
  deleteToken(accountId: string): Promise<void>;
  /** Removes the account and its token without a tombstone: for one Merge never confirmed. */
  remove(accountId: string): Promise<void>;
}

/** A conditional write lost to a concurrent one; trying again (on the fresh version) may succeed. */
export class VersionConflictError extends DomainError {
  override readonly name = 'VersionConflictError';
  readonly retryable = true;
}

export interface SyncStateStore {
  get(accountId: string, modelId: string): Promise<SyncState>;
  listForAccount(accountId: string): Promise<SyncState[]>;
  /** Writes the state if its stored version is still `state.version`; returns it with the new version. */
  save(state: SyncState): Promise<SyncState>;
  delete(accountId: string, modelId: string): Promise<void>;
}

/** One Query of the feed: `more` is false only when nothing follows the last record returned. */
export interface FeedBatch {
  records: StoredRecord[];
  more: boolean;
}

export interface RecordStore {
  fingerprints(accountId: string, modelId: string, ids: string[]): Promise<Map<string, RecordFingerprint>>;
  /** Writes unless the stored version is newer (by modifiedAtKey): the one write an actual change costs. */
  putIfNotStale(record: StoredRecord): Promise<PutOutcome>;
  /** Writes records not stored before, 25 per BatchWriteItem (no condition: see applyRecords). */
  putMany(records: readonly StoredRecord[]): Promise<void>;
  get(accountId: string, modelId: string, id: string): Promise<StoredRecord | undefined>;
  /** Every record of (account, model) in id order, page by page. */
  list(
    accountId: string,
    modelId: string,
    pageToken?: string | null,
    limit?: number,
  ): Promise<Page<StoredRecord>>;
  /**
   * The consumer feed, one Query at a time: up to `limit` records ordered by (syncedAt, id) after
   * the given position (fewer when the Query reached DynamoDB's 1 MB).
   */
  feed(
    accountId: string,
    modelId: string,
    after: { syncedAt: string; id: string } | null,
    limit: number,
  ): Promise<FeedBatch>;
  deleteMany(accountId: string, modelId: string, ids: string[]): Promise<void>;
  /**
   * How many live records (tombstones left out) of (account, model) are stored: exact, and it reads
   * every record item of the model (a Query that returns only the count, page by page).
   */
  countLive(accountId: string, modelId: string): Promise<number>;
  /**
   * countLive in at most `maxQueries` Queries (each reads about 1 MB): the count, or undefined when
   * that was not enough, and the Queries it took.
   */
  countLiveWithin(
    accountId: string,
    modelId: string,
    maxQueries: number,
  ): Promise<{ count: number | undefined; queries: number }>;
  /**
   * Full resync: notes that the fetch of `epoch` returned these records (25 marks per
   * BatchWriteItem). Marks expire at `expiresAtMs` (DynamoDB TTL), long after any sweep uses them.
   */
  markSeen(
    accountId: string,
    modelId: string,
    ids: readonly string[],
    epoch: string,
    expiresAtMs: number,
  ): Promise<void>;
  /** The seen marks (id → epoch) of the records whose ids lie in [fromId, toId]. */
  seenMarks(accountId: string, modelId: string, fromId: string, toId: string): Promise<Map<string, string>>;
  /** Up to `limit` ids that have a seen mark (to delete them page by page in a purge). */
  seenMarkIds(accountId: string, modelId: string, limit: number): Promise<string[]>;
  deleteSeenMarks(accountId: string, modelId: string, ids: readonly string[]): Promise<void>;
}

export type ClaimOutcome = 'claimed' | 'done' | 'in-progress';

/** Remembers which webhooks were processed, keyed by Merge's signature. */
export interface DedupeStore {
  claim(key: string, leaseMs: number): Promise<ClaimOutcome>;
  complete(key: string, retentionMs: number): Promise<void>;
  release(key: string): Promise<void>;
}

/** The shared per-account request schedule behind the pacer (a GCRA "theoretical arrival time"). */
export interface RateScheduleStore {
  /** Reads the account's next free slot (epoch ms) and the version to write it back with. */
  read(accountId: string): Promise<{ nextSlotAt: number; version: number }>;
  /** Moves the next free slot if nobody moved it since `version`; false when somebody did. */
  write(accountId: string, nextSlotAt: number, version: number): Promise<boolean>;
  /** The account's own plan limit (requests per minute) when an operator set one (accounts configure). */
  planLimit(accountId: string): Promise<number | undefined>;
}

/**
 * Failing Merge requests of the whole deployment, counted per time bucket, so that every function
 * instance stops before Merge blocks the IP (20 failures in a rolling 10 s). One small item per bucket.
 */
export interface FailureCountStore {
  /**
   * Adds one failure to the bucket starting at `bucketStartMs`, atomically, and returns the bucket's
   * count after it. The item may be removed (TTL) after `expiresAtMs`.
   */
  addFailure(bucketStartMs: number, expiresAtMs: number): Promise<number>;
  /** Every bucket that starts at or after `fromMs`, with its count. */
  failureCounts(fromMs: number): Promise<{ bucketStartMs: number; count: number }[]>;
}
