import { GetItemCommand, PutItemCommand, QueryCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { isFinished, type WriteOperation, type WriteRecord, type WriteStatus } from '../../core/writes';
import type { VersionedWrite, WritePage, WriteRequirements, WriteStore } from '../../writes/ports';
import {
  accountPk,
  WRITE_PREFIX,
  writeIdempotencyKey,
  writeKey,
  writeLinePk,
  writeLineSk,
  writeMetaKey,
  writeOrderKey,
  writesByStatusPk,
} from '../keys';
import { VersionConflictError } from '../ports';
import { TABLE_DESIGN } from '../table-design';
import {
  decodePageToken,
  encodePageToken,
  isConditionalCheckFailure,
  key,
  n,
  readN,
  readS,
  s,
  type Item,
} from './attributes';

/** A finished write (and its key) stays this long for GET /writes and resubmissions, then expires. */
export const FINISHED_WRITE_RETENTION_MS = 30 * 24 * 3600_000;
/** An idempotency key outlives any unfinished write (messages are kept 4 days) and its retention. */
const KEY_RETENTION_MS = FINISHED_WRITE_RETENTION_MS + 5 * 24 * 3600_000;

const epochSeconds = (ms: number) => Math.ceil(ms / 1000);

/**
 * Writes as items of their account's partition: the write as a JSON document under a version
 * check, with index keys derived from it on every save (its status listing, and its place in its
 * record's line while it is unfinished).
 */
export class DynamoWriteStore implements WriteStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async claimKey(accountId: string, keyHash: string, writeId: string, requestHash: string) {
    const itemKey = key(writeIdempotencyKey(accountId, keyHash));
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            ...itemKey,
            writeId: s(writeId),
            requestHash: s(requestHash),
            expiresAt: n(epochSeconds(Date.now() + KEY_RETENTION_MS)),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { outcome: 'claimed' as const };
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
    }
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: itemKey, ConsistentRead: true }),
    );
    return {
      outcome: 'held' as const,
      writeId: (out.Item && readS(out.Item, 'writeId')) ?? '',
      requestHash: (out.Item && readS(out.Item, 'requestHash')) ?? '',
    };
  }

  async create(write: WriteRecord): Promise<'created' | 'exists'> {
    try {
      await this.put(write, 0);
      return 'created';
    } catch (error) {
      if (error instanceof VersionConflictError) return 'exists';
      throw error;
    }
  }

  async get(accountId: string, writeId: string): Promise<VersionedWrite | undefined> {
    const out = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: key(writeKey(accountId, writeId)),
        ConsistentRead: true,
      }),
    );
    return out.Item ? fromItem(out.Item) : undefined;
  }

  async save(write: WriteRecord, version: number): Promise<VersionedWrite> {
    await this.put(write, version);
    return { write, version: version + 1 };
  }

  async list(
    accountId: string,
    options: { status?: WriteStatus; pageToken?: string | null; limit: number },
  ): Promise<WritePage> {
    const index = TABLE_DESIGN.accountsIndex;
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        ...(options.status
          ? {
              IndexName: index.name,
              KeyConditionExpression: '#pk = :pk',
              ExpressionAttributeNames: { '#pk': index.partitionKey },
              ExpressionAttributeValues: { ':pk': s(writesByStatusPk(accountId, options.status)) },
            }
          : {
              KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
              ExpressionAttributeValues: { ':pk': s(accountPk(accountId)), ':prefix': s(WRITE_PREFIX) },
              ConsistentRead: true,
            }),
        Limit: options.limit,
        ExclusiveStartKey: decodePageToken(options.pageToken),
      }),
    );
    return {
      items: (out.Items ?? []).map((item) => fromItem(item).write),
      next: encodePageToken(out.LastEvaluatedKey),
    };
  }

  async nextOrderSeq(accountId: string, modelId: string, recordId: string): Promise<number> {
    const itemKey = key(writeOrderKey(accountId, modelId, recordId));
    for (let attempt = 0; attempt < 20; attempt++) {
      const out = await this.client.send(
        new GetItemCommand({ TableName: this.tableName, Key: itemKey, ConsistentRead: true }),
      );
      const current = (out.Item && readN(out.Item, 'seq')) ?? 0;
      try {
        await this.client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: { ...itemKey, seq: n(current + 1) },
            ConditionExpression: current === 0 ? 'attribute_not_exists(pk)' : 'seq = :seq',
            ExpressionAttributeValues: current === 0 ? undefined : { ':seq': n(current) },
          }),
        );
        return current + 1;
      } catch (error) {
        if (!isConditionalCheckFailure(error)) throw error;
      }
    }
    throw new VersionConflictError(`the write line of ${modelId} ${recordId} is contended`);
  }

  async pendingBefore(accountId: string, modelId: string, recordId: string, orderSeq: number) {
    const index = TABLE_DESIGN.feedIndex;
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.name,
        KeyConditionExpression: '#pk = :pk AND #sk < :sk',
        ExpressionAttributeNames: { '#pk': index.partitionKey, '#sk': index.sortKey },
        ExpressionAttributeValues: {
          ':pk': s(writeLinePk(accountId, modelId, recordId)),
          ':sk': s(writeLineSk(orderSeq)),
        },
      }),
    );
    return (out.Items ?? []).map((item) => fromItem(item).write);
  }

  async getRequirements(accountId: string, modelId: string, operation: WriteOperation) {
    const out = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: key(writeMetaKey(accountId, modelId, operation)),
      }),
    );
    const doc = out.Item && readS(out.Item, 'doc');
    const fetchedAtMs = out.Item && readN(out.Item, 'fetchedAt');
    if (!doc || fetchedAtMs === undefined) return undefined;
    return { requirements: JSON.parse(doc) as WriteRequirements, fetchedAtMs };
  }

  async putRequirements(
    accountId: string,
    modelId: string,
    operation: WriteOperation,
    requirements: WriteRequirements,
    fetchedAtMs: number,
  ): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: {
          ...key(writeMetaKey(accountId, modelId, operation)),
          doc: s(JSON.stringify(requirements)),
          fetchedAt: n(fetchedAtMs),
          // Read only within its time to live anyway; TTL just clears it away.
          expiresAt: n(epochSeconds(fetchedAtMs + 24 * 3600_000)),
        },
      }),
    );
  }

  private async put(write: WriteRecord, version: number): Promise<void> {
    const feed = TABLE_DESIGN.feedIndex;
    const accounts = TABLE_DESIGN.accountsIndex;
    const inLine = !isFinished(write) && write.orderSeq !== undefined && write.recordId !== null;
    const item: Item = {
      ...key(writeKey(write.accountId, write.writeId)),
      version: n(version + 1),
      doc: s(JSON.stringify(write)),
      [accounts.partitionKey]: s(writesByStatusPk(write.accountId, write.status)),
      [accounts.sortKey]: s(write.writeId),
      ...(inLine
        ? {
            [feed.partitionKey]: s(writeLinePk(write.accountId, write.modelId, write.recordId!)),
            [feed.sortKey]: s(writeLineSk(write.orderSeq!)),
          }
        : {}),
      ...(isFinished(write) && write.finishedAt
        ? { expiresAt: n(epochSeconds(Date.parse(write.finishedAt) + FINISHED_WRITE_RETENTION_MS)) }
        : {}),
    };
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: version === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
          ExpressionAttributeValues: version === 0 ? undefined : { ':v': n(version) },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailure(error))
        throw new VersionConflictError(`write ${write.writeId} changed concurrently`);
      throw error;
    }
  }
}

function fromItem(item: Item): VersionedWrite {
  return {
    write: JSON.parse(readS(item, 'doc') ?? '{}') as WriteRecord,
    version: readN(item, 'version') ?? 0,
  };
}
