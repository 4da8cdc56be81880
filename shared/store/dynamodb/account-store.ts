import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { LinkedAccount, StoredToken } from '../../core/accounts';
import { ACCOUNTS_INDEX_PK, accountKey, accountsIndexSk } from '../keys';
import type { TokenSealer } from '../tokens/token-sealer';
import type { AccountBatch, AccountPosition, AccountStore, Page, TokenChange } from '../ports';
import { TABLE_DESIGN } from '../table-design';
import { DynamoTokenStore } from './token-store';
import {
  decodePageToken,
  encodePageToken,
  isConditionalCheckFailure,
  key,
  readS,
  s,
  type Item,
} from './attributes';

const accountItem = (account: LinkedAccount): Item => ({
  ...key(accountKey(account.id)),
  doc: s(JSON.stringify(account)),
  gsi1pk: s(ACCOUNTS_INDEX_PK),
  gsi1sk: s(accountsIndexSk(account.status, account.id)),
});

/**
 * Accounts live in one item each (the document as JSON plus index keys); the account token lives in
 * a separate item of its own partition that no listing ever reads, sealed (token-store.ts): only a
 * function whose role may decrypt with the token key can read it back.
 */
export class DynamoAccountStore implements AccountStore {
  private readonly tokens: DynamoTokenStore;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    sealer: TokenSealer,
  ) {
    this.tokens = new DynamoTokenStore(client, tableName, sealer);
  }

  async get(accountId: string): Promise<LinkedAccount | undefined> {
    return (await this.read(accountId)).current;
  }

  async put(account: LinkedAccount): Promise<void> {
    await this.client.send(new PutItemCommand({ TableName: this.tableName, Item: accountItem(account) }));
  }

  async update(
    accountId: string,
    change: (current: LinkedAccount | undefined) => LinkedAccount | null,
    tokenChange?: TokenChange,
  ): Promise<LinkedAccount | undefined> {
    let tokenDone = tokenChange === undefined;
    let tokenWritten = false;
    for (let attempt = 0; attempt < 10; attempt++) {
      const { current, doc: oldDoc } = await this.read(accountId);
      const next = change(current);
      if (next === null) {
        // An earlier attempt wrote the token, then lost the race (e.g. to LinkedAccount.deleted and
        // its purge): take it back, or a deleted account's credential would stay in the table.
        if (tokenWritten && current?.status === 'DELETED') await this.deleteToken(accountId);
        return current;
      }
      // The token first (once): an account is never visible as linked without the token to sync it.
      if (!tokenDone && tokenChange) {
        let left = false;
        await this.tokens.change(accountId, (stored) => {
          const changed = tokenChange(stored);
          left = changed === null;
          return changed;
        });
        if (left) return current;
        tokenDone = true;
        tokenWritten = true;
      }
      try {
        await this.client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: accountItem(next),
            ConditionExpression: oldDoc ? 'doc = :old' : 'attribute_not_exists(pk)',
            ExpressionAttributeValues: oldDoc ? { ':old': s(oldDoc) } : undefined,
          }),
        );
        return next;
      } catch (error) {
        if (!isConditionalCheckFailure(error)) throw error;
      }
    }
    throw new Error(`account ${accountId} kept changing; giving up for now`);
  }

  private async read(accountId: string): Promise<{ current?: LinkedAccount; doc?: string }> {
    const out = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: key(accountKey(accountId)),
        ConsistentRead: true,
      }),
    );
    const doc = out.Item && readS(out.Item, 'doc');
    return doc ? { current: JSON.parse(doc) as LinkedAccount, doc } : {};
  }

  async getToken(accountId: string): Promise<string | undefined> {
    return (await this.tokens.get(accountId))?.token;
  }

  getStoredToken(accountId: string): Promise<StoredToken | undefined> {
    return this.tokens.get(accountId);
  }

  hasToken(accountId: string): Promise<boolean> {
    return this.tokens.has(accountId);
  }

  changeToken(accountId: string, change: TokenChange): Promise<StoredToken | undefined> {
    return this.tokens.change(accountId, change);
  }

  deleteToken(accountId: string): Promise<void> {
    return this.tokens.delete(accountId);
  }

  async remove(accountId: string): Promise<void> {
    await this.tokens.delete(accountId);
    await this.client.send(
      new DeleteItemCommand({ TableName: this.tableName, Key: key(accountKey(accountId)) }),
    );
  }

  listActive(pageToken?: string | null, limit = 500): Promise<Page<LinkedAccount>> {
    return this.queryIndex('ACTIVE#', pageToken, limit);
  }

  async listAll(): Promise<LinkedAccount[]> {
    const all: LinkedAccount[] = [];
    let token: string | null = null;
    do {
      const page = await this.queryIndex('', token, 500);
      all.push(...page.items);
      token = page.next;
    } while (token);
    return all;
  }

  async listAfter(after: AccountPosition | null, limit: number): Promise<AccountBatch> {
    const index = TABLE_DESIGN.accountsIndex;
    // A key condition rather than an ExclusiveStartKey, so any position (a caller's cursor) is a valid Query.
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.name,
        KeyConditionExpression: after ? '#pk = :pk AND #sk > :after' : '#pk = :pk',
        ExpressionAttributeNames: { '#pk': index.partitionKey, ...(after ? { '#sk': index.sortKey } : {}) },
        ExpressionAttributeValues: {
          ':pk': s(ACCOUNTS_INDEX_PK),
          ...(after ? { ':after': s(accountsIndexSk(after.status, after.id)) } : {}),
        },
        Limit: limit,
      }),
    );
    const accounts = (out.Items ?? []).flatMap((item) => {
      const doc = readS(item, 'doc');
      return doc ? [JSON.parse(doc) as LinkedAccount] : [];
    });
    return { accounts, more: out.LastEvaluatedKey !== undefined };
  }

  private async queryIndex(prefix: string, pageToken: string | null | undefined, limit: number) {
    const index = TABLE_DESIGN.accountsIndex;
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.name,
        KeyConditionExpression: prefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
        ExpressionAttributeNames: { '#pk': index.partitionKey, ...(prefix ? { '#sk': index.sortKey } : {}) },
        ExpressionAttributeValues: {
          ':pk': s(ACCOUNTS_INDEX_PK),
          ...(prefix ? { ':prefix': s(prefix) } : {}),
        },
        ExclusiveStartKey: decodePageToken(pageToken),
        Limit: limit,
      }),
    );
    const items = (out.Items ?? []).flatMap((item) => {
      const doc = readS(item, 'doc');
      return doc ? [JSON.parse(doc) as LinkedAccount] : [];
    });
    return { items, next: encodePageToken(out.LastEvaluatedKey) };
  }
}
