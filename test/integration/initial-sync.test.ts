import { DEFAULT_SYNC_CONFIG } from '../../shared/config/default-sync-config';
import { CATEGORIES } from '../../shared/merge/types';
import { readHealth } from '../helpers/health';
import {
  expectStoreEqualsSimulator as expectStoreEqualsSimulatorIn,
  useSyncFixture,
  type SyncFixture,
} from '../helpers/sync-fixture';

let f: SyncFixture;
// The default models (no override but the plan limit: pacing is not what these tests are about).
useSyncFixture((started) => (f = started), {
  pipeline: { syncConfigOverrides: { planRequestsPerMinute: 6000 } },
});

const expectStoreEqualsSimulator = (accountId: string, modelId: string) =>
  expectStoreEqualsSimulatorIn(f, accountId, modelId);

describe('link → initial sync', () => {
  it('stores the account from a signed LinkedAccount.linked and syncs every configured model once Merge reports DONE', async () => {
    const account = f.sim.linkAccount({
      category: 'hris',
      integration: 'BambooHR',
      integrationSlug: 'bamboohr',
    });
    f.sim.seedRecords(account.id, 'hris.Employee', 230);

    const linked = await f.postWebhook(f.sim.linkedEvent(account.id));
    expect(linked.statusCode).toBe(200);
    await f.pipeline.drain();
    const stored = await f.accounts.get(account.id);
    expect(stored).toMatchObject({
      id: account.id,
      category: 'hris',
      status: 'ACTIVE',
      integration: 'BambooHR',
    });
    expect(JSON.stringify(stored)).not.toContain(account.accountToken);
    expect(await f.accounts.getToken(account.id)).toBe(account.accountToken);
    // Merge is still syncing: nothing is fetched yet.
    expect(f.sim.requestCount({ accountId: account.id, pathIncludes: '/employees' })).toBe(0);

    f.sim.finishSync(account.id, { result: 'DONE' });
    expect(
      (await f.postWebhook(f.sim.syncCompletedEvent(account.id, { isInitialSync: true }))).statusCode,
    ).toBe(200);
    await f.pipeline.drain();

    const employees = await expectStoreEqualsSimulator(account.id, 'hris.Employee');
    expect(employees).toHaveLength(230);
    // Employments are a model of their own, synced in their own right; the employee keeps the ids.
    await expectStoreEqualsSimulator(account.id, 'hris.Employment');
    const first = employees[0]!;
    expect(typeof (first.data.employments as unknown[])[0]).toBe('string');
    // 230 records at page_size 100 is 3 pages, each with include_deleted_data and without expand
    // (an expanded employment would go stale: modified_after ignores changes inside it).
    const pages = f.sim.requests.filter((r) => r.accountId === account.id && r.path.endsWith('/employees'));
    expect(pages).toHaveLength(3);
    expect(pages.every((r) => r.query.expand === undefined && r.query.include_deleted_data === 'true')).toBe(
      true,
    );
    // National identifiers are not asked for, and left out of what is stored.
    expect(pages.every((r) => r.query.include_sensitive_fields === undefined)).toBe(true);
    expect(employees.every((r) => !Object.hasOwn(r.data, 'ssn'))).toBe(true);

    const state = await f.states.get(account.id, 'hris.Employee');
    expect(state.run).toBeUndefined();
    expect(state.lastRun?.pages).toBe(3);
    expect(state.lastRun?.counts.added).toBe(230);
    expect(state.cursor).not.toBeNull();
    expect(Date.parse(state.cursor!)).toBeLessThan(Date.parse(state.lastRun!.startedAt));
  });

  it('syncs each model of an ATS account on its {Model}.synced webhook', async () => {
    const account = f.sim.linkAccount({ category: 'ats' });
    f.sim.seedRecords(account.id, 'ats.Candidate', 40);
    f.sim.seedRecords(account.id, 'ats.Application', 25);
    await f.postWebhook(f.sim.linkedEvent(account.id));
    await f.pipeline.drain();
    f.sim.finishSync(account.id, { result: 'DONE' });
    // (Sync webhooks processed before their LinkedAccount.linked are dropped; the initial fetch the
    // link starts reads their data: test/integration/organization-webhooks.test.ts.)
    for (const model of ['ats.Candidate', 'ats.Application']) {
      expect((await f.postWebhook(f.sim.modelSyncedEvent(account.id, model))).statusCode).toBe(200);
    }
    await f.pipeline.drain();
    await expectStoreEqualsSimulator(account.id, 'ats.Candidate');
    await expectStoreEqualsSimulator(account.id, 'ats.Application');
  });

  it.each(CATEGORIES)(
    '%s: a default deployment fetches every default model once Merge reports the initial sync done',
    async (category) => {
      const defaults = DEFAULT_SYNC_CONFIG.models
        .map((m) => m.modelId)
        .filter((id) => id.startsWith(`${category}.`));
      // Linked with Merge's default scopes (the simulator's: every default model), each seeded.
      const account = f.sim.linkAccount({ category });
      for (const modelId of defaults) f.sim.seedRecords(account.id, modelId, 4);
      await f.postWebhook(f.sim.linkedEvent(account.id));
      await f.pipeline.drain();
      f.sim.finishSync(account.id, { result: 'DONE' });
      await f.postWebhook(f.sim.syncCompletedEvent(account.id, { isInitialSync: true }));
      await f.pipeline.drain();
      for (const modelId of defaults)
        expect((await expectStoreEqualsSimulator(account.id, modelId)).length).toBeGreaterThanOrEqual(4);
      // No model waits for a /sync-status entry that never comes: every one has had its first fetch.
      expect(await readHealth(f, account.id)).toMatchObject({
        state: 'healthy',
        initial_sync: { models_done: defaults.length, models_total: defaults.length },
      });
    },
  );
});
