import {
  BatchGetItemCommand,
  type BatchGetItemCommandOutput,
  BatchWriteItemCommand,
  type DynamoDBClient,
  type KeysAndAttributes,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import type { Clock } from '../../runtime/clock';
import { systemClock } from '../../runtime/clock';
import type { Item } from './attributes';

const MAX_ROUNDS = 8;

/**
 * BatchGetItem over any number of keys (100 per call), retrying UnprocessedKeys with backoff as
 * DynamoDB asks: a throttled key is never silently dropped.
 */
export async function batchGetAll(
  client: DynamoDBClient,
  tableName: string,
  keys: Item[],
  options: { projection?: string; names?: Record<string, string>; clock?: Clock } = {},
): Promise<Item[]> {
  const found: Item[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let request: Record<string, KeysAndAttributes> | undefined = {
      [tableName]: {
        Keys: keys.slice(i, i + 100),
        ConsistentRead: true,
        ProjectionExpression: options.projection,
        ExpressionAttributeNames: options.names,
      },
    };
    for (let round = 0; request && Object.keys(request).length > 0; round++) {
      if (round >= MAX_ROUNDS) throw new Error('BatchGetItem kept returning unprocessed keys');
      if (round > 0) await (options.clock ?? systemClock).sleep(backoffMs(round));
      const out: BatchGetItemCommandOutput = await client.send(
        new BatchGetItemCommand({ RequestItems: request }),
      );
      found.push(...(out.Responses?.[tableName] ?? []));
      request = out.UnprocessedKeys;
    }
  }
  return found;
}

/** BatchWriteItem over any number of requests (25 per call), retrying UnprocessedItems with backoff. */
export async function batchWriteAll(
  client: DynamoDBClient,
  tableName: string,
  requests: WriteRequest[],
  clock: Clock = systemClock,
): Promise<void> {
  for (let i = 0; i < requests.length; i += 25) {
    let pending: WriteRequest[] = requests.slice(i, i + 25);
    for (let round = 0; pending.length > 0; round++) {
      if (round >= MAX_ROUNDS) throw new Error('BatchWriteItem kept returning unprocessed items');
      if (round > 0) await clock.sleep(backoffMs(round));
      const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
      pending = out.UnprocessedItems?.[tableName] ?? [];
    }
  }
}

const backoffMs = (round: number) => Math.min(2000, 50 * 2 ** round) * (0.5 + Math.random() / 2);
