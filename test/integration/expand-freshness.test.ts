import { DEFAULT_SYNC_CONFIG } from '../../shared/config/default-sync-config';
import {
  expectStoreEqualsSimulator,
  linkAndSync,
  useSyncFixture,
  type SyncFixture,
} from '../helpers/sync-fixture';

let f: SyncFixture;
// The default config (models, expand), as deployed; the plan limit is raised for speed, and the
// cursor's overlap is 0 so that a modified_after list leaves out every record not changed since.
useSyncFixture((started) => (f = started), {
  pipeline: { syncConfigOverrides: { planRequestsPerMinute: 6000, cursorOverlapSeconds: 0 } },
});

const EMPLOYMENT = 'hris.Employment';

/**
 * Merge's modified_after does not take expanded objects into account (help 6188145): a change to an
 * employment alone moves only the employment's modified_at. With the default config every related
 * record we store is kept fresh: hris.Employment is synced in its own right, with its own cursor
 * and its own webhooks.
 */
describe('related records stay fresh when only they change upstream', () => {
  it('the default config syncs hris.Employment itself, without expanding it into employees', () => {
    const employee = DEFAULT_SYNC_CONFIG.models.find((m) => m.modelId === 'hris.Employee');
    expect(employee?.expand ?? []).not.toContain('employments');
    expect(DEFAULT_SYNC_CONFIG.models.some((m) => m.modelId === EMPLOYMENT)).toBe(true);
  });

  it('an employment changed upstream (its employee untouched) is stored after the next sync', async () => {
    const account = await linkAndSync(f, 'hris', { 'hris.Employee': 12 });
    await expectStoreEqualsSimulator(f, account.id, EMPLOYMENT);
    const employment = f.sim.records(account.id, EMPLOYMENT)[3]!;
    const employee = f.sim
      .records(account.id, 'hris.Employee')
      .find((e) => (e.employments as string[]).includes(String(employment.id)))!;
    f.sim.updateRecord(account.id, EMPLOYMENT, String(employment.id), { job_title: 'Principal Engineer' });
    // Merge moved only the employment's modified_at: the employee is not in a modified_after list.
    expect(f.sim.records(account.id, 'hris.Employee').find((e) => e.id === employee.id)).toEqual(employee);

    f.sim.runSync(account.id, { result: 'DONE' });
    await f.postWebhook(f.sim.syncCompletedEvent(account.id));
    await f.pipeline.drain();
    // The employees' fetch saw nothing new; the employment came through its own fetch.
    const employees = await f.states.get(account.id, 'hris.Employee');
    expect(employees.lastRun?.counts).toMatchObject({ added: 0, changed: 0, unchanged: 0 });
    expect((await f.records.get(account.id, EMPLOYMENT, String(employment.id)))?.data.job_title).toBe(
      'Principal Engineer',
    );
    await expectStoreEqualsSimulator(f, account.id, EMPLOYMENT);
  });

  it('Employment.changed webhooks apply: the model is one the account syncs', async () => {
    const account = await linkAndSync(f, 'hris', { 'hris.Employee': 3 });
    const id = String(f.sim.records(account.id, EMPLOYMENT)[0]!.id);
    f.sim.updateRecord(account.id, EMPLOYMENT, id, { job_title: 'Head of People' });
    await f.postWebhook(f.sim.changedDataEvent(account.id, EMPLOYMENT, id, 'changed'));
    await f.pipeline.drain();
    expect((await f.records.get(account.id, EMPLOYMENT, id))?.data.job_title).toBe('Head of People');
  });
});
