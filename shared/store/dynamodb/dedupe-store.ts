import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { Clock } from '../../runtime/clock';
import { dedupeKey } from '../keys';
import type { ClaimOutcome, DedupeStore } from '../ports';
import { TABLE_DESIGN } from '../table-design';
import { isConditionalCheckFailure, key, n, readS, s } from './attributes';

/**
 * Webhook dedupe markers, keyed by Merge's signature (Merge's advice: the signature identifies an
 * event). IN_PROGRESS with a lease, then DONE until DynamoDB's TTL removes it.
 */
export class DynamoDedupeStore implements DedupeStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  async claim(dedupe: string, leaseMs: number): Promise<ClaimOutcome> {
    const now = this.clock.now();
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            ...key(dedupeKey(dedupe)),
            status: s('IN_PROGRESS'),
            leaseUntil: n(now + leaseMs),
            [TABLE_DESIGN.ttlAttribute]: n(Math.ceil((now + leaseMs) / 1000) + 86400),
          },
          ConditionExpression: 'attribute_not_exists(pk) OR (#st = :inProgress AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#st': 'status' },
          ExpressionAttributeValues: { ':inProgress': s('IN_PROGRESS'), ':now': n(now) },
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
    }
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: key(dedupeKey(dedupe)), ConsistentRead: true }),
    );
    return out.Item && readS(out.Item, 'status') === 'DONE' ? 'done' : 'in-progress';
  }

  async complete(dedupe: string, retentionMs: number): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: {
          ...key(dedupeKey(dedupe)),
          status: s('DONE'),
          [TABLE_DESIGN.ttlAttribute]: n(Math.ceil((this.clock.now() + retentionMs) / 1000)),
        },
      }),
    );
  }

  async release(dedupe: string): Promise<void> {
    await this.client.send(new DeleteItemCommand({ TableName: this.tableName, Key: key(dedupeKey(dedupe)) }));
  }
}
