import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  type AttributeValue,
  type PutItemCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { StoredToken } from '../../core/accounts';
import { tokenKey } from '../keys';
import type { TokenChange } from '../ports';
import { isConditionalCheckFailure, key, n, readN, readS, s, type Item } from './attributes';

/**
 * An account's token item (`ACCOUNT#<id>` / `TOKEN`), read only to call Merge: `token` (the current
 * one), `meta` (JSON: unverified, candidates, retired hashes) and a version `v` for conditional
 * writes. Items written before `meta` existed hold only `token`: a confirmed token, nothing retired.
 */
export class DynamoTokenStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async get(accountId: string): Promise<StoredToken | undefined> {
    return (await this.read(accountId))?.stored;
  }

  async change(accountId: string, change: TokenChange): Promise<StoredToken | undefined> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const current = await this.read(accountId);
      const next = change(current?.stored);
      // null, or the same object: nothing to write.
      if (next === null || next === current?.stored) return current?.stored;
      try {
        await this.client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: { ...key(tokenKey(accountId)), ...this.attributes(next, (current?.version ?? 0) + 1) },
            ...condition(current),
          }),
        );
        return next;
      } catch (error) {
        if (!isConditionalCheckFailure(error)) throw error;
      }
    }
    throw new Error(`the token of account ${accountId} kept changing; giving up for now`);
  }

  async delete(accountId: string): Promise<void> {
    await this.client.send(
      new DeleteItemCommand({ TableName: this.tableName, Key: key(tokenKey(accountId)) }),
    );
  }

  private async read(
    accountId: string,
  ): Promise<{ stored: StoredToken; version: number; raw: Item } | undefined> {
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: key(tokenKey(accountId)), ConsistentRead: true }),
    );
    const token = out.Item && readS(out.Item, 'token');
    if (!out.Item || !token) return undefined;
    const meta = readS(out.Item, 'meta');
    const parsed = meta ? (JSON.parse(meta) as Omit<StoredToken, 'token'>) : { retired: [] };
    return { stored: { ...parsed, token }, version: readN(out.Item, 'v') ?? 0, raw: out.Item };
  }

  private attributes(stored: StoredToken, version: number): Record<string, AttributeValue> {
    const { token, ...meta } = stored;
    return { token: s(token), meta: s(JSON.stringify(meta)), v: n(version) };
  }
}

/** Written only over the version read (or, for an item of before versions, over its token). */
function condition(
  current: { version: number; raw: Item } | undefined,
): Pick<
  PutItemCommandInput,
  'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
> {
  if (!current) return { ConditionExpression: 'attribute_not_exists(pk)' };
  if (current.raw.v)
    return { ConditionExpression: 'v = :v', ExpressionAttributeValues: { ':v': n(current.version) } };
  return {
    ConditionExpression: 'attribute_not_exists(v) AND #token = :token',
    ExpressionAttributeNames: { '#token': 'token' },
    ExpressionAttributeValues: { ':token': current.raw.token as AttributeValue },
  };
}
