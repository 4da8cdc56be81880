import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { accountItem } from '../../shared/store/dynamodb/account-item';
import { batchWriteAll } from '../../shared/store/dynamodb/batch';
import { lambdaContext } from '../../infra/local/lambda-context';
import { tokenSealer } from '../../shared/runtime/deps/sync-deps';
import { listAccountsPage } from '../../shared/read-api/accounts-page';
import { ACCOUNT_LISTING_LIMITS } from '../../shared/read-api/listing-limits';
import { DynamoAccountStore } from '../../shared/store/dynamodb/account-store';
import { expectedListing, population } from '../helpers/account-population';
import { httpApiEvent } from '../helpers/events';
import { useSyncFixture, type SyncFixture } from '../helpers/sync-fixture';

/**
 * Every form of GET /accounts does bounded work: the DynamoDB requests and the account items read
 * per request are measured (through the counting proxy in front of dynalite) at 30, 300 and 3,000
 * accounts. Served from an index, a page reads about a page per category partition, at any count;
 * a filter no index answers reads at most its budget per request (shown with small limits).
 */
let f: SyncFixture;
useSyncFixture((started) => (f = started));

const PAGE_SIZE = 10;
/** Partitions a listing of every category merges: six synced categories and the others'. */
const BUCKETS = 7;

/** Each form, and how many key ranges of the health index it reads (its states; 1 for all). */
const FORMS: { name: string; query: Record<string, string>; indexed: boolean; ranges: number }[] = [
  { name: 'no filter', query: {}, indexed: true, ranges: 1 },
  { name: 'order=problems', query: { order: 'problems' }, indexed: true, ranges: 1 },
  { name: 'state, problems', query: { state: 'failing', order: 'problems' }, indexed: true, ranges: 1 },
  {
    name: 'two states, problems',
    query: { state: 'failing,paused', order: 'problems' },
    indexed: true,
    ranges: 2,
  },
  { name: 'category, problems', query: { category: 'crm', order: 'problems' }, indexed: true, ranges: 1 },
  {
    name: 'category+state, problems',
    query: { category: 'crm', state: 'healthy', order: 'problems' },
    indexed: true,
    ranges: 1,
  },
  {
    name: 'integration, problems',
    query: { integration: 'hubspot', order: 'problems' },
    indexed: false,
    ranges: 1,
  },
  { name: 'q, problems', query: { q: 'customer 2', order: 'problems' }, indexed: false, ranges: 1 },
  { name: 'state (by id)', query: { state: 'failing' }, indexed: false, ranges: 1 },
  { name: 'category (by id)', query: { category: 'crm' }, indexed: false, ranges: 1 },
  { name: 'integration (by id)', query: { integration: 'hubspot' }, indexed: false, ranges: 1 },
  { name: 'q (by id)', query: { q: 'customer 2' }, indexed: false, ranges: 1 },
];

interface Work {
  requests: number;
  queries: number;
  itemsRead: number;
}

async function measure(query: Record<string, string>): Promise<Work> {
  f.dynamoWrites.reset();
  const result = await f.pipeline.handlers.readApi(
    httpApiEvent({
      method: 'GET',
      path: '/accounts',
      queryStringParameters: { ...query, page_size: String(PAGE_SIZE) },
    }),
    lambdaContext('read-api', 10_000),
  );
  expect(result.statusCode).toBe(200);
  const counts = f.dynamoWrites.counts();
  return {
    requests: Object.values(counts).reduce((a, b) => a + b, 0),
    queries: f.dynamoWrites.count('Query'),
    itemsRead: f.dynamoWrites.itemsRead(),
  };
}

const measured: Record<string, Record<number, Work>> = {};

async function measureAll(accounts: number) {
  for (const form of FORMS) (measured[form.name] ??= {})[accounts] = await measure(form.query);
}

afterAll(() => {
  // The numbers behind the bounds (docs/read-api.md#limits cites them); test/artifacts is not committed.
  const dir = join(__dirname, '..', 'artifacts');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'read-api-accounts-work.json'), `${JSON.stringify(measured, null, 2)}\n`);
});

describe('GET /accounts: the work per request does not grow with the accounts', () => {
  beforeAll(async () => {
    for (const account of population(0, 30)) await f.accounts.put(account);
    await measureAll(30);
    for (const account of population(30, 300)) await f.accounts.put(account);
    await measureAll(300);
    // 2,700 more written as the store writes them, in batches, and counted by a recount.
    const client = new DynamoDBClient({ endpoint: f.pipeline.standIns.dynamodbEndpoint });
    const items = population(300, 3000).map((account) => ({ PutRequest: { Item: accountItem(account) } }));
    await batchWriteAll(client, f.pipeline.tableName, items);
    await f.accounts.recountListing();
    client.destroy();
    await measureAll(3000);
  }, 300_000);

  it.each(FORMS.filter((form) => form.indexed))(
    '$name: served from an index, about a page per partition at 30, 300 and 3,000 accounts',
    ({ name, query, ranges }) => {
      const partitions = 'category' in query ? 1 : BUCKETS;
      // A Query per partition and range (and one more range to see whether more follow), at most
      // a page and one more account each, and the counts (one BatchGetItem of 4 items).
      const maxQueries = partitions * (ranges + 1);
      const maxItems = maxQueries * (PAGE_SIZE + 1) + 4;
      for (const accounts of [30, 300, 3000]) {
        const work = measured[name]![accounts]!;
        expect(work.queries).toBeLessThanOrEqual(maxQueries);
        expect(work.requests).toBeLessThanOrEqual(maxQueries + 1);
        expect(work.itemsRead).toBeLessThanOrEqual(maxItems);
      }
      // Reading every account, as before, would have read all 300; and 3,000 reads what 300 did.
      expect(maxItems).toBeLessThan(300);
      expect(measured[name]![3000]!.requests).toBe(measured[name]![300]!.requests);
    },
  );

  it.each(FORMS.filter((form) => !form.indexed))(
    '$name: tested on the accounts read, within the read budget at 30, 300 and 3,000 accounts',
    ({ name }) => {
      for (const accounts of [30, 300, 3000]) {
        const work = measured[name]![accounts]!;
        expect(work.queries).toBeLessThanOrEqual(ACCOUNT_LISTING_LIMITS.maxQueries);
        expect(work.itemsRead).toBeLessThanOrEqual(ACCOUNT_LISTING_LIMITS.maxTestedReads + 4);
      }
    },
  );

  it.each(FORMS.filter((form) => !form.indexed))(
    '$name, with a read budget of 40: each request reads at most 40 accounts, and the pages add up to every match',
    async ({ query }) => {
      const client = new DynamoDBClient({ endpoint: f.dynamoWrites.endpoint });
      const accounts = new DynamoAccountStore(
        client,
        f.pipeline.tableName,
        tokenSealer(undefined, undefined),
      );
      const limits = { ...ACCOUNT_LISTING_LIMITS, maxTestedReads: 40, testedQueryLimit: 20 };
      const ids: string[] = [];
      let cursor: string | undefined;
      for (let requests = 0; ; requests++) {
        expect(requests).toBeLessThan(400); // 3,000 accounts, 40 a request
        f.dynamoWrites.reset();
        const paging = { page_size: String(PAGE_SIZE), ...(cursor ? { cursor } : {}) };
        const page = await listAccountsPage({ accounts }, { ...query, ...paging }, limits);
        // The accounts read, and the counts' 4 items.
        expect(f.dynamoWrites.itemsRead()).toBeLessThanOrEqual(40 + 4);
        ids.push(...page.results.map((r) => r.id));
        if (!page.has_more) break;
        cursor = page.next!;
      }
      const everyAccount = (await f.accounts.listAll()).filter((a) => a.id.startsWith('acct-'));
      expect(ids).toEqual(expectedListing(everyAccount, query).ids);
      client.destroy();
    },
  );
});
