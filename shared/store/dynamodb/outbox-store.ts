import {
  DeleteItemCommand,
  PutItemCommand,
  QueryCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { accountPk, OUTBOX_PREFIX, outboxKey } from '../keys';
import type { OutboxBatch, OutboxEntry, OutboxStore } from '../ports';
import { key, readS, s, type Item } from './attributes';

/** Outbox batches live in the account's partition (`OUTBOX#<batchId>`), one small item per batch. */
export class DynamoOutboxStore implements OutboxStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async put(batch: OutboxBatch): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: {
          ...key(outboxKey(batch.accountId, batch.batchId)),
          entries: s(JSON.stringify(batch.entries)),
        },
      }),
    );
  }

  async listForAccount(accountId: string): Promise<OutboxBatch[]> {
    const batches: OutboxBatch[] = [];
    let start: Item | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': s(accountPk(accountId)), ':prefix': s(OUTBOX_PREFIX) },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) {
        batches.push({
          accountId,
          batchId: (readS(item, 'sk') ?? '').slice(OUTBOX_PREFIX.length),
          entries: JSON.parse(readS(item, 'entries') ?? '[]') as OutboxEntry[],
        });
      }
      start = out.LastEvaluatedKey;
    } while (start);
    return batches;
  }

  async delete(accountId: string, batchId: string): Promise<void> {
    await this.client.send(
      new DeleteItemCommand({ TableName: this.tableName, Key: key(outboxKey(accountId, batchId)) }),
    );
  }
}
