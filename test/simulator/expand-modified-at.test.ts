// help 6188145 (merge-api.md §12 "modified_after ignores changes inside expanded objects"): changing a
// related object moves only its own modified_at; the parent that expands it does not move, so a list
// with modified_after skips the parent, while the expanded object inside it is current.
import { startHarness } from './helpers';
import type { Harness, Json, Page } from './helpers';

describe('merge simulator: expand does not move the parent (help 6188145, api §12)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.sim.close();
  });

  test('an Employment change moves the Employment only; modified_after skips the Employee; expand shows the change', async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    const [employee] = h.sim.seedRecords(account.id, 'hris.Employee', 1, { manager: null });
    if (!employee) throw new Error('no employee');
    const employmentId = (employee.employments as string[])[0] ?? '';
    h.clock.advance(60_000);
    const cursor = new Date(h.clock.ms).toISOString();
    h.clock.advance(60_000);
    const changed = h.sim.updateRecord(account.id, 'hris.Employment', employmentId, { job_title: 'CTO' });

    const stored = h.sim.records(account.id, 'hris.Employee')[0];
    expect(stored?.modified_at).toBe(employee.modified_at);
    expect(changed.modified_at > cursor).toBe(true);

    const token = account.accountToken;
    const q = `modified_after=${encodeURIComponent(cursor)}`;
    const employees = await h.json<Page>(`/hris/v1/employees?${q}&expand=employments`, { token });
    expect(employees.body.results).toEqual([]);
    const employments = await h.json<Page>(`/hris/v1/employments?${q}`, { token });
    expect(employments.body.results.map((r) => [r.id, r.job_title])).toEqual([[employmentId, 'CTO']]);

    const all = await h.json<Page>('/hris/v1/employees?expand=employments', { token });
    const expanded = (all.body.results[0]?.employments as Json[])[0];
    expect(all.body.results[0]?.modified_at).toBe(employee.modified_at);
    expect(expanded).toMatchObject({ id: employmentId, job_title: 'CTO', modified_at: changed.modified_at });
  });

  test("the same holds for a manager expanded into an Employee and a Candidate's Applications", async () => {
    const hris = h.sim.linkAccount({ category: 'hris' });
    const [boss] = h.sim.seedRecords(hris.id, 'hris.Employee', 1, { manager: null });
    const report = h.sim.addRecord(hris.id, 'hris.Employee', { manager: boss?.id ?? null });
    h.sim.updateRecord(hris.id, 'hris.Employee', boss?.id ?? '', { last_name: 'Renamed' });
    const after = h.sim.records(hris.id, 'hris.Employee').find((e) => e.id === report.id);
    expect(after?.modified_at).toBe(report.modified_at);
    const got = await h.json<Json>(`/hris/v1/employees/${report.id}?expand=manager`, {
      token: hris.accountToken,
    });
    expect((got.body.manager as Json).last_name).toBe('Renamed');

    const ats = h.sim.linkAccount({ category: 'ats' });
    const [candidate] = h.sim.seedRecords(ats.id, 'ats.Candidate', 1);
    const applicationId = (candidate?.applications as string[])[0] ?? '';
    h.sim.updateRecord(ats.id, 'ats.Application', applicationId);
    expect(h.sim.records(ats.id, 'ats.Candidate')[0]?.modified_at).toBe(candidate?.modified_at);
  });
});
