import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { listingFacts, type StateCounts } from '../../core/account-listing';
import type { LinkedAccount, StoredToken } from '../../core/accounts';
import { ACCOUNTS_INDEX_PK, accountKey, accountsIndexSk, healthIndexPk } from '../keys';
import type { TokenSealer } from '../tokens/token-sealer';
import type {
  AccountBatch,
  AccountPosition,
  AccountStore,
  HealthIndexBatch,
  Page,
  RecountResult,
  ReindexProgress,
  TokenChange,
} from '../ports';
import { TABLE_DESIGN } from '../table-design';
import { accountItem, accountOf, listedAsOf, needsReindex } from './account-item';
import { ListingCounters } from './listing-counters';
import { recountListing } from './listing-recount';
import { DynamoTokenStore } from './token-store';
import { decodePageToken, encodePageToken, isConditionalCheckFailure, key, readS, s } from './attributes';

/**
 * Accounts live in one item each (the document as JSON plus index keys, account-item.ts); the
 * account token lives in a separate item of its own partition that no listing ever reads, sealed
 * (token-store.ts): only a function whose role may decrypt with the token key can read it back.
 * Every write of an account changes GET /accounts' counts by what it replaced (listing-counters.ts).
 */
export class DynamoAccountStore implements AccountStore {
  private readonly tokens: DynamoTokenStore;
  private readonly counters: ListingCounters;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    sealer: TokenSealer,
  ) {
    this.tokens = new DynamoTokenStore(client, tableName, sealer);
    this.counters = new ListingCounters(client, tableName);
  }

  async get(accountId: string): Promise<LinkedAccount | undefined> {
    return (await this.read(accountId)).current;
  }

  async put(account: LinkedAccount): Promise<void> {
    const out = await this.client.send(
      new PutItemCommand({ TableName: this.tableName, Item: accountItem(account), ReturnValues: 'ALL_OLD' }),
    );
    await this.counters.apply(account.id, listedAsOf(out.Attributes), listingFacts(account));
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
        // The replaced item says what it was counted as (an earlier version's: nothing).
        const out = await this.client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: accountItem(next),
            ConditionExpression: oldDoc ? 'doc = :old' : 'attribute_not_exists(pk)',
            ExpressionAttributeValues: oldDoc ? { ':old': s(oldDoc) } : undefined,
            ReturnValues: 'ALL_OLD',
          }),
        );
        await this.counters.apply(accountId, listedAsOf(out.Attributes), listingFacts(next));
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
    return doc ? { current: accountOf(out.Item)!, doc } : {};
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
    const out = await this.client.send(
      new DeleteItemCommand({
        TableName: this.tableName,
        Key: key(accountKey(accountId)),
        ReturnValues: 'ALL_OLD',
      }),
    );
    await this.counters.apply(accountId, listedAsOf(out.Attributes), undefined);
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
    const { items, more } = await this.itemsAfter(after, limit);
    return { accounts: items.flatMap((item) => accountOf(item) ?? []), more };
  }

  async listByHealth(
    bucket: string,
    range: { from: string; to: string },
    limit: number,
  ): Promise<HealthIndexBatch> {
    const index = TABLE_DESIGN.healthIndex;
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.name,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#pk': index.partitionKey, '#sk': index.sortKey },
        ExpressionAttributeValues: {
          ':pk': s(healthIndexPk(bucket)),
          ':from': s(range.from),
          ':to': s(range.to),
        },
        Limit: limit,
      }),
    );
    const entries = (out.Items ?? []).flatMap((item) => {
      const account = accountOf(item);
      const sortKey = readS(item, index.sortKey);
      return account && sortKey ? [{ key: sortKey, account }] : [];
    });
    return { entries, more: out.LastEvaluatedKey !== undefined };
  }

  listingCounts(scope: string): Promise<StateCounts> {
    return this.counters.read(scope);
  }

  async reindex(after: AccountPosition | null, limit: number): Promise<ReindexProgress> {
    const { items, more } = await this.itemsAfter(after, limit);
    let rewritten = 0;
    let last: AccountPosition | null = null;
    for (const item of items) {
      const account = accountOf(item);
      if (!account) continue;
      last = { status: account.status, id: account.id };
      if (!needsReindex(item)) continue;
      // The same document, written again: the keys and counts of this version come with it.
      await this.update(account.id, (current) => current ?? null);
      rewritten++;
    }
    return { seen: items.length, rewritten, next: more ? last : null };
  }

  recountListing(): Promise<RecountResult> {
    return recountListing(this.client, this.tableName);
  }

  private async itemsAfter(after: AccountPosition | null, limit: number) {
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
    return { items: out.Items ?? [], more: out.LastEvaluatedKey !== undefined };
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
    const items = (out.Items ?? []).flatMap((item) => accountOf(item) ?? []);
    return { items, next: encodePageToken(out.LastEvaluatedKey) };
  }
}
