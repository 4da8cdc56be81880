import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { newSyncState, type SyncState } from '../../core/sync-state';
import { accountPk, STATE_PREFIX, stateKey } from '../keys';
import { VersionConflictError, type SyncStateStore } from '../ports';
import { isConditionalCheckFailure, key, n, readN, readS, s, type Item } from './attributes';
import { queryByPrefix } from './query-prefix';

/** One item per (account, model); written whole under an optimistic version check. */
export class DynamoSyncStateStore implements SyncStateStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async get(accountId: string, modelId: string): Promise<SyncState> {
    const out = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: key(stateKey(accountId, modelId)),
        ConsistentRead: true,
      }),
    );
    return out.Item ? fromItem(out.Item) : newSyncState(accountId, modelId);
  }

  async listForAccount(accountId: string): Promise<SyncState[]> {
    const items = await queryByPrefix(this.client, this.tableName, accountPk(accountId), STATE_PREFIX);
    return items.map(fromItem);
  }

  async save(state: SyncState): Promise<SyncState> {
    const next = { ...state, version: state.version + 1 };
    const { version: _version, ...doc } = next;
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            ...key(stateKey(state.accountId, state.modelId)),
            version: n(next.version),
            ...docAttribute(doc),
          },
          ConditionExpression: state.version === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
          ExpressionAttributeValues: state.version === 0 ? undefined : { ':v': n(state.version) },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailure(error)) {
        throw new VersionConflictError(`sync state ${state.accountId}/${state.modelId} changed concurrently`);
      }
      throw error;
    }
    return next;
  }

  async delete(accountId: string, modelId: string): Promise<void> {
    await this.client.send(
      new DeleteItemCommand({ TableName: this.tableName, Key: key(stateKey(accountId, modelId)) }),
    );
  }
}

/**
 * A state is written at every decision, claim and completion, and DynamoDB bills a write unit per
 * kilobyte: a state's JSON (1.2-1.9 KB with its run, counts and Merge's status) is stored deflated
 * (`docz`, about 600 bytes) once it is longer than DEFLATE_ABOVE, so each write costs one unit, not
 * two. Items written as plain JSON (`doc`) by earlier versions are read as they are.
 */
const DEFLATE_ABOVE = 600;

function docAttribute(doc: Omit<SyncState, 'version'>): Item {
  const json = JSON.stringify(doc);
  return json.length > DEFLATE_ABOVE ? { docz: { B: deflateRawSync(json) } } : { doc: s(json) };
}

function fromItem(item: Item): SyncState {
  const deflated = item.docz?.B;
  const json = deflated ? inflateRawSync(deflated).toString('utf8') : (readS(item, 'doc') ?? '{}');
  const doc = JSON.parse(json) as Omit<SyncState, 'version'>;
  return { ...doc, version: readN(item, 'version') ?? 0 };
}
