// Reference section 3: modified/created filters, include_deleted_data, include_remote_data, expand (CSV,
// repeated param: last wins), remote_id, show_enum_origins.
import { formatMicros, parseIsoToMicros } from '../../infra/local/merge-simulator/time';
import { ISO_MICROS, ids, startHarness } from './helpers';
import type { Harness, Json, Page } from './helpers';

function shift(iso: string, micros: number): string {
  return formatMicros((parseIsoToMicros(iso) ?? NaN) + micros);
}

describe('merge simulator: list filters', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.sim.close();
  });

  const list = async (token: string, path: string): Promise<Page> => {
    const res = await h.json<Page>(path, { token });
    if (res.status !== 200) throw new Error(`${path} -> ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  test('modified_after is strictly after; modified_before strictly before', async () => {
    const account = h.sim.linkAccount({ category: 'ticketing' });
    const [a, b, c] = h.sim.seedRecords(account.id, 'ticketing.Ticket', 3);
    if (!a || !b || !c) throw new Error('seed');
    expect(b.modified_at).toMatch(ISO_MICROS);
    const q = (name: string, value: string): string =>
      `/ticketing/v1/tickets?${name}=${encodeURIComponent(value)}`;
    expect(ids((await list(account.accountToken, q('modified_after', b.modified_at))).results)).toEqual([
      c.id,
    ]);
    expect(
      ids((await list(account.accountToken, q('modified_after', shift(b.modified_at, -1)))).results),
    ).toEqual([b.id, c.id]);
    expect(ids((await list(account.accountToken, q('modified_before', b.modified_at))).results)).toEqual([
      a.id,
    ]);
    expect(ids((await list(account.accountToken, q('created_after', a.created_at))).results)).toEqual([
      b.id,
      c.id,
    ]);
    expect(ids((await list(account.accountToken, q('created_before', c.created_at))).results)).toEqual([
      a.id,
      b.id,
    ]);
  });

  test('an update moves a record past modified_after even when the clock stands still', async () => {
    const account = h.sim.linkAccount({ category: 'ticketing' });
    const [a, b] = h.sim.seedRecords(account.id, 'ticketing.Ticket', 2);
    if (!a || !b) throw new Error('seed');
    const mark = b.modified_at;
    const updated = h.sim.updateRecord(account.id, 'ticketing.Ticket', a.id);
    expect(updated.modified_at > mark).toBe(true);
    expect(updated.status).not.toBe(a.status);
    const page = await list(
      account.accountToken,
      `/ticketing/v1/tickets?modified_after=${encodeURIComponent(mark)}`,
    );
    expect(ids(page.results)).toEqual([a.id]);
  });

  test('filter values without a zone are UTC; offsets and fractions are honoured; junk is 400', async () => {
    const account = h.sim.linkAccount({ category: 'ticketing' });
    h.clock.ms = Date.UTC(2025, 5, 1, 12, 0, 0);
    h.sim.seedRecords(account.id, 'ticketing.Ticket', 2);
    const count = async (query: string): Promise<number> =>
      (await list(account.accountToken, `/ticketing/v1/tickets?${query}`)).results.length;
    expect(await count('modified_after=2025-06-01T11:59:59')).toBe(2);
    expect(await count('modified_after=2025-06-01T12:00:01')).toBe(0);
    expect(await count(`modified_after=${encodeURIComponent('2025-06-01T13:59:59.5+02:00')}`)).toBe(2);
    expect(await count(`modified_after=${encodeURIComponent('2025-06-01T08:00:01-04:00')}`)).toBe(0);
    expect(await count('modified_after=2025-06-01T11:59:59.000Z')).toBe(2);
    expect(await count('created_before=2025-06-02')).toBe(2);
    for (const bad of ['yesterday', '2025-13-01T00:00:00Z', '2025-02-30']) {
      const res = await h.json(`/ticketing/v1/tickets?modified_after=${bad}`, {
        token: account.accountToken,
      });
      expect(res.status).toBe(400);
    }
  });

  test('include_deleted_data: soft-deleted records are hidden by default and shown on request', async () => {
    const account = h.sim.linkAccount({ category: 'accounting' });
    const [a, b] = h.sim.seedRecords(account.id, 'accounting.Invoice', 2);
    if (!a || !b) throw new Error('seed');
    const deleted = h.sim.deleteRecord(account.id, 'accounting.Invoice', a.id);
    expect(deleted.remote_was_deleted).toBe(true);
    expect(deleted.modified_at > b.modified_at).toBe(true);
    expect(ids((await list(account.accountToken, '/accounting/v1/invoices')).results)).toEqual([b.id]);
    const all = await list(account.accountToken, '/accounting/v1/invoices?include_deleted_data=true');
    expect(all.results.map((r) => [r.id, r.remote_was_deleted])).toEqual([
      [a.id, true],
      [b.id, false],
    ]);
    expect(
      (await h.json('/accounting/v1/invoices?include_deleted_data=maybe', { token: account.accountToken }))
        .status,
    ).toBe(400);
  });

  test('remote_data only with include_remote_data=true; remote_fields only with include_remote_fields=true', async () => {
    const account = h.sim.linkAccount({ category: 'crm' });
    h.sim.seedRecords(account.id, 'crm.Lead', 1);
    const plain = (await list(account.accountToken, '/crm/v1/leads')).results[0];
    expect(plain).not.toHaveProperty('remote_data');
    expect(plain).not.toHaveProperty('remote_fields');
    const rich = (
      await list(account.accountToken, '/crm/v1/leads?include_remote_data=true&include_remote_fields=true')
    ).results[0];
    expect(rich?.remote_data).toEqual([
      { path: '/leads', data: expect.objectContaining({ id: rich?.remote_id }) },
    ]);
    expect(rich?.remote_fields).toEqual([]);
  });

  test('expand takes one comma-separated value and nests the related records', async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    const [boss] = h.sim.seedRecords(account.id, 'hris.Employee', 1);
    const [worker] = h.sim.seedRecords(account.id, 'hris.Employee', 1, { manager: boss?.id ?? null });
    const employment = h.sim.records(account.id, 'hris.Employment').find((e) => e.employee === worker?.id);
    expect(worker?.employments).toEqual([employment?.id]);

    const page = await list(account.accountToken, '/hris/v1/employees?expand=employments,manager');
    const got = page.results.find((r) => r.id === worker?.id);
    expect((got?.manager as Json).id).toBe(boss?.id);
    expect((got?.employments as Json[])[0]).toMatchObject({
      id: employment?.id,
      employee: worker?.id,
      job_title: expect.any(String),
    });
    expect((got?.manager as Json).manager).toBeNull();

    const one = await h.json(`/hris/v1/employees/${worker?.id}?expand=manager`, {
      token: account.accountToken,
    });
    expect((one.body.manager as Json).id).toBe(boss?.id);
    expect(one.body.employments).toEqual([employment?.id]);
  });

  test('a repeated expand param: only the last one wins, as in Merge', async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    const [boss] = h.sim.seedRecords(account.id, 'hris.Employee', 1);
    h.sim.seedRecords(account.id, 'hris.Employee', 1, { manager: boss?.id ?? null });
    const page = await list(account.accountToken, '/hris/v1/employees?expand=employments&expand=manager');
    const worker = page.results[1];
    expect(typeof (worker?.manager as Json).id).toBe('string');
    expect((worker?.employments as unknown[]).every((e) => typeof e === 'string')).toBe(true);
  });

  test('unknown expand values are 400; unknown query params are ignored', async () => {
    const account = h.sim.linkAccount({ category: 'ats' });
    h.sim.seedRecords(account.id, 'ats.Candidate', 2);
    expect(
      (await h.json('/ats/v1/candidates?expand=applications,pets', { token: account.accountToken })).status,
    ).toBe(400);
    const ok = await list(account.accountToken, '/ats/v1/candidates?expand=applications&whatever=1');
    expect((ok.results[0]?.applications as Json[])[0]).toMatchObject({ candidate: ok.results[0]?.id });
    const apps = await list(account.accountToken, '/ats/v1/applications?expand=candidate');
    expect(apps.results).toHaveLength(2);
    expect((apps.results[0]?.candidate as Json).id).toBe(ok.results[0]?.id);
  });

  test('remote_id filters exactly; show_enum_origins returns the third-party enum value', async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    const [a] = h.sim.seedRecords(account.id, 'hris.Employee', 3, { employment_status: 'INACTIVE' });
    const byRemote = await list(account.accountToken, `/hris/v1/employees?remote_id=${a?.remote_id}`);
    expect(ids(byRemote.results)).toEqual([a?.id]);
    const origins = await list(
      account.accountToken,
      `/hris/v1/employees?remote_id=${a?.remote_id}&show_enum_origins=employment_status`,
    );
    expect(origins.results[0]?.employment_status).toBe('Terminated');
    expect(
      (await h.json('/hris/v1/employees?show_enum_origins=first_name', { token: account.accountToken }))
        .status,
    ).toBe(400);
  });
});
