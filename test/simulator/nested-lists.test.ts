// merge-common-models §2 (nested list paths: ATS jobs/{job_id}/screening-questions, CRM
// custom-object-classes/{id}/..., Accounting expense-reports/{id}/lines, Ticketing
// collections/{id}/viewers, tickets/{id}/viewers, projects/{id}/users) and §2.0 (no retrieve for
// screening questions, associations, expense report lines, viewers; nested lists take no
// modified_after except CRM's).
import type { SimAccount } from '../../infra/local/merge-simulator';
import { allPages, startHarness } from './helpers';
import type { Harness, Json } from './helpers';
import { listAll } from './catalog-helpers';

describe('merge simulator: nested lists under their parents (common-models §2)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.sim.close();
  });

  const status = async (account: SimAccount, path: string, method = 'GET') =>
    (await h.call(path, { token: account.accountToken, method })).status;

  test("a job's screening questions: only its own, paginated; unknown job 404; no retrieve; GET only", async () => {
    const ats = h.sim.linkAccount({ category: 'ats', seed: 'all-models', seedPerModel: 2 });
    const [job, other] = h.sim.records(ats.id, 'ats.Job');
    if (!job || !other) throw new Error('jobs');
    const added = h.sim.seedRecords(ats.id, 'ats.ScreeningQuestion', 5, {}, { parentId: job.id });
    expect(added.every((q) => q.job === job.id)).toBe(true);
    const path = `/ats/v1/jobs/${job.id}/screening-questions`;
    const pages = await allPages(h, ats, `${path}?page_size=2`);
    const listed = pages.flatMap((p) => p.results);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(listed.every((q) => q.job === job.id)).toBe(true);
    expect(listed.map((q) => q.id)).toEqual(expect.arrayContaining(added.map((q) => q.id)));
    const others = await listAll(h, ats, `/ats/v1/jobs/${other.id}/screening-questions`);
    expect(others.map((q) => q.id)).not.toEqual(expect.arrayContaining([added[0]?.id]));
    expect(await status(ats, '/ats/v1/jobs/00000000-0000-4000-8000-000000000000/screening-questions')).toBe(
      404,
    );
    expect(await status(ats, `${path}/${added[0]?.id}`)).toBe(404);
    expect(await status(ats, path, 'POST')).toBe(405);
    // Not a filter of this list: ignored.
    expect(await listAll(h, ats, `${path}?modified_after=2999-01-01T00:00:00Z`)).toHaveLength(listed.length);
  });

  test('CRM custom objects, association types and associations live under their class and object', async () => {
    const crm = h.sim.linkAccount({ category: 'crm', seed: 'all-models', seedPerModel: 3 });
    const classes = h.sim.records(crm.id, 'crm.CustomObjectClass');
    for (const cls of classes) {
      const objects = await listAll(h, crm, `/crm/v1/custom-object-classes/${cls.id}/custom-objects`);
      expect(objects.every((o) => o.object_class === cls.id)).toBe(true);
      const types = await listAll(h, crm, `/crm/v1/custom-object-classes/${cls.id}/association-types`);
      expect(types.every((t) => (t.source_object_class as Json).id === cls.id)).toBe(true);
      for (const object of objects) {
        const base = `/crm/v1/custom-object-classes/${cls.id}/custom-objects/${String(object.id)}`;
        const associations = await listAll(h, crm, `${base}/associations?expand=association_type`);
        for (const a of associations) {
          expect(a.source_object).toBe(object.id);
          if (a.association_type !== null)
            expect((a.association_type as Json).source_object_class).toEqual({
              id: cls.id,
              origin_type: 'CUSTOM_OBJECT',
            });
        }
      }
    }
    const objects = h.sim.records(crm.id, 'crm.CustomObject');
    const object = objects[0];
    const stranger = classes.find((c) => c.id !== object?.object_class);
    if (!object || !stranger) throw new Error('needs two classes');
    const under = (cls: string) => `/crm/v1/custom-object-classes/${cls}/custom-objects/${object.id}`;
    expect(await status(crm, under(String(object.object_class)))).toBe(200);
    expect(await status(crm, under(stranger.id))).toBe(404);
    expect(await status(crm, `${under(stranger.id)}/associations`)).toBe(404);
    // Associations have no retrieve (§2.0).
    const [association] = h.sim.records(crm.id, 'crm.Association');
    const path = `/crm/v1/custom-object-classes/`;
    expect(
      await status(
        crm,
        `${path}${String(object.object_class)}/custom-objects/${object.id}/associations/${association?.id}`,
      ),
    ).toBe(404);
  });

  test('expense report lines under their report; a line added to a report joins its lines', async () => {
    const accounting = h.sim.linkAccount({ category: 'accounting', seed: 'all-models', seedPerModel: 2 });
    const [report] = h.sim.records(accounting.id, 'accounting.ExpenseReport');
    if (!report) throw new Error('report');
    const line = h.sim.addRecord(accounting.id, 'accounting.ExpenseReportLine', {}, { parentId: report.id });
    const after = h.sim.records(accounting.id, 'accounting.ExpenseReport').find((r) => r.id === report.id);
    expect(after?.lines).toEqual([...(report.lines as string[]), line.id]);
    expect(after && after.modified_at > report.modified_at).toBe(true);
    const listed = await listAll(
      h,
      accounting,
      `/accounting/v1/expense-reports/${report.id}/lines?expand=account`,
    );
    expect(listed.map((l) => l.id)).toEqual(after?.lines);
    expect(typeof listed[0]?.account).toBe('object');
    expect(await status(accounting, `/accounting/v1/expense-reports/${line.id}/lines`)).toBe(404);
  });

  test('ticketing viewers under a collection or a ticket; users under their projects and at users/{id}', async () => {
    const ticketing = h.sim.linkAccount({ category: 'ticketing', seed: 'all-models', seedPerModel: 4 });
    const viewers = h.sim.records(ticketing.id, 'ticketing.Viewer');
    const seen: unknown[] = [];
    for (const kind of ['collections', 'tickets'] as const) {
      const model = kind === 'collections' ? 'ticketing.Collection' : 'ticketing.Ticket';
      for (const parent of h.sim.records(ticketing.id, model)) {
        seen.push(
          ...(await listAll(h, ticketing, `/ticketing/v1/${kind}/${parent.id}/viewers`)).map((v) => v.id),
        );
      }
    }
    expect([...seen].sort()).toEqual(viewers.map((v) => v.id).sort());
    const users = h.sim.records(ticketing.id, 'ticketing.User');
    const members: unknown[] = [];
    for (const project of h.sim.records(ticketing.id, 'ticketing.Project')) {
      const listed = await listAll(h, ticketing, `/ticketing/v1/projects/${project.id}/users?expand=teams`);
      for (const user of listed)
        expect((user.teams as unknown[]).every((t) => typeof t === 'object')).toBe(true);
      members.push(...listed.map((u) => u.id));
    }
    expect(members.length).toBeGreaterThan(0);
    expect(users.map((u) => u.id)).toEqual(expect.arrayContaining(members));
    expect(await status(ticketing, `/ticketing/v1/users/${String(members[0])}`)).toBe(200);
    expect(await status(ticketing, `/ticketing/v1/collections/${viewers[0]?.id}/viewers`)).toBe(404);
  });

  test('a nested model needs a parent: adding one to an account without any is an error', () => {
    const ats = h.sim.linkAccount({ category: 'ats' });
    expect(() => h.sim.addRecord(ats.id, 'ats.ScreeningQuestion')).toThrow(/listed under ats\.Job/);
    const crm = h.sim.linkAccount({ category: 'crm' });
    expect(() => h.sim.addRecord(crm.id, 'crm.Association')).toThrow(/crm\.CustomObject/);
  });
});
