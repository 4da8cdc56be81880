/** Key layout of the single table. Changing a prefix is a data migration: see docs/architecture-and-data-model.md, "Data model". */
export const ACCOUNTS_INDEX_PK = 'ACCOUNTS';
export const accountsIndexSk = (status: string, accountId: string) => `${status}#${accountId}`;

/** The accounts health index (GET /accounts' filters and problems order): one partition per bucket. */
export const healthIndexPk = (bucket: string) => `HEALTH#${bucket}`;
/**
 * The maintained counts of GET /accounts, per listed state, one item per (shard, scope): an
 * account always counts in the shard of its id, so writes spread over the shards' partitions.
 */
export const LISTING_COUNTS_PREFIX = 'LISTING_COUNTS#';
export const listingCountsPk = (shard: number) => `${LISTING_COUNTS_PREFIX}${shard}`;
export const listingCountsKey = (shard: number, scope: string) => ({ pk: listingCountsPk(shard), sk: scope });

export const accountPk = (accountId: string) => `ACCOUNT#${accountId}`;
export const accountKey = (accountId: string) => ({ pk: accountPk(accountId), sk: 'ACCOUNT' });
/**
 * The account token, sealed (shared/store/tokens), in a partition of its own: IAM can then deny a role
 * every token item by its partition key (dynamodb:LeadingKeys `TOKEN#*`; the read API's role).
 */
export const TOKEN_PK_PREFIX = 'TOKEN#';
export const tokenKey = (accountId: string) => ({ pk: `${TOKEN_PK_PREFIX}${accountId}`, sk: 'TOKEN' });
/** Where versions before 0.x kept the token, in plain text: moved and sealed on its next read. */
export const legacyTokenKey = (accountId: string) => ({ pk: accountPk(accountId), sk: 'TOKEN' });
export const rateKey = (accountId: string) => ({ pk: accountPk(accountId), sk: 'RATE' });
export const STATE_PREFIX = 'STATE#';
export const stateKey = (accountId: string, modelId: string) => ({
  pk: accountPk(accountId),
  sk: `${STATE_PREFIX}${modelId}`,
});
/** All records of one (account, model) share a partition, so listing and purging are Queries. */
export const recordPk = (accountId: string, modelId: string) => `RECORD#${accountId}#${modelId}`;
export const recordKey = (accountId: string, modelId: string, id: string) => ({
  pk: recordPk(accountId, modelId),
  sk: id,
});
/**
 * Seen marks of a full resync (mark-and-sweep): one small item per record id the fetch returned,
 * apart from the records so marking never rewrites a record or moves it in the feed.
 */
export const seenPk = (accountId: string, modelId: string) => `SEEN#${accountId}#${modelId}`;
export const seenKey = (accountId: string, modelId: string, id: string) => ({
  pk: seenPk(accountId, modelId),
  sk: id,
});
export const feedSortKey = (syncedAt: string, id: string) => `${syncedAt}#${id}`;
export const dedupeKey = (key: string) => ({ pk: `DEDUPE#${key}`, sk: 'DEDUPE' });
export const OUTBOX_PREFIX = 'OUTBOX#';
export const outboxKey = (accountId: string, batchId: string) => ({
  pk: accountPk(accountId),
  sk: `${OUTBOX_PREFIX}${batchId}`,
});
/**
 * The deployment's failing Merge requests, one item per time bucket (the shared failure guard): one
 * partition, so the last few seconds are one small Query. Bucket starts are zero-padded epoch ms, so
 * they sort as time.
 */
export const MERGE_FAILURES_PK = 'MERGE_FAILURES';
export const MERGE_FAILURE_BUCKET_PREFIX = 'BUCKET#';
export const failureBucketSk = (bucketStartMs: number) =>
  `${MERGE_FAILURE_BUCKET_PREFIX}${String(Math.max(0, Math.trunc(bucketStartMs))).padStart(15, '0')}`;
export const failureBucketKey = (bucketStartMs: number) => ({
  pk: MERGE_FAILURES_PK,
  sk: failureBucketSk(bucketStartMs),
});

/**
 * Writes back to Merge, in their account's partition: one item per write (listed by status through
 * the accounts index: gsi1pk = WRITES#account#status, gsi1sk = the time-ordered write id), its
 * idempotency key (the key's hash), the place of each update in its record's line (an unfinished
 * update also sits in the feed index under WRITEORDER#account#model#record, by place), and the
 * cached `meta` of a model's writes.
 */
export const WRITE_PREFIX = 'WRITE#';
export const writeKey = (accountId: string, writeId: string) => ({
  pk: accountPk(accountId),
  sk: `${WRITE_PREFIX}${writeId}`,
});
export const writeIdempotencyKey = (accountId: string, keyHash: string) => ({
  pk: accountPk(accountId),
  sk: `WRITEKEY#${keyHash}`,
});
export const writeOrderKey = (accountId: string, modelId: string, recordId: string) => ({
  pk: accountPk(accountId),
  sk: `WRITESEQ#${modelId}#${recordId}`,
});
export const writeMetaKey = (accountId: string, modelId: string, operation: string) => ({
  pk: accountPk(accountId),
  sk: `WRITEMETA#${modelId}#${operation}`,
});
export const writesByStatusPk = (accountId: string, status: string) => `WRITES#${accountId}#${status}`;
export const writeLinePk = (accountId: string, modelId: string, recordId: string) =>
  `WRITEORDER#${accountId}#${modelId}#${recordId}`;
/** Zero-padded, so places sort as numbers. */
export const writeLineSk = (orderSeq: number) => String(orderSeq).padStart(12, '0');
