import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { LinkedAccount } from '../../core/accounts';
import { ACCOUNTS_INDEX_PK, accountKey, accountsIndexSk, legacyTokenKey, tokenKey } from '../keys';
import type { AccountBatch, AccountPosition, AccountStore, Page } from '../ports';
import { TABLE_DESIGN } from '../table-design';
import type { TokenSealer } from '../tokens/token-sealer';
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
 * a separate item of its own partition that no listing ever reads, sealed by `tokens` (envelope
 * encryption: only a function whose role may decrypt with the token key can read it back).
 */
export class DynamoAccountStore implements AccountStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly tokens: TokenSealer,
  ) {}

  async get(accountId: string): Promise<LinkedAccount | undefined> {
    const out = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: key(accountKey(accountId)),
        ConsistentRead: true,
      }),
    );
    const doc = out.Item && readS(out.Item, 'doc');
    return doc ? (JSON.parse(doc) as LinkedAccount) : undefined;
  }

  async put(account: LinkedAccount, accountToken?: string): Promise<void> {
    await this.client.send(new PutItemCommand({ TableName: this.tableName, Item: accountItem(account) }));
    if (accountToken !== undefined) await this.putToken(account.id, accountToken);
  }

  async update(
    accountId: string,
    change: (current: LinkedAccount | undefined) => LinkedAccount | null,
    accountToken?: string,
  ): Promise<LinkedAccount | undefined> {
    let tokenWritten = false;
    for (let attempt = 0; attempt < 10; attempt++) {
      const out = await this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: key(accountKey(accountId)),
          ConsistentRead: true,
        }),
      );
      const oldDoc = out.Item && readS(out.Item, 'doc');
      const current = oldDoc ? (JSON.parse(oldDoc) as LinkedAccount) : undefined;
      const next = change(current);
      if (next === null) {
        // An earlier attempt wrote the token, then lost the race (e.g. to LinkedAccount.deleted and
        // its purge): take it back, or a deleted account's credential would stay in the table.
        if (tokenWritten && current?.status === 'DELETED') await this.deleteToken(accountId);
        return current;
      }
      try {
        // The token first: an account is never visible as linked without the token to sync it.
        if (accountToken !== undefined) {
          await this.putToken(accountId, accountToken);
          tokenWritten = true;
        }
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

  private async putToken(accountId: string, accountToken: string): Promise<void> {
    const sealed = await this.tokens.seal(accountId, accountToken);
    await this.client.send(
      new PutItemCommand({ TableName: this.tableName, Item: { ...key(tokenKey(accountId)), sealed: s(sealed) } }),
    );
    await this.deleteLegacyToken(accountId);
  }

  /**
   * The token, opened. A token stored in plain text by an earlier version (its old item) is sealed
   * into the new item on this read and the old item deleted: the upgrade migrates each token on
   * its next use (docs/security.md, "Account tokens").
   */
  async getToken(accountId: string): Promise<string | undefined> {
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: key(tokenKey(accountId)), ConsistentRead: true }),
    );
    const sealed = out.Item && readS(out.Item, 'sealed');
    if (sealed) return this.tokens.open(accountId, sealed);
    const legacy = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: key(legacyTokenKey(accountId)), ConsistentRead: true }),
    );
    const plain = legacy.Item && readS(legacy.Item, 'token');
    if (!plain) return undefined;
    try {
      // Only if no sealed token was written meanwhile (a relink): never replace a newer token.
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: { ...key(tokenKey(accountId)), sealed: s(await this.tokens.seal(accountId, plain)) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
      return this.getToken(accountId);
    }
    await this.deleteLegacyToken(accountId);
    return plain;
  }

  async hasToken(accountId: string): Promise<boolean> {
    for (const tokenItem of [tokenKey(accountId), legacyTokenKey(accountId)]) {
      const out = await this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: key(tokenItem),
          ConsistentRead: true,
          ProjectionExpression: 'pk',
        }),
      );
      if (out.Item) return true;
    }
    return false;
  }

  async deleteToken(accountId: string): Promise<void> {
    await this.client.send(
      new DeleteItemCommand({ TableName: this.tableName, Key: key(tokenKey(accountId)) }),
    );
    await this.deleteLegacyToken(accountId);
  }

  private async deleteLegacyToken(accountId: string): Promise<void> {
    await this.client.send(
      new DeleteItemCommand({ TableName: this.tableName, Key: key(legacyTokenKey(accountId)) }),
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
