import type { SimAccount } from '../../infra/local/merge-simulator';
import { API_KEY, startHarness, type Harness, type Json, type Page } from './helpers';

// merge-common-models §2.0, §3 and merge-api.md §12 "Writes": POST/PATCH with `{"model": {...}}`,
// ATS `remote_user_id`, `{model, warnings, errors, logs}`, `meta/post` and `meta/patch/{id}`, and the
// beta `Idempotency-Key` kept 24 h.

let h: Harness;
beforeEach(async () => (h = await startHarness()));
afterEach(() => h.sim.close());

async function write(
  account: SimAccount,
  method: 'POST' | 'PATCH',
  path: string,
  body: unknown,
  key?: string,
): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${h.sim.baseUrl}/${account.category}/v1/${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${API_KEY}`,
      'X-Account-Token': account.accountToken,
      'Content-Type': 'application/json',
      ...(key ? { 'Idempotency-Key': key } : {}),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
}

describe('simulator writes', () => {
  it('creates a ticket (201 with the record in read shape) that a list then shows with a new modified_at', async () => {
    const account = h.sim.linkAccount({ category: 'ticketing' });
    h.clock.advance(60_000);
    const created = await write(account, 'POST', 'tickets', {
      model: { name: 'Finding 123', priority: 'HIGH' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ warnings: [], errors: [], logs: [] });
    const model = created.body.model as Json;
    expect(model).toMatchObject({ name: 'Finding 123', priority: 'HIGH', remote_was_deleted: false });
    expect(model).not.toHaveProperty('remote_data');
    const list = await h.json<Page>('/ticketing/v1/tickets', { token: account.accountToken });
    const listed = list.body.results.find((r) => r.id === model.id);
    expect(listed).toEqual(model);
    expect(Date.parse(String(model.modified_at))).toBeGreaterThanOrEqual(h.clock.now());
  });

  it('updates with PATCH (200) and moves modified_at; an unknown id is 404', async () => {
    const account = h.sim.linkAccount({ category: 'crm' });
    const [contact] = h.sim.seedRecords(account.id, 'crm.Contact', 1);
    h.clock.advance(1000);
    const updated = await write(account, 'PATCH', `contacts/${String(contact!.id)}`, {
      model: { first_name: 'Ada' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.model).toMatchObject({ id: contact!.id, first_name: 'Ada' });
    expect(String((updated.body.model as Json).modified_at) > String(contact!.modified_at)).toBe(true);
    expect((await write(account, 'PATCH', 'contacts/nope', { model: { first_name: 'x' } })).status).toBe(404);
    // A model without PATCH answers 405.
    expect((await write(account, 'PATCH', `leads/x`, { model: {} })).status).toBe(405);
  });

  it("refuses a write missing what meta says is required: 400 with Merge's MISSING_REQUIRED_FIELD errors", async () => {
    const account = h.sim.linkAccount({ category: 'ticketing' });
    const meta = await h.json('/ticketing/v1/tickets/meta/post', { token: account.accountToken });
    expect(meta.status).toBe(200);
    expect(meta.body).toMatchObject({
      request_schema: { properties: { model: { required: ['name'] } } },
      status: { can_make_request: true },
    });
    const refused = await write(account, 'POST', 'tickets', { model: { priority: 'LOW' } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ problem_type: 'MISSING_REQUIRED_FIELD', source: { pointer: '/model/name' } }),
    ]);
    h.sim.writes.setRequiredFields('ticketing.Ticket', 'post', ['name', 'due_date']);
    const stricter = await h.json('/ticketing/v1/tickets/meta/post', { token: account.accountToken });
    expect(stricter.body).toMatchObject({
      request_schema: { properties: { model: { required: ['name', 'due_date'] } } },
    });
    expect(h.sim.records(account.id, 'ticketing.Ticket')).toHaveLength(0);
  });

  it('ATS writes need remote_user_id; meta says so at the request level', async () => {
    const account = h.sim.linkAccount({ category: 'ats' });
    const meta = await h.json('/ats/v1/candidates/meta/post', { token: account.accountToken });
    expect(meta.body).toMatchObject({ request_schema: { required: ['model', 'remote_user_id'] } });
    const missing = await write(account, 'POST', 'candidates', {
      model: { first_name: 'A', last_name: 'B' },
    });
    expect(missing.status).toBe(400);
    const created = await write(account, 'POST', 'candidates', {
      model: { first_name: 'A', last_name: 'B' },
      remote_user_id: 'user-1',
    });
    expect(created.status).toBe(201);
    // A candidate created through the API has only the applications it names.
    expect((created.body.model as Json).applications).toEqual([]);
  });

  it('honours an Idempotency-Key for 24 hours: a replay answers the first answer and applies nothing', async () => {
    const account = h.sim.linkAccount({ category: 'filestorage' });
    const first = await write(account, 'POST', 'folders', { model: { name: 'Reports' } }, 'key-1');
    const again = await write(account, 'POST', 'folders', { model: { name: 'Reports' } }, 'key-1');
    expect(first.status).toBe(201);
    expect(again).toEqual(first);
    expect(h.sim.writes.appliedWrites({ accountId: account.id })).toHaveLength(1);
    h.clock.advance(24 * 3600_000 + 1);
    const later = await write(account, 'POST', 'folders', { model: { name: 'Reports' } }, 'key-1');
    expect((later.body.model as Json).id).not.toEqual((first.body.model as Json).id);
  });

  it('"applied but answered 500": the write is applied once; the retry with its key gets the first answer', async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    h.sim.writes.injectAppliedButFailed({ match: { modelId: 'hris.TimeOff' } });
    const body = {
      model: { employee: 'e1', start_time: '2026-01-05T00:00:00Z', end_time: '2026-01-06T00:00:00Z' },
    };
    const failed = await write(account, 'POST', 'time-off', body, 'k');
    expect(failed.status).toBe(500);
    const retried = await write(account, 'POST', 'time-off', body, 'k');
    expect(retried.status).toBe(201);
    expect(h.sim.writes.appliedWrites({ accountId: account.id, modelId: 'hris.TimeOff' })).toHaveLength(1);
    expect(h.sim.writes.replays).toBe(1);
  });

  it('writes count against the account rate limit and need the account token', async () => {
    const limited = await startHarness({ rateLimitPerMinute: 2 });
    try {
      const account = limited.sim.linkAccount({ category: 'ticketing' });
      const res = (n: string) =>
        fetch(`${limited.sim.baseUrl}/ticketing/v1/tickets`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${API_KEY}`, 'X-Account-Token': account.accountToken },
          body: JSON.stringify({ model: { name: n } }),
        }).then((r) => r.status);
      expect([await res('a'), await res('b'), await res('c')]).toEqual([201, 201, 429]);
      const anonymous = await fetch(`${limited.sim.baseUrl}/ticketing/v1/tickets`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${API_KEY}` },
        body: '{}',
      });
      expect(anonymous.status).toBe(401);
    } finally {
      await limited.sim.close();
    }
  });

  it('a body that is not JSON is a 400; meta/patch of an unknown record is 404', async () => {
    const account = h.sim.linkAccount({ category: 'ticketing' });
    expect((await write(account, 'POST', 'tickets', '{not json')).status).toBe(400);
    expect(
      (await h.json('/ticketing/v1/tickets/meta/patch/nope', { token: account.accountToken })).status,
    ).toBe(404);
  });
});
