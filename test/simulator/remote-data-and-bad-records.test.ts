// merge-api.md §12: record webhooks may not carry remote_data while lists with include_remote_data=true
// do; remote_data is the third party's unnormalized data (zone-less timestamps such as
// "2021-03-30T20:44:18", keys like `__proto__` and `constructor`); and records an engine must survive,
// injectable on request: nested 20,000 levels deep, over 400 KB, not a Common Model object.
import { DEFAULT_DEPTH } from '../../infra/local/merge-simulator/bad-records';
import { startHarness } from './helpers';
import type { Harness, Json, Page } from './helpers';

const depthOf = (value: unknown): number => {
  let depth = 0;
  let cur = value;
  while (cur !== null && typeof cur === 'object') {
    depth++;
    cur = (cur as { a?: unknown }).a;
  }
  return depth;
};

describe('merge simulator: remote_data and bad records (api §12)', () => {
  let h: Harness;
  afterEach(async () => {
    await h.sim.close();
  });

  test('record webhooks carry no remote_data; include_remote_data=true lists do, with zone-less third-party times', async () => {
    h = await startHarness();
    const account = h.sim.linkAccount({ category: 'hris' });
    const [employee] = h.sim.seedRecords(account.id, 'hris.Employee', 1);
    const event = h.sim.changedDataEvent(account.id, 'hris.Employee', employee?.id ?? '', 'changed');
    expect(event.data).not.toHaveProperty('remote_data');
    const list = await h.json<Page>('/hris/v1/employees?include_remote_data=true', {
      token: account.accountToken,
    });
    const remote = list.body.results[0]?.remote_data as { path: string; data: Json }[];
    expect(remote[0]?.path).toBe('/people');
    expect(remote[0]?.data.lastModifiedLocal).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
  });

  test('remoteDataHostileKeys: `__proto__` and `constructor` arrive as plain own keys of remote_data', async () => {
    h = await startHarness({ remoteDataHostileKeys: true });
    const account = h.sim.linkAccount({ category: 'crm' });
    h.sim.seedRecords(account.id, 'crm.Lead', 1);
    const res = await h.call('/crm/v1/leads?include_remote_data=true', { token: account.accountToken });
    const text = await res.text();
    expect(text).toContain('"__proto__":{"isAdmin":true}');
    expect(text).toContain('"constructor":{"prototype":{"polluted":true}}');
    const data = (JSON.parse(text) as Page).results[0]?.remote_data as { data: Json }[];
    expect(Object.keys(data[0]?.data ?? {})).toEqual(expect.arrayContaining(['__proto__', 'constructor']));
    // The simulator's own copies keep them as data too.
    const stored = h.sim.records(account.id, 'crm.Lead')[0]?.remote_data as { data: Json }[];
    expect(Object.getPrototypeOf(stored[0]?.data)).toBe(Object.prototype);
    expect(JSON.stringify(stored)).toContain('"__proto__"');
  });

  test('a record nested 20,000 levels deep is served in pages, retrieves and webhooks', async () => {
    h = await startHarness();
    const account = h.sim.linkAccount({ category: 'hris' });
    h.sim.seedRecords(account.id, 'hris.Employee', 2);
    const stub = h.sim.injectBadRecord(account.id, 'hris.Employee', 'deep');
    const token = account.accountToken;
    const list = await h.call('/hris/v1/employees', { token });
    const page = JSON.parse(await list.text()) as Page; // JSON.parse copes; JSON.stringify would not
    expect(page.results.map((r) => r.id)).toEqual([
      ...h.sim.records(account.id, 'hris.Employee').map((r) => r.id),
      stub.id,
    ]);
    expect(depthOf(page.results[2]?.field_mappings)).toBe(DEFAULT_DEPTH);
    const one = JSON.parse(await (await h.call(`/hris/v1/employees/${stub.id}`, { token })).text()) as Json;
    expect(one.first_name).toEqual(expect.any(String));
    const hook = h.sim.changedDataRequest(account.id, 'hris.Employee', stub.id, 'added');
    expect(hook.event).toBe('Employee.added');
    expect(hook.signature).toBe(h.sim.sign(hook.body));
    expect((JSON.parse(hook.body) as { data: Json }).data.id).toBe(stub.id);
    expect(h.sim.records(account.id, 'hris.Employee')).toHaveLength(2);
  });

  test('a record over 400 KB, and a results element that is not a Common Model object', async () => {
    h = await startHarness();
    const account = h.sim.linkAccount({ category: 'ticketing' });
    const huge = h.sim.injectBadRecord(account.id, 'ticketing.Ticket', 'huge');
    expect(Buffer.byteLength(JSON.stringify(huge))).toBeGreaterThan(400 * 1024);
    const odd = h.sim.injectBadRecord(account.id, 'ticketing.Ticket', 'not-an-object');
    const custom = h.sim.injectBadRecord(account.id, 'ticketing.Ticket', 'not-an-object', { body: '[1,2]' });
    const res = await h.json<Page>('/ticketing/v1/tickets', { token: account.accountToken });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r) => (typeof r === 'object' && !Array.isArray(r) ? r.id : r))).toEqual([
      huge.id,
      'Varies by platform',
      [1, 2],
    ]);
    const hook = h.sim.changedDataRequest(account.id, 'ticketing.Ticket', odd.id, 'changed');
    expect((JSON.parse(hook.body) as { data: unknown }).data).toBe('Varies by platform');
    expect(() => h.sim.changedDataEvent(account.id, 'ticketing.Ticket', custom.id, 'changed')).toThrow();
    expect(() =>
      h.sim.injectBadRecord(account.id, 'ticketing.Ticket', 'not-an-object', { body: '{' }),
    ).toThrow();
  });
});
