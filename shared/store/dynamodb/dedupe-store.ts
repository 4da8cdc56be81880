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
import { isConditionalCheckFailure, key, n, readS, s, type Item } from './attributes';

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

  /**
   * One request: a conditional Put that takes the claim (no marker yet, or an expired IN_PROGRESS
   * one) and, when the condition fails, returns the marker that made it fail
   * (ReturnValuesOnConditionCheckFailure), which says whether the webhook is done or in progress.
   */
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
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
      // DynamoDB always returns the marker here: the condition can only fail on an existing item.
      // dynalite (the local runtime's DynamoDB) accepts the parameter but returns no item; only for
      // such an answer is the marker read. No flag or endpoint check tells the two apart: the answer
      // itself does, so the same code is right on both and DynamoDB never pays the second request.
      const old = (error as { Item?: Item }).Item ?? (await this.read(dedupe));
      return old && readS(old, 'status') === 'DONE' ? 'done' : 'in-progress';
    }
  }

  private async read(dedupe: string): Promise<Item | undefined> {
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: key(dedupeKey(dedupe)), ConsistentRead: true }),
    );
    return out.Item;
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
