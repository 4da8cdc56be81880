import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  type AttributeValue,
  type DynamoDBClient,
  type PutItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { StoredToken } from '../../core/accounts';
import { legacyTokenKey, tokenKey } from '../keys';
import type { TokenChange } from '../ports';
import type { TokenSealer } from '../tokens/token-sealer';
import { isConditionalCheckFailure, key, n, readN, readS, s, type Item } from './attributes';

/**
 * An account's token item (`TOKEN#<id>` / `TOKEN`, a partition of its own so IAM can deny it), read
 * only to call Merge: `sealed`, the whole StoredToken (the token, its candidates, the retired
 * hashes) as JSON sealed by `sealer` (envelope encryption, shared/store/tokens), and a version `v`
 * for conditional writes.
 *
 * Earlier versions kept it in the clear under the account's partition (`ACCOUNT#<id>` / `TOKEN`:
 * `token`, and `meta` once it existed). Such an item is sealed into the new one on its first read
 * (unless a new one was written meanwhile) and deleted: each token migrates on its next use.
 */
export class DynamoTokenStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly sealer: TokenSealer,
  ) {}

  async get(accountId: string): Promise<StoredToken | undefined> {
    return (await this.read(accountId))?.stored;
  }

  /** Whether a token is stored (sealed or left in the clear by an earlier version), without opening it. */
  async has(accountId: string): Promise<boolean> {
    for (const item of [tokenKey(accountId), legacyTokenKey(accountId)]) {
      const out = await this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: key(item),
          ConsistentRead: true,
          ProjectionExpression: 'pk',
        }),
      );
      if (out.Item) return true;
    }
    return false;
  }

  async change(accountId: string, change: TokenChange): Promise<StoredToken | undefined> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const current = await this.read(accountId);
      const next = change(current?.stored);
      // null, or the same object: nothing to write.
      if (next === null || next === current?.stored) return current?.stored;
      try {
        await this.write(accountId, next, current?.version);
        return next;
      } catch (error) {
        if (!isConditionalCheckFailure(error)) throw error;
      }
    }
    throw new Error(`the token of account ${accountId} kept changing; giving up for now`);
  }

  async delete(accountId: string): Promise<void> {
    for (const item of [tokenKey(accountId), legacyTokenKey(accountId)])
      await this.client.send(new DeleteItemCommand({ TableName: this.tableName, Key: key(item) }));
  }

  private async read(accountId: string): Promise<{ stored: StoredToken; version: number } | undefined> {
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: key(tokenKey(accountId)), ConsistentRead: true }),
    );
    const sealed = out.Item && readS(out.Item, 'sealed');
    if (out.Item && sealed) {
      const stored = JSON.parse(await this.sealer.open(accountId, sealed)) as StoredToken;
      return { stored, version: readN(out.Item, 'v') ?? 0 };
    }
    return this.migrate(accountId);
  }

  /** An item of an earlier version, in the clear: sealed into the new item, then deleted. */
  private async migrate(accountId: string): Promise<{ stored: StoredToken; version: number } | undefined> {
    const out = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: key(legacyTokenKey(accountId)),
        ConsistentRead: true,
      }),
    );
    const legacy: Item | undefined = out.Item;
    const token = legacy && readS(legacy, 'token');
    if (!legacy || !token) return undefined;
    const meta = readS(legacy, 'meta');
    const parsed = meta ? (JSON.parse(meta) as Omit<StoredToken, 'token'>) : { retired: [] };
    const stored: StoredToken = { ...parsed, token };
    try {
      await this.write(accountId, stored, undefined);
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
      // A new token was written meanwhile (a relink): that one counts.
      return this.read(accountId);
    }
    await this.client.send(
      new DeleteItemCommand({ TableName: this.tableName, Key: key(legacyTokenKey(accountId)) }),
    );
    return { stored, version: 1 };
  }

  /** Written only over the version read, or where there is none yet. */
  private async write(accountId: string, stored: StoredToken, version: number | undefined): Promise<void> {
    const sealed = await this.sealer.seal(accountId, JSON.stringify(stored));
    const item: Record<string, AttributeValue> = {
      ...key(tokenKey(accountId)),
      sealed: s(sealed),
      v: n((version ?? 0) + 1),
    };
    const condition: Pick<PutItemCommandInput, 'ConditionExpression' | 'ExpressionAttributeValues'> =
      version === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'v = :v', ExpressionAttributeValues: { ':v': n(version) } };
    await this.client.send(new PutItemCommand({ TableName: this.tableName, Item: item, ...condition }));
    // A token stored anew leaves no copy in the clear behind.
    if (version === undefined)
      await this.client.send(
        new DeleteItemCommand({ TableName: this.tableName, Key: key(legacyTokenKey(accountId)) }),
      );
  }
}
