import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { accountPk, OUTBOX_PREFIX, outboxKey } from '../keys';
import type { OutboxBatch, OutboxEntry, OutboxStore } from '../ports';
import { key, readS, s } from './attributes';
import { queryByPrefix } from './query-prefix';

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

  async get(accountId: string, batchId: string): Promise<OutboxBatch | undefined> {
    const out = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: key(outboxKey(accountId, batchId)),
        ConsistentRead: true,
      }),
    );
    if (!out.Item) return undefined;
    return { accountId, batchId, entries: JSON.parse(readS(out.Item, 'entries') ?? '[]') as OutboxEntry[] };
  }

  async listForAccount(accountId: string): Promise<OutboxBatch[]> {
    const items = await queryByPrefix(this.client, this.tableName, accountPk(accountId), OUTBOX_PREFIX);
    return items.map((item) => ({
      accountId,
      batchId: (readS(item, 'sk') ?? '').slice(OUTBOX_PREFIX.length),
      entries: JSON.parse(readS(item, 'entries') ?? '[]') as OutboxEntry[],
    }));
  }

  async delete(accountId: string, batchId: string): Promise<void> {
    await this.client.send(
      new DeleteItemCommand({ TableName: this.tableName, Key: key(outboxKey(accountId, batchId)) }),
    );
  }
}
