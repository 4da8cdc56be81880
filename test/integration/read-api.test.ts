import { READ_ROUTES } from '../../infra/aws/constructs/read-api';
import { ROUTES } from '../../shared/read-api/routes';
import { purgeAccountNow } from '../../shared/operations/account-admin';
import { httpApiEvent } from '../helpers/events';
import { operatorDeps } from '../helpers/operator-target';
import { lambdaContext } from '../../infra/local/lambda-context';
import { linkAndSync, useSyncFixture, type SyncFixture } from '../helpers/sync-fixture';
import { defaultModels } from '../helpers/default-models';

let f: SyncFixture;
// The feed serves records once they are older than its settle window; 0 here so tests need not wait.
useSyncFixture((started) => (f = started), {
  pipeline: {
    syncConfigOverrides: {
      models: defaultModels('hris.Employee', 'hris.Employment', 'crm.Lead', 'crm.Contact'),
      planRequestsPerMinute: 600,
    },
    feedSettleMs: 0,
  },
});

async function get(path: string, query?: Record<string, string>) {
  const result = await f.pipeline.handlers.readApi(
    httpApiEvent({ method: 'GET', path, ...(query ? { queryStringParameters: query } : {}) }),
    lambdaContext('read-api', 10_000),
  );
  return {
    status: result.statusCode,
    body: JSON.parse(result.body ?? '{}') as Record<string, unknown>,
    raw: result.body ?? '',
  };
}

type FeedPage = { results: Record<string, unknown>[]; next: string | null; has_more: boolean };
const feed = async (accountId: string, query: Record<string, string> = {}) =>
  (await get(`/accounts/${accountId}/records/crm.Lead`, query)).body as unknown as FeedPage;

describe('read API', () => {
  it('pages the feed in (syncedAt, id) order; a stored `next` later yields exactly what changed', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 45 });
    const seen: Record<string, unknown>[] = [];
    let page = await feed(account.id, { page_size: '20' });
    seen.push(...page.results);
    while (page.has_more) {
      page = await feed(account.id, { page_size: '20', cursor: page.next! });
      seen.push(...page.results);
    }
    expect(seen).toHaveLength(45);
    const keys = seen.map((r) => `${(r._sync as { synced_at: string }).synced_at}#${String(r.id)}`);
    expect([...keys].sort()).toEqual(keys);
    const stored = page.next!;
    expect(await feed(account.id, { cursor: stored })).toEqual({
      results: [],
      next: stored,
      has_more: false,
    });

    const leads = f.sim.records(account.id, 'crm.Lead');
    f.sim.updateRecord(account.id, 'crm.Lead', String(leads[3]!.id));
    f.sim.deleteRecord(account.id, 'crm.Lead', String(leads[4]!.id));
    f.sim.runSync(account.id, { result: 'DONE' });
    await f.postWebhook(f.sim.modelSyncedEvent(account.id, 'crm.Lead'));
    await f.pipeline.drain();
    const later = await feed(account.id, { cursor: stored });
    expect(later.results.map((r) => r.id)).toEqual([leads[3]!.id]); // deleted ones only when asked
    const withDeleted = await feed(account.id, { cursor: stored, include_deleted: 'true' });
    expect(withDeleted.results.map((r) => r.id).sort()).toEqual([leads[3]!.id, leads[4]!.id].sort());
    expect(withDeleted.results.find((r) => r.id === leads[4]!.id)?._sync).toMatchObject({ deleted: true });
  });

  it("fills a page past DynamoDB's 1 MB per Query and says has_more only when there is more", async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 0 });
    // 600 leads of about 3 KB: one Query returns about a third of them.
    for (let i = 0; i < 600; i++)
      f.sim.addRecord(account.id, 'crm.Lead', { remote_data: null, title: 'x'.repeat(3000) });
    f.sim.runSync(account.id, { result: 'DONE' });
    await f.postWebhook(f.sim.modelSyncedEvent(account.id, 'crm.Lead'));
    await f.pipeline.drain();
    const first = await feed(account.id, { page_size: '500' });
    expect({ results: first.results.length, has_more: first.has_more }).toEqual({
      results: 500,
      has_more: true,
    });
    const rest = await feed(account.id, { page_size: '500', cursor: first.next! });
    expect({ results: rest.results.length, has_more: rest.has_more }).toEqual({
      results: 100,
      has_more: false,
    });
  });

  it('shows accounts and per-model sync state, never a token', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 3 });
    const accounts = await get('/accounts');
    expect(accounts.status).toBe(200);
    expect(accounts.body.results).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: account.id, status: 'ACTIVE' })]),
    );
    const state = await get(`/accounts/${account.id}/sync-state`);
    expect(state.status).toBe(200);
    const models = state.body.models as {
      model_id: string;
      merge_status: string;
      cursor: string;
      lag_seconds: number;
    }[];
    expect(models.map((m) => m.model_id).sort()).toEqual(['crm.Contact', 'crm.Lead']);
    expect(models.find((m) => m.model_id === 'crm.Lead')).toMatchObject({
      merge_status: 'DONE',
      lag_seconds: 0,
    });
    for (const secret of f.secrets()) {
      expect(accounts.raw).not.toContain(secret);
      expect(state.raw).not.toContain(secret);
    }
  });

  it('GET /accounts/{id} and one record: 200 with what the feed shows, 404 with a JSON error, never a token', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 3 });
    const one = await get(`/accounts/${account.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      id: account.id,
      category: 'crm',
      integration: 'Salesforce',
      end_user_organization_name: 'Acme Corp',
      status: 'ACTIVE',
      plan_requests_per_minute: 600,
    });
    const [lead, gone] = f.sim.records(account.id, 'crm.Lead');
    const record = await get(`/accounts/${account.id}/records/crm.Lead/${String(lead!.id)}`);
    expect(record.status).toBe(200);
    expect(record.body).toMatchObject({ id: lead!.id, _sync: { deleted: false } });
    expect(record.body).toEqual((await feed(account.id)).results.find((r) => r.id === lead!.id));
    // A deleted record is answered as the tombstone it is.
    f.sim.deleteRecord(account.id, 'crm.Lead', String(gone!.id));
    f.sim.runSync(account.id, { result: 'DONE' });
    await f.postWebhook(f.sim.modelSyncedEvent(account.id, 'crm.Lead'));
    await f.pipeline.drain();
    const tombstone = await get(`/accounts/${account.id}/records/crm.Lead/${String(gone!.id)}`);
    expect(tombstone.body).toMatchObject({ id: gone!.id, _sync: { deleted: true } });
    for (const secret of f.secrets()) expect(one.raw + record.raw).not.toContain(secret);

    expect(await get('/accounts/nope')).toMatchObject({
      status: 404,
      body: { error: 'account nope not found' },
    });
    expect(await get(`/accounts/${account.id}/records/crm.Lead/nope`)).toMatchObject({
      status: 404,
      body: { error: 'record nope of crm.Lead not found' },
    });
    expect((await get(`/accounts/${account.id}/records/hris.Employee/${String(lead!.id)}`)).status).toBe(404);
    // An unknown model id, or one of another category, is a 404 naming the valid ids: never an empty feed.
    const misspelled = await get(`/accounts/${account.id}/records/crm.lead`);
    expect(misspelled).toMatchObject({
      status: 404,
      body: { error: 'model crm.lead not found for this crm account; did you mean crm.Lead?' },
    });
    const valid = (misspelled.body as { valid_model_ids: string[] }).valid_model_ids;
    expect(valid).toEqual(expect.arrayContaining(['crm.Lead', 'crm.Opportunity', 'crm.Account']));
    expect(valid.every((id) => id.startsWith('crm.'))).toBe(true);
    expect(misspelled.body).toMatchObject({ synced_model_ids: ['crm.Lead', 'crm.Contact'] });
    const otherCategory = await get(`/accounts/${account.id}/records/hris.Employee`);
    expect(otherCategory).toMatchObject({ status: 404, body: { valid_model_ids: valid } });
  });

  it('sync-state counts the live records of each model exactly, hris.Employment synced in its own right', async () => {
    const account = await linkAndSync(f, 'hris', { 'hris.Employee': 7 });
    const employees = f.sim.records(account.id, 'hris.Employee');
    f.sim.deleteRecord(account.id, 'hris.Employee', String(employees[0]!.id));
    f.sim.runSync(account.id, { result: 'DONE' });
    await f.postWebhook(f.sim.modelSyncedEvent(account.id, 'hris.Employee'));
    await f.pipeline.drain();
    const employments = (await f.storedRecords(account.id, 'hris.Employment')).filter((r) => !r.deleted);
    expect(employments.length).toBeGreaterThan(0);
    const state = await get(`/accounts/${account.id}/sync-state`);
    expect(state.body.models).toEqual([
      expect.objectContaining({ model_id: 'hris.Employee', records: 6 }),
      expect.objectContaining({ model_id: 'hris.Employment', records: employments.length }),
    ]);
    const uncounted = await get(`/accounts/${account.id}/sync-state`, { records: 'false' });
    expect(uncounted.body.models).toEqual([
      expect.objectContaining({ model_id: 'hris.Employee', records: null }),
      expect.objectContaining({ model_id: 'hris.Employment', records: null }),
    ]);
  });

  it('after a purge: the account answers DELETED, its feed is empty (no tombstones), its records are gone', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 4 });
    const lead = String(f.sim.records(account.id, 'crm.Lead')[0]!.id);
    const stored = (await feed(account.id)).next!;
    await purgeAccountNow(operatorDeps(f), account.id, () => undefined);
    expect((await get(`/accounts/${account.id}`)).body).toMatchObject({
      status: 'DELETED',
      deleted_at: expect.any(String),
    });
    expect(await feed(account.id, { cursor: stored, include_deleted: 'true' })).toEqual({
      results: [],
      next: stored,
      has_more: false,
    });
    expect(await feed(account.id, { include_deleted: 'true' })).toMatchObject({
      results: [],
      has_more: false,
    });
    expect((await get(`/accounts/${account.id}/records/crm.Lead/${lead}`)).status).toBe(404);
    expect((await get(`/accounts/${account.id}/sync-state`)).body.models).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ model_id: 'crm.Lead', records: null, cursor: null }),
      ]),
    );
  });

  it.each([
    ['/accounts/nope/sync-state', 404],
    ['/accounts/nope/records/crm.Lead', 404],
    ['/nothing-here', 404],
  ])('GET %s → %i', async (path, status) => {
    expect((await get(path)).status).toBe(status);
  });

  it('refuses a query parameter a route does not take, naming it and the accepted ones', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 1 });
    expect(await get(`/accounts/${account.id}/records/crm.Lead`, { pagesize: '3' })).toMatchObject({
      status: 400,
      body: {
        error:
          'unknown query parameter "pagesize" for /accounts/{accountId}/records/{modelId}; accepted: page_size, cursor, include_deleted',
      },
    });
    expect(await get('/accounts', { status: 'ACTIVE' })).toMatchObject({
      status: 400,
      body: {
        error:
          'unknown query parameter "status" for /accounts; accepted: page_size, cursor, state, category, integration, q, order',
      },
    });
    expect((await get(`/accounts/${account.id}/sync-state`, { records: 'maybe' })).status).toBe(400);
  });

  it('serves exactly the routes the stack deploys', () => {
    expect(ROUTES.map((r) => r.pattern)).toEqual(READ_ROUTES);
  });

  it('refuses bad feed parameters with 400 and a model of another category with 404', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 1 });
    const base = `/accounts/${account.id}/records/crm.Lead`;
    expect((await get(base, { page_size: '0' })).status).toBe(400);
    expect((await get(base, { page_size: 'many' })).status).toBe(400);
    expect((await get(base, { cursor: 'not-a-cursor' })).status).toBe(400);
    expect((await get(base, { include_deleted: 'yes' })).status).toBe(400);
    expect((await get(`/accounts/${account.id}/records/hris.Employee`)).status).toBe(404);
    const post = await f.pipeline.handlers.readApi(
      httpApiEvent({ method: 'POST', path: '/accounts' }),
      lambdaContext('read-api', 1000),
    );
    expect(post.statusCode).toBe(405);
  });
});
