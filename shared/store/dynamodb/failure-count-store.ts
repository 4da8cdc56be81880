import { QueryCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { failureBucketKey, failureBucketSk, MERGE_FAILURE_BUCKET_PREFIX, MERGE_FAILURES_PK } from '../keys';
import type { FailureCountStore } from '../ports';
import { key, n, readN, readS, s } from './attributes';

/**
 * The shared failure guard's time buckets: an atomic ADD per failure (no read, no conflict between
 * instances failing at once) and one small Query for the last few seconds.
 */
export class DynamoFailureCountStore implements FailureCountStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async addFailure(bucketStartMs: number, expiresAtMs: number): Promise<number> {
    const out = await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: key(failureBucketKey(bucketStartMs)),
        UpdateExpression: 'ADD #count :one SET #expiresAt = :expiresAt',
        ExpressionAttributeNames: { '#count': 'failures', '#expiresAt': 'expiresAt' },
        ExpressionAttributeValues: { ':one': n(1), ':expiresAt': n(Math.ceil(expiresAtMs / 1000)) },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return (out.Attributes && readN(out.Attributes, 'failures')) ?? 1;
  }

  async failureCounts(fromMs: number): Promise<{ bucketStartMs: number; count: number }[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': s(MERGE_FAILURES_PK),
          ':from': s(failureBucketSk(fromMs)),
          // '~' sorts after every digit: the newest bucket is included whatever its time.
          ':to': s(`${MERGE_FAILURE_BUCKET_PREFIX}~`),
        },
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).flatMap((item) => {
      const sk = readS(item, 'sk') ?? '';
      const bucketStartMs = Number(sk.slice(MERGE_FAILURE_BUCKET_PREFIX.length));
      const count = readN(item, 'failures');
      return Number.isFinite(bucketStartMs) && count !== undefined ? [{ bucketStartMs, count }] : [];
    });
  }
}
