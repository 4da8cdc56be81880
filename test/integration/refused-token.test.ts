import { depsForTarget } from '../../infra/cli/aws-target';
import { loadSyncConfig } from '../../shared/config/sync-config';
import { importAccount } from '../../shared/operations/operator-actions';
import { AUTH_FAILED } from '../../shared/sync/auth-failures';
import {
  expectStoreEqualsSimulator,
  linkAndSync,
  useSyncFixture,
  type SyncFixture,
} from '../helpers/sync-fixture';
import { defaultModels } from '../helpers/default-models';

let f: SyncFixture;
useSyncFixture((started) => (f = started), {
  pipeline: {
    syncConfigOverrides: {
      models: defaultModels('crm.Lead', 'crm.Contact'),
      planRequestsPerMinute: 6000,
    },
  },
});

const refusedRequests = (accountId: string) =>
  f.sim.requests.filter((r) => r.accountId === accountId || (r.status === 401 && r.path.includes('/crm/')))
    .length;

describe('an account whose token Merge refuses (deleted at Merge, LinkedAccount.deleted lost)', () => {
  it('is marked AUTH_FAILED without retries or dead letters, and polled only by the daily reconciliation', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 5 });
    f.sim.deleteAccount(account.id);
    f.sim.resetRequestLog();

    await f.schedule({ tier: 'frequent' });
    await f.pipeline.drain();
    expect(refusedRequests(account.id)).toBe(1); // one refused request, not five retries
    expect(await f.accounts.get(account.id)).toMatchObject({
      status: 'ACTIVE',
      issue: { status: AUTH_FAILED },
    });
    expect(await f.pipeline.queueDepth('pollsDlq')).toMatchObject({ visible: 0 });

    // Cadence polls skip it; the daily reconciliation tries once more.
    await f.schedule({ tier: 'frequent' });
    await f.schedule({ tier: 'hourly' });
    await f.pipeline.drain();
    expect(refusedRequests(account.id)).toBe(1);
    await f.schedule({ reconcile: true });
    await f.pipeline.drain();
    expect(refusedRequests(account.id)).toBe(2);
    expect(await f.pipeline.queueDepth('pollsDlq')).toMatchObject({ visible: 0 });
    expect(f.sim.maxFailuresInWindow()).toBeLessThan(20);
  });

  it('a new token (relink or import) clears the mark and polling resumes', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 5 });
    const token = f.sim.account(account.id)!.accountToken;
    // Marked as a refused token would leave it (the first test shows how it gets there).
    await f.accounts.update(account.id, (current) =>
      current
        ? { ...current, issue: { event: 'sync-status', status: AUTH_FAILED, at: new Date().toISOString() } }
        : null,
    );
    const deps = depsForTarget(
      {
        tableName: f.pipeline.tableName,
        queues: {
          events: f.pipeline.queues.events,
          polls: f.pipeline.queues.polls,
          jobs: f.pipeline.queues.jobs,
        },
        deadLetterQueues: {
          events: f.pipeline.queues.eventsDlq,
          polls: f.pipeline.queues.pollsDlq,
          jobs: f.pipeline.queues.jobsDlq,
        },
        tokenKey: f.pipeline.config.engine.tokenKey!,
      },
      f.pipeline.clients,
      loadSyncConfig({}),
    );
    await importAccount(deps, { id: account.id, category: 'crm', accountToken: token });
    expect((await f.accounts.get(account.id))?.issue).toBeUndefined();
    f.sim.resetRequestLog();
    await f.schedule({ tier: 'frequent' });
    await f.pipeline.drain();
    expect(f.sim.requestCount({ accountId: account.id, pathIncludes: '/sync-status' })).toBeGreaterThan(0);
  });
});

describe("Merge's Issue webhooks for an account whose token Merge refuses", () => {
  it.each(['Issue.new', 'Issue.resolved'])(
    'a later %s keeps the refused-token mark: cadence polls still skip the account',
    async (event) => {
      const account = await linkAndSync(f, 'crm', { 'crm.Lead': 3 });
      f.sim.deleteAccount(account.id);
      await f.schedule({ tier: 'frequent' });
      await f.pipeline.drain();
      expect((await f.accounts.get(account.id))?.issue).toMatchObject({ status: AUTH_FAILED });

      const status = event === 'Issue.resolved' ? 'RESOLVED' : 'ONGOING';
      await f.postWebhook(f.sim.issueEvent(account.id, { status }, event));
      await f.pipeline.drain();
      expect((await f.accounts.get(account.id))?.issue).toMatchObject({ status: AUTH_FAILED });
      f.sim.resetRequestLog();
      await f.schedule({ tier: 'frequent' });
      await f.pipeline.drain();
      expect(f.sim.requestCount({ accountId: account.id })).toBe(0);
    },
  );
});

describe('one model Merge refuses with 403 (its permissions), the token accepted', () => {
  it('fails that model’s fetch, recorded on its sync state; the account is not marked and its other models sync', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 5, 'crm.Contact': 5 });
    f.sim.injectFault({
      kind: 'http403',
      times: Infinity,
      match: { accountId: account.id, pathIncludes: '/leads' },
    });
    const lead = f.sim.records(account.id, 'crm.Lead')[0]!;
    const contact = f.sim.records(account.id, 'crm.Contact')[0]!;
    f.sim.updateRecord(account.id, 'crm.Lead', String(lead.id));
    f.sim.updateRecord(account.id, 'crm.Contact', String(contact.id));
    f.sim.runSync(account.id, { result: 'DONE' });
    f.sim.resetRequestLog();

    await f.schedule({ reconcile: true });
    await f.pipeline.drain();
    expect((await f.accounts.get(account.id))?.issue).toBeUndefined();
    expect((await f.states.get(account.id, 'crm.Lead')).lastError).toMatchObject({ kind: 'forbidden' });
    // One refused request for the model, not retried into a dead-letter queue.
    expect(f.sim.requests.filter((r) => r.accountId === account.id && r.status === 403)).toHaveLength(1);
    expect(await f.pipeline.queueDepth('jobsDlq')).toMatchObject({ visible: 0 });
    await expectStoreEqualsSimulator(f, account.id, 'crm.Contact');
  });
});
