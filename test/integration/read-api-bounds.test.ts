import type { LinkedAccount } from '../../shared/core/accounts';
import type { StoredRecord } from '../../shared/core/records';
import { accountSyncState } from '../../shared/read-api/account-state';
import { FEED_LIMITS } from '../../shared/read-api/record-feed';
import { systemClock } from '../../shared/runtime/clock';
import { lambdaContext } from '../../infra/local/lambda-context';
import { httpApiEvent } from '../helpers/events';
import { linkAndSync, useSyncFixture, type SyncFixture } from '../helpers/sync-fixture';
import { defaultModels } from '../helpers/default-models';

/**
 * Every read request does bounded work and answers a bounded response, whatever the table holds:
 * a long run of tombstones, records near DynamoDB's item limit, thousands of accounts.
 */
let f: SyncFixture;
useSyncFixture((started) => (f = started), {
  pipeline: {
    syncConfigOverrides: {
      models: defaultModels('crm.Lead', 'crm.Contact'),
      planRequestsPerMinute: 600,
    },
    feedSettleMs: 0,
  },
});

/** Lambda refuses a synchronous response over 6 MB; this is what the handler hands it. */
const LAMBDA_RESPONSE_LIMIT = 6 * 1024 * 1024;

async function get(path: string, query?: Record<string, string>) {
  const result = await f.pipeline.handlers.readApi(
    httpApiEvent({ method: 'GET', path, ...(query ? { queryStringParameters: query } : {}) }),
    lambdaContext('read-api', 10_000),
  );
  return {
    status: result.statusCode,
    body: JSON.parse(result.body ?? '{}') as Record<string, unknown>,
    responseBytes: Buffer.byteLength(JSON.stringify(result)),
  };
}

type Page = { results: Record<string, unknown>[]; next: string | null; has_more: boolean };

const stored = (accountId: string, i: number, overrides: Partial<StoredRecord> = {}): StoredRecord => ({
  accountId,
  modelId: 'crm.Lead',
  id: `lead-${String(i).padStart(6, '0')}`,
  data: { id: `lead-${String(i).padStart(6, '0')}` },
  contentHash: `h${i}`,
  modifiedAtKey: '',
  deleted: false,
  // Long settled, one millisecond apart: the feed order is the insertion order.
  syncedAt: new Date(Date.UTC(2024, 0, 1) + i).toISOString(),
  ...overrides,
});

describe('read API bounds', () => {
  it('a run of 5,000 tombstones costs each request a few Queries; following `next` reaches the live record', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 0 });
    const tombstones = Array.from({ length: 5000 }, (_, i) => stored(account.id, i, { deleted: true }));
    await f.records.putMany([...tombstones, stored(account.id, 5000)]);

    const path = `/accounts/${account.id}/records/crm.Lead`;
    let query: Record<string, string> = { page_size: '1' };
    const seen: unknown[] = [];
    let requests = 0;
    for (;;) {
      f.dynamoWrites.reset();
      const page = await get(path, query);
      requests++;
      expect(page.status).toBe(200);
      expect(f.dynamoWrites.count('Query')).toBeLessThanOrEqual(FEED_LIMITS.maxQueries);
      const body = page.body as unknown as Page;
      seen.push(...body.results.map((r) => r.id));
      if (!body.has_more) break;
      expect(body.next).not.toBeNull();
      query = { page_size: '1', cursor: body.next! };
      expect(requests).toBeLessThan(50);
    }
    expect(seen).toEqual(['lead-005000']);
    // The consumer moved: its cursor is past every tombstone and the record.
    expect(requests).toBeGreaterThan(1);
  });

  it('a page of large records is cut by size: every response fits Lambda, and paging returns each once', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 0 });
    // Quotes are escaped twice on the way out (the body is JSON inside Lambda's JSON): ~600 KB each.
    const big = (i: number) =>
      stored(account.id, i, { data: { id: `big-${i}`, notes: '"'.repeat(150_000) } });
    await f.records.putMany(Array.from({ length: 20 }, (_, i) => big(i)));

    const path = `/accounts/${account.id}/records/crm.Lead`;
    let query: Record<string, string> = { page_size: '1000' };
    const ids: unknown[] = [];
    for (let pages = 0; ; pages++) {
      const page = await get(path, query);
      expect(page.status).toBe(200);
      expect(page.responseBytes).toBeLessThanOrEqual(LAMBDA_RESPONSE_LIMIT);
      const body = page.body as unknown as Page;
      expect(body.results.length).toBeGreaterThan(0);
      ids.push(...body.results.map((r) => r.id));
      if (!body.has_more) break;
      query = { page_size: '1000', cursor: body.next! };
      expect(pages).toBeLessThan(20);
    }
    expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => `big-${i}`));
  });

  it('GET /accounts is paged (page_size, cursor, next, has_more); the pages add up to every account once', async () => {
    const now = new Date().toISOString();
    const account = (i: number): LinkedAccount => ({
      id: `acct-${String(i).padStart(4, '0')}`,
      category: 'crm',
      status: i % 5 === 0 ? 'DELETED' : 'ACTIVE',
      source: 'import',
      linkedAt: now,
      updatedAt: now,
    });
    for (let i = 0; i < 230; i++) await f.accounts.put(account(i));
    const all = await f.accounts.listAll();

    const first = (await get('/accounts')).body as unknown as Page;
    expect(first.results).toHaveLength(100); // the default page size
    expect(first.has_more).toBe(true);

    const ids: unknown[] = [];
    let query: Record<string, string> = { page_size: '70' };
    for (let pages = 0; ; pages++) {
      const body = (await get('/accounts', query)).body as unknown as Page;
      expect(body.results.length).toBeLessThanOrEqual(70);
      ids.push(...body.results.map((r) => r.id));
      if (!body.has_more) {
        expect(body.next).toBeNull();
        break;
      }
      query = { page_size: '70', cursor: body.next! };
      expect(pages).toBeLessThan(10);
    }
    expect(ids).toEqual(all.map((a) => a.id));
    expect(ids.indexOf('acct-0001')).toBeLessThan(ids.indexOf('acct-0000')); // active ones first
    // Unfiltered pages come from the accounts index, without counts; a filter adds the counts kept
    // per state (read-api-accounts-bounds.test.ts measures each form's work).
    expect(first).not.toHaveProperty('counts');
    const filtered = (await get('/accounts', { category: 'crm', page_size: '5' })).body as unknown as Page & {
      total: number;
    };
    expect(filtered.total).toBe(all.filter((a) => a.category === 'crm').length);
    expect(filtered.results).toHaveLength(5);
  });

  it('sync-state stops counting after its Query budget and says so (records: null, records_truncated)', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 0 });
    // About 2 MB of leads: counting them takes more than one Query.
    const padded = (i: number) => stored(account.id, i, { data: { id: `p-${i}`, notes: 'x'.repeat(2000) } });
    await f.records.putMany(Array.from({ length: 1000 }, (_, i) => padded(i)));
    const deps = {
      accounts: f.accounts,
      states: f.states,
      records: f.records,
      settings: f.pipeline.config.engine.settings,
      clock: systemClock,
    };
    const budgeted = await accountSyncState(deps, account.id, { countRecords: true, maxCountQueries: 1 });
    expect(budgeted?.records_truncated).toBe(true);
    expect(budgeted?.models.find((m) => m.model_id === 'crm.Lead')?.records).toBeNull();
    const unbounded = await accountSyncState(deps, account.id, { countRecords: true });
    expect(unbounded?.records_truncated).toBe(false);
    expect(unbounded?.models.find((m) => m.model_id === 'crm.Lead')?.records).toBe(1000);
  });
});

describe('read API input, parsed strictly', () => {
  let base: string;
  beforeAll(async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 3 });
    base = `/accounts/${account.id}/records/crm.Lead`;
  });

  it.each(['1e3', '0x10', '  5', '5 ', '-1', '+5', '5.0', '', '0', '1001', '99999999999', '٥'])(
    'page_size=%j is a 400 on the feed and on /accounts',
    async (value) => {
      for (const path of [base, '/accounts']) {
        const answer = await get(path, { page_size: value });
        expect(answer).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^page_size /) } });
      }
    },
  );

  it.each(['1', '5', '05', '1000'])('page_size=%j is served', async (value) => {
    expect((await get(base, { page_size: value })).status).toBe(200);
    expect((await get('/accounts', { page_size: value })).status).toBe(200);
  });

  const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  it.each([
    ['not base64url', 'a+b/c='],
    ['too long', 'A'.repeat(5000)],
    ['not an array', cursor({ a: 1 })],
    ['the wrong length', cursor(['2024-01-01T00:00:00.000Z'])],
    ['not strings', cursor([1, 2])],
    ['an over-long key', cursor(['2024-01-01T00:00:00.000Z', 'x'.repeat(1500)])],
    ['a lone surrogate', cursor(['2024-01-01T00:00:00.000Z', '\ud800'])],
  ])('a cursor that is %s is a 400, never a 5xx', async (_what, value) => {
    for (const path of [base, '/accounts']) {
      expect(await get(path, { cursor: value })).toMatchObject({
        status: 400,
        body: { error: 'cursor is not a cursor this API returned' },
      });
    }
  });

  it.each([
    ['a bad percent-escape', '/accounts/%zz'],
    ['a truncated escape', '/accounts/abc%E0%A4%A'],
    ['an encoded lone surrogate', '/accounts/%ED%A0%80/sync-state'],
    ['a segment over 256 bytes', `/accounts/${'a'.repeat(257)}`],
    ['an over-long record id', `/accounts/acct/records/crm.Lead/${'é'.repeat(200)}`],
  ])('a path with %s is a 400', async (_what, path) => {
    expect((await get(path)).status).toBe(400);
  });
});
