import { UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { countChanges, zeroCounts, type ListingFacts, type StateCounts } from '../../core/account-listing';
import { HEALTH_STATES } from '../../core/health';
import { listingCountsKey } from '../keys';
import { key, n, readN, type Item } from './attributes';
import { batchGetAll } from './batch';

/** Counter items per scope: an account counts in one of them (by its id), so writes spread over four partitions. */
export const LISTING_COUNT_SHARDS = 4;

/** Every ADD to a counter item adds one to its version too: a recount overwrites only what did not move. */
export const COUNT_VERSION = 'version';

/** FNV-1a of the id: stable, so an account's changes always land in the same shard. */
export function countShard(accountId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < accountId.length; i++) {
    hash ^= accountId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % LISTING_COUNT_SHARDS;
}

/** The counts an item holds (a state never counted reads 0). */
export function countsOf(item: Item | undefined): StateCounts {
  const counts = zeroCounts();
  for (const state of HEALTH_STATES) counts[state] = (item && readN(item, state)) ?? 0;
  return counts;
}

/**
 * The maintained counts of GET /accounts (docs/read-api.md): per scope (every account, a category,
 * an integration, both) how many accounts are in each listed state. The account store changes them
 * after each account write, by the difference between what the replaced item was counted as and
 * what the new one is: one atomic ADD per scope that changed, none when the state, category and
 * integration stayed (a poll that changes nothing costs nothing here).
 */
export class ListingCounters {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async apply(accountId: string, before: ListingFacts | undefined, after: ListingFacts | undefined) {
    const shard = countShard(accountId);
    await Promise.all(
      [...countChanges(before, after)].map(([scope, changes]) => {
        const entries = Object.entries(changes);
        return this.client.send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key: key(listingCountsKey(shard, scope)),
            UpdateExpression: `ADD ${entries.map((_, i) => `#s${i} :d${i}`).join(', ')}, #version :one`,
            ExpressionAttributeNames: {
              ...Object.fromEntries(entries.map(([state], i) => [`#s${i}`, state])),
              '#version': COUNT_VERSION,
            },
            ExpressionAttributeValues: {
              ...Object.fromEntries(entries.map(([, by], i) => [`:d${i}`, n(by)])),
              ':one': n(1),
            },
          }),
        );
      }),
    );
  }

  /** The counts of one scope: the sum of its shards, one BatchGetItem (a count never goes below 0). */
  async read(scope: string): Promise<StateCounts> {
    const keys = Array.from({ length: LISTING_COUNT_SHARDS }, (_, shard) =>
      key(listingCountsKey(shard, scope)),
    );
    const total = zeroCounts();
    for (const item of await batchGetAll(this.client, this.tableName, keys)) {
      const counts = countsOf(item);
      for (const state of HEALTH_STATES) total[state] += counts[state];
    }
    for (const state of HEALTH_STATES) total[state] = Math.max(0, total[state]);
    return total;
  }
}
