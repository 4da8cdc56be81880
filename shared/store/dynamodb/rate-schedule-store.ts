import { GetItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { LinkedAccount } from '../../core/accounts';
import { accountKey, rateKey } from '../keys';
import type { RateScheduleStore } from '../ports';
import { isConditionalCheckFailure, key, n, readN, readS } from './attributes';

/** The per-account request schedule: one small item, moved forward with a version check. */
export class DynamoRateScheduleStore implements RateScheduleStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async read(accountId: string): Promise<{ nextSlotAt: number; version: number }> {
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: key(rateKey(accountId)), ConsistentRead: true }),
    );
    return {
      nextSlotAt: (out.Item && readN(out.Item, 'nextSlotAt')) ?? 0,
      version: (out.Item && readN(out.Item, 'version')) ?? 0,
    };
  }

  async write(accountId: string, nextSlotAt: number, version: number): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: { ...key(rateKey(accountId)), nextSlotAt: n(nextSlotAt), version: n(version + 1) },
          ConditionExpression: version === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
          ExpressionAttributeValues: version === 0 ? undefined : { ':v': n(version) },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
  }

  /**
   * Read from the account item, where `accounts configure` keeps it with the account's other
   * overrides (one place for all of them). Eventually consistent: the pacer caches it for a minute.
   */
  async planLimit(accountId: string): Promise<number | undefined> {
    const out = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: key(accountKey(accountId)),
        ProjectionExpression: '#doc',
        ExpressionAttributeNames: { '#doc': 'doc' },
      }),
    );
    const doc = out.Item && readS(out.Item, 'doc');
    if (!doc) return undefined;
    const limit = (JSON.parse(doc) as LinkedAccount).overrides?.planRequestsPerMinute;
    return typeof limit === 'number' && limit > 0 ? limit : undefined;
  }
}
