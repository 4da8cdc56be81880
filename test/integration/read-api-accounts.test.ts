import {
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
  type ServiceInputTypes,
} from '@aws-sdk/client-dynamodb';
import { lambdaContext } from '../../infra/local/lambda-context';
import { reindexAccounts } from '../../shared/operations/account-reindex';
import { accountItem } from '../../shared/store/dynamodb/account-item';
import { recountListing } from '../../shared/store/dynamodb/listing-recount';
import { listingCountsKey } from '../../shared/store/keys';
import { expectedListing, population, populationAccount } from '../helpers/account-population';
import { httpApiEvent } from '../helpers/events';
import { useSyncFixture, type SyncFixture } from '../helpers/sync-fixture';

/**
 * GET /accounts with every filter and both orders, against the indexes and the maintained counts in
 * DynamoDB (dynalite): each listing, paged to its end, is exactly what a plain in-memory filter and
 * sort of the same accounts gives, and its counts are right.
 */
let f: SyncFixture;
useSyncFixture((started) => (f = started));

type Listing = {
  results: { id: string; state: string }[];
  next: string | null;
  has_more: boolean;
  counts?: Record<string, number> | null;
  total?: number | null;
};

async function get(query: Record<string, string>) {
  const result = await f.pipeline.handlers.readApi(
    httpApiEvent({ method: 'GET', path: '/accounts', queryStringParameters: query }),
    lambdaContext('read-api', 10_000),
  );
  return { status: result.statusCode, body: JSON.parse(result.body ?? '{}') as Listing & { error?: string } };
}

async function everyPage(query: Record<string, string>, pageSize = 7) {
  const first = (await get({ ...query, page_size: String(pageSize) })).body;
  const ids = first.results.map((r) => r.id);
  for (let page = first, requests = 1; page.has_more; requests++) {
    expect(requests).toBeLessThan(200);
    page = (await get({ ...query, page_size: String(pageSize), cursor: page.next! })).body;
    expect(page.results.length).toBeLessThanOrEqual(pageSize);
    ids.push(...page.results.map((r) => r.id));
  }
  return { ids, first };
}

const current = async () => (await f.accounts.listAll()).filter((a) => a.id.startsWith('acct-'));

beforeAll(async () => {
  for (const account of population(0, 120)) await f.accounts.put(account);
});

describe('GET /accounts filters, orders and counts', () => {
  it.each<Record<string, string>>([
    {},
    { order: 'problems' },
    { state: 'failing' },
    { state: 'failing,relink_needed' },
    { state: 'deleted', order: 'problems' },
    { state: 'relink_needed,healthy', order: 'problems' },
    { category: 'crm' },
    { category: 'crm', order: 'problems' },
    { category: 'knowledgebase' },
    { category: 'knowledgebase', state: 'initial_sync', order: 'problems' },
    { integration: 'HUBSPOT' },
    { integration: 'quickbooks-online', order: 'problems' },
    { q: 'customer 1' },
    { q: 'ORIGIN-4', state: 'healthy', order: 'problems' },
    { category: 'hris', integration: 'workday', state: 'paused', order: 'problems' },
  ])(
    '%j: every page, followed to the end, lists exactly the matching accounts once, in order',
    async (query) => {
      const expected = expectedListing(await current(), query);
      const { ids, first } = await everyPage(query);
      expect(ids).toEqual(expected.ids);
      expect(ids.length).toBeGreaterThan(0);
      if (Object.keys(query).length === 0) expect(first).not.toHaveProperty('counts');
      else if ('q' in query) expect(first).toMatchObject({ counts: null, total: null });
      else expect(first).toMatchObject({ counts: expected.counts, total: expected.total });
    },
  );

  it('each account carries its listed state', async () => {
    const { body } = await get({ order: 'problems', page_size: '1000' });
    const byId = new Map((await current()).map((a) => [a.id, a]));
    for (const row of body.results) {
      const account = byId.get(row.id)!;
      const state = account.status === 'DELETED' ? 'deleted' : (account.health?.state ?? 'initial_sync');
      expect(row.state).toBe(state);
    }
  });

  it('counts follow every account write: a state change, a new account, a removal', async () => {
    await f.accounts.update('acct-00003', (a) =>
      a
        ? {
            ...a,
            health: {
              state: 'relink_needed',
              reason: 'token-refused',
              since: new Date().toISOString(),
              history: [],
            },
          }
        : null,
    );
    await f.accounts.put(populationAccount(500));
    await f.accounts.remove('acct-00010');
    const queries: Record<string, string>[] = [
      { order: 'problems' },
      { category: 'ats' },
      { integration: 'box', order: 'problems' },
    ];
    for (const query of queries) {
      const expected = expectedListing(await current(), query);
      expect((await get(query)).body).toMatchObject({ counts: expected.counts, total: expected.total });
    }
    const { ids } = await everyPage({ state: 'relink_needed', order: 'problems' }, 50);
    expect(ids[0]).toBe('acct-00003'); // the newest problem first
  });

  it('refuses what it cannot serve: another order’s cursor, an unknown state, an over-long filter', async () => {
    const problems = (await get({ order: 'problems', page_size: '1' })).body;
    const byId = (await get({ state: 'healthy', page_size: '1' })).body;
    expect((await get({ state: 'healthy', cursor: problems.next! })).status).toBe(400);
    expect((await get({ order: 'problems', cursor: byId.next! })).status).toBe(400);
    expect((await get({ state: 'broken' })).status).toBe(400);
    expect((await get({ category: 'x'.repeat(300) })).status).toBe(400);
  });
});

describe('accounts written by an earlier version, and counts a crash left off', () => {
  const client = () => new DynamoDBClient({ endpoint: f.pipeline.standIns.dynamodbEndpoint });

  it('an account an earlier version wrote is listed by state and counted once `accounts reindex` wrote it again', async () => {
    const dynamodb = client();
    const old = [populationAccount(600), populationAccount(601)];
    for (const account of old) {
      // As versions before the health index wrote it: the document and the accounts index only.
      const { gsi3pk: _pk, gsi3sk: _sk, listedAs: _listed, ...item } = accountItem(account);
      await dynamodb.send(new PutItemCommand({ TableName: f.pipeline.tableName, Item: item }));
    }
    const query = { order: 'problems', q: 'customer 60' };
    expect((await everyPage(query, 50)).ids).not.toContain('acct-00600');
    expect((await get({ order: 'problems' })).body.total).toBe((await current()).length - old.length);

    const summary = await reindexAccounts({ accounts: f.accounts });
    expect(summary.rewritten).toBe(old.length);
    expect((await everyPage(query, 50)).ids).toEqual(expect.arrayContaining(['acct-00600', 'acct-00601']));
    const expected = expectedListing(await current(), { order: 'problems' });
    expect((await get({ order: 'problems' })).body).toMatchObject({
      counts: expected.counts,
      total: expected.total,
    });
    expect((await reindexAccounts({ accounts: f.accounts })).rewritten).toBe(0);
    dynamodb.destroy();
  });

  it('a recount puts right a count that is off, and leaves one an account write changed meanwhile', async () => {
    const dynamodb = client();
    const table = f.pipeline.tableName;
    const add = (shard: number, healthy: number) =>
      dynamodb.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { pk: { S: listingCountsKey(shard, 'ALL').pk }, sk: { S: 'ALL' } },
          UpdateExpression: 'ADD healthy :n, version :one',
          ExpressionAttributeValues: { ':n': { N: String(healthy) }, ':one': { N: '1' } },
        }),
      );
    await add(0, 5); // as if 5 account writes had counted and their accounts never been written
    const expected = expectedListing(await current(), { order: 'problems' });
    expect((await get({ order: 'problems' })).body.counts?.healthy).toBe(expected.counts.healthy + 5);

    const repaired = await f.accounts.recountListing();
    expect(repaired.corrected).toBeGreaterThanOrEqual(1);
    expect(repaired.changedMeanwhile).toBe(0);
    expect((await get({ order: 'problems' })).body.counts).toEqual(expected.counts);

    // An account write lands between the recount's read of a count and its overwrite of it.
    await add(1, 2);
    let raced = false;
    const racing = {
      async send(command: { input: ServiceInputTypes }) {
        if (!raced && command instanceof PutItemCommand) {
          raced = true;
          await add(1, 1);
        }
        return dynamodb.send(command as never);
      },
    } as unknown as DynamoDBClient;
    const result = await recountListing(racing, table);
    expect(result).toMatchObject({ corrected: 0, changedMeanwhile: 1 });
    expect((await get({ order: 'problems' })).body.counts?.healthy).toBe(expected.counts.healthy + 3);
    expect((await f.accounts.recountListing()).corrected).toBe(1);
    expect((await get({ order: 'problems' })).body.counts).toEqual(expected.counts);
    dynamodb.destroy();
  });
});
