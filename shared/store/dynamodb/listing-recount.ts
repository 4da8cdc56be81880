import { PutItemCommand, QueryCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { zeroCounts, type StateCounts } from '../../core/account-listing';
import { HEALTH_STATES } from '../../core/health';
import { ACCOUNTS_INDEX_PK, listingCountsKey, listingCountsPk } from '../keys';
import type { RecountResult } from '../ports';
import { TABLE_DESIGN } from '../table-design';
import { accountOf, listedAsOf } from './account-item';
import { isConditionalCheckFailure, key, n, readN, readS, s, type Item } from './attributes';
import { COUNT_VERSION, countShard, countsOf, LISTING_COUNT_SHARDS } from './listing-counters';

/** Every item of one partition (or index partition), page by page. */
async function* queryAll(
  client: DynamoDBClient,
  tableName: string,
  partition: { indexName?: string; keyName: string; value: string },
): AsyncGenerator<Item> {
  let start: Item | undefined;
  do {
    const out = await client.send(
      new QueryCommand({
        TableName: tableName,
        ...(partition.indexName ? { IndexName: partition.indexName } : {}),
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': partition.keyName },
        ExpressionAttributeValues: { ':pk': s(partition.value) },
        ExclusiveStartKey: start,
        Limit: 500,
      }),
    );
    yield* out.Items ?? [];
    start = out.LastEvaluatedKey;
  } while (start);
}

const counterId = (shard: number, scope: string) => `${shard}\n${scope}`;
const sameCounts = (a: StateCounts, b: StateCounts) => HEALTH_STATES.every((state) => a[state] === b[state]);

/**
 * Recomputes GET /accounts' counts from the account items (what each says it is counted as), for
 * when a crash between an account write and its count left a count off. The counter items are read
 * first, then every account; a counter item is overwritten only if its version is still the one
 * read, so a count an account write changed meanwhile is left as that write made it (and reported).
 */
export async function recountListing(client: DynamoDBClient, tableName: string): Promise<RecountResult> {
  const stored = new Map<string, { shard: number; scope: string; counts: StateCounts; version: number }>();
  for (let shard = 0; shard < LISTING_COUNT_SHARDS; shard++) {
    const partition = { keyName: TABLE_DESIGN.partitionKey, value: listingCountsPk(shard) };
    for await (const item of queryAll(client, tableName, partition)) {
      const scope = readS(item, TABLE_DESIGN.sortKey)!;
      const version = readN(item, COUNT_VERSION) ?? 0;
      stored.set(counterId(shard, scope), { shard, scope, counts: countsOf(item), version });
    }
  }
  const computed = new Map<string, { shard: number; scope: string; counts: StateCounts }>();
  let accounts = 0;
  const index = TABLE_DESIGN.accountsIndex;
  const allAccounts = { indexName: index.name, keyName: index.partitionKey, value: ACCOUNTS_INDEX_PK };
  for await (const item of queryAll(client, tableName, allAccounts)) {
    const account = accountOf(item);
    const facts = listedAsOf(item);
    if (!account || !facts) continue;
    accounts++;
    const shard = countShard(account.id);
    for (const scope of facts.scopes) {
      const id = counterId(shard, scope);
      const entry = computed.get(id) ?? { shard, scope, counts: zeroCounts() };
      entry.counts[facts.state]++;
      computed.set(id, entry);
    }
  }
  const result: RecountResult = { accounts, unchanged: 0, corrected: 0, changedMeanwhile: 0 };
  for (const id of new Set([...stored.keys(), ...computed.keys()])) {
    const before = stored.get(id);
    const { shard, scope } = (before ?? computed.get(id))!;
    const counts = computed.get(id)?.counts ?? zeroCounts();
    if (before && sameCounts(before.counts, counts)) {
      result.unchanged++;
      continue;
    }
    try {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            ...key(listingCountsKey(shard, scope)),
            ...Object.fromEntries(HEALTH_STATES.map((state) => [state, n(counts[state])])),
            [COUNT_VERSION]: n((before?.version ?? 0) + 1),
          },
          ConditionExpression: before ? '#version = :version' : 'attribute_not_exists(pk)',
          ...(before
            ? {
                ExpressionAttributeNames: { '#version': COUNT_VERSION },
                ExpressionAttributeValues: { ':version': n(before.version) },
              }
            : {}),
        }),
      );
      result.corrected++;
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
      result.changedMeanwhile++;
    }
  }
  return result;
}
