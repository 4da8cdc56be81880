import { GetItemCommand, PutItemCommand, QueryCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { feedSortKey, recordKey, recordPk, seenKey, seenPk } from '../keys';
import type { FeedBatch, Page, PutOutcome, RecordStore } from '../ports';
import type { RecordFingerprint, StoredRecord } from '../../core/records';
import { TABLE_DESIGN } from '../table-design';
import {
  b,
  decodePageToken,
  encodePageToken,
  isConditionalCheckFailure,
  key,
  n,
  readB,
  readS,
  s,
  type Item,
} from './attributes';
import { batchGetAll, batchWriteAll } from './batch';

/**
 * Records: one item each, keyed (RECORD#account#model, id). The Common Model object is kept as a
 * JSON string in `data`: exact (no type coercion), and its size is known before the write.
 */
export class DynamoRecordStore implements RecordStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async fingerprints(
    accountId: string,
    modelId: string,
    ids: string[],
  ): Promise<Map<string, RecordFingerprint>> {
    const keys = [...new Set(ids)].map((id) => key(recordKey(accountId, modelId, id)));
    // Whole items: DynamoDB charges a read by item size whatever the projection, and the stored
    // object tells a change event which fields changed.
    const items = await batchGetAll(this.client, this.tableName, keys);
    const result = new Map<string, RecordFingerprint>();
    for (const item of items) {
      const dropped = droppedOf(item);
      result.set(readS(item, 'sk') ?? '', {
        contentHash: readS(item, 'hash') ?? '',
        modifiedAtKey: readS(item, 'modifiedAt') ?? '',
        deleted: readB(item, 'deleted') ?? false,
        rawData: readS(item, 'data') ?? '{}',
        syncedAt: readS(item, 'syncedAt') ?? '',
        ...(dropped ? { droppedFields: dropped } : {}),
      });
    }
    return result;
  }

  async putIfNotStale(record: StoredRecord): Promise<PutOutcome> {
    const guarded = record.modifiedAtKey !== '';
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: toItem(record),
          // Never replace a newer version (a later webhook, an overlapping fetch) with an older one.
          ConditionExpression: guarded ? 'attribute_not_exists(pk) OR modifiedAt <= :m' : undefined,
          ExpressionAttributeValues: guarded ? { ':m': s(record.modifiedAtKey) } : undefined,
        }),
      );
      return 'written';
    } catch (error) {
      if (isConditionalCheckFailure(error)) return 'stale';
      throw error;
    }
  }

  async putMany(records: readonly StoredRecord[]): Promise<void> {
    await batchWriteAll(
      this.client,
      this.tableName,
      records.map((record) => ({ PutRequest: { Item: toItem(record) } })),
    );
  }

  async get(accountId: string, modelId: string, id: string): Promise<StoredRecord | undefined> {
    const out = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: key(recordKey(accountId, modelId, id)),
        ConsistentRead: true,
      }),
    );
    return out.Item ? fromItem(accountId, modelId, out.Item) : undefined;
  }

  async list(
    accountId: string,
    modelId: string,
    pageToken?: string | null,
    limit = 500,
  ): Promise<Page<StoredRecord>> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': s(recordPk(accountId, modelId)) },
        ExclusiveStartKey: decodePageToken(pageToken),
        ConsistentRead: true,
        Limit: limit,
      }),
    );
    return {
      items: (out.Items ?? []).map((item) => fromItem(accountId, modelId, item)),
      next: encodePageToken(out.LastEvaluatedKey),
    };
  }

  async feed(
    accountId: string,
    modelId: string,
    after: { syncedAt: string; id: string } | null,
    limit: number,
  ): Promise<FeedBatch> {
    const index = TABLE_DESIGN.feedIndex;
    // One Query, never a loop: the read API counts its Queries (a request's work is bounded there).
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.name,
        KeyConditionExpression: after ? '#pk = :pk AND #sk > :after' : '#pk = :pk',
        ExpressionAttributeNames: { '#pk': index.partitionKey, ...(after ? { '#sk': index.sortKey } : {}) },
        ExpressionAttributeValues: {
          ':pk': s(recordPk(accountId, modelId)),
          ...(after ? { ':after': s(feedSortKey(after.syncedAt, after.id)) } : {}),
        },
        Limit: limit,
      }),
    );
    return {
      records: (out.Items ?? []).map((item) => fromItem(accountId, modelId, item)),
      more: out.LastEvaluatedKey !== undefined,
    };
  }

  async deleteMany(accountId: string, modelId: string, ids: string[]): Promise<void> {
    await batchWriteAll(
      this.client,
      this.tableName,
      ids.map((id) => ({ DeleteRequest: { Key: key(recordKey(accountId, modelId, id)) } })),
    );
  }

  async countLive(accountId: string, modelId: string): Promise<number> {
    return (await this.countLiveWithin(accountId, modelId, Number.POSITIVE_INFINITY)).count ?? 0;
  }

  async countLiveWithin(
    accountId: string,
    modelId: string,
    maxQueries: number,
  ): Promise<{ count: number | undefined; queries: number }> {
    let count = 0;
    let start: Item | undefined;
    let queries = 0;
    do {
      if (queries >= maxQueries) return { count: undefined, queries };
      queries++;
      // Select COUNT returns no items, but DynamoDB still reads (and charges for) every item the
      // key condition covers; eventually consistent halves that. The filter drops tombstones.
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          FilterExpression: 'attribute_not_exists(deleted) OR deleted = :live',
          ExpressionAttributeValues: { ':pk': s(recordPk(accountId, modelId)), ':live': b(false) },
          Select: 'COUNT',
          ExclusiveStartKey: start,
        }),
      );
      count += out.Count ?? 0;
      start = out.LastEvaluatedKey;
    } while (start);
    return { count, queries };
  }

  async markSeen(
    accountId: string,
    modelId: string,
    ids: readonly string[],
    epoch: string,
    expiresAtMs: number,
  ): Promise<void> {
    const expiresAt = n(Math.ceil(expiresAtMs / 1000));
    await batchWriteAll(
      this.client,
      this.tableName,
      [...new Set(ids)].map((id) => ({
        PutRequest: { Item: { ...key(seenKey(accountId, modelId, id)), epoch: s(epoch), expiresAt } },
      })),
    );
  }

  async seenMarks(
    accountId: string,
    modelId: string,
    fromId: string,
    toId: string,
  ): Promise<Map<string, string>> {
    const marks = new Map<string, string>();
    let start: Item | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': s(seenPk(accountId, modelId)),
            ':from': s(fromId),
            ':to': s(toId),
          },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) marks.set(readS(item, 'sk') ?? '', readS(item, 'epoch') ?? '');
      start = out.LastEvaluatedKey;
    } while (start);
    return marks;
  }

  async seenMarkIds(accountId: string, modelId: string, limit: number): Promise<string[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': s(seenPk(accountId, modelId)) },
        ProjectionExpression: 'sk',
        ConsistentRead: true,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((item) => readS(item, 'sk') ?? '');
  }

  async deleteSeenMarks(accountId: string, modelId: string, ids: readonly string[]): Promise<void> {
    await batchWriteAll(
      this.client,
      this.tableName,
      [...new Set(ids)].map((id) => ({ DeleteRequest: { Key: key(seenKey(accountId, modelId, id)) } })),
    );
  }
}

function toItem(record: StoredRecord): Item {
  const k = recordKey(record.accountId, record.modelId, record.id);
  const item: Item = {
    ...key(k),
    data: s(JSON.stringify(record.data)),
    hash: s(record.contentHash),
    modifiedAt: s(record.modifiedAtKey),
    deleted: b(record.deleted),
    syncedAt: s(record.syncedAt),
    gsi2pk: s(k.pk),
    gsi2sk: s(feedSortKey(record.syncedAt, record.id)),
  };
  if (record.droppedFields && record.droppedFields.length > 0) item.dropped = { SS: record.droppedFields };
  return item;
}

const droppedOf = (item: Item): string[] | undefined =>
  item.dropped && 'SS' in item.dropped ? item.dropped.SS : undefined;

function fromItem(accountId: string, modelId: string, item: Item): StoredRecord {
  const dropped = droppedOf(item);
  return {
    accountId,
    modelId,
    id: readS(item, 'sk') ?? '',
    data: JSON.parse(readS(item, 'data') ?? '{}') as Record<string, unknown>,
    contentHash: readS(item, 'hash') ?? '',
    modifiedAtKey: readS(item, 'modifiedAt') ?? '',
    deleted: readB(item, 'deleted') ?? false,
    syncedAt: readS(item, 'syncedAt') ?? '',
    ...(dropped ? { droppedFields: dropped } : {}),
  };
}
