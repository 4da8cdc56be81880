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
      planRequestsPerMinute: 600,
    },
  },
});

const LEAD = 'crm.Lead';
const leadPages = (accountId: string) => f.sim.requestCount({ accountId, pathIncludes: '/leads' });

/** A CRM account whose initial sync is stored, with one lead then changed upstream. */
async function syncedAccountWithPendingChange() {
  const account = await linkAndSync(f, 'crm', { [LEAD]: 30 });
  const before = await f.states.get(account.id, LEAD);
  f.sim.updateRecord(account.id, LEAD, String(f.sim.records(account.id, LEAD)[0]!.id));
  return { account, before };
}

async function poll() {
  await f.schedule({ tier: 'frequent' });
  await f.pipeline.drain();
}

describe('the poller decides per model from /sync-status', () => {
  it('FAILED: records the failure once and keeps the cursor; the next DONE sync is fetched', async () => {
    const { account, before } = await syncedAccountWithPendingChange();
    f.sim.runSync(account.id, { result: 'FAILED' });
    const pagesBefore = leadPages(account.id);
    await poll();
    await poll();
    let state = await f.states.get(account.id, LEAD);
    expect(leadPages(account.id)).toBe(pagesBefore);
    expect(state.cursor).toBe(before.cursor);
    expect(state.lastRun?.id).toBe(before.lastRun?.id);
    expect(state.failedSyncs).toBe(1);
    expect(state.merge).toMatchObject({ status: 'FAILED', lastSyncResult: 'FAILED' });

    f.sim.runSync(account.id, { result: 'DONE' });
    await poll();
    state = await f.states.get(account.id, LEAD);
    expect(state.lastRun?.id).not.toBe(before.lastRun?.id);
    expect(Date.parse(state.cursor!)).toBeGreaterThan(Date.parse(before.cursor!));
    await expectStoreEqualsSimulator(f, account.id, LEAD);
  });

  it.each(['DISABLED', 'PAUSED'])('%s: skips the model and records why', async (status) => {
    const { account, before } = await syncedAccountWithPendingChange();
    f.sim.setModelStatus(account.id, LEAD, status);
    const pagesBefore = leadPages(account.id);
    await poll();
    const state = await f.states.get(account.id, LEAD);
    expect(leadPages(account.id)).toBe(pagesBefore);
    expect(state.lastRun?.id).toBe(before.lastRun?.id);
    expect(state.lastSkip?.reason).toBe(status);
  });

  it('PARTIALLY_SYNCED: fetches, as Merge advises for incremental syncs', async () => {
    const { account, before } = await syncedAccountWithPendingChange();
    f.sim.runSync(account.id, { result: 'PARTIALLY_SYNCED' });
    await poll();
    const state = await f.states.get(account.id, LEAD);
    expect(state.lastRun?.id).not.toBe(before.lastRun?.id);
    expect(state.lastRun?.counts.changed).toBe(1);
    await expectStoreEqualsSimulator(f, account.id, LEAD);
  });

  it('SYNCING: waits; nothing is fetched until the sync is done', async () => {
    const { account, before } = await syncedAccountWithPendingChange();
    f.sim.startSync(account.id);
    await poll();
    expect((await f.states.get(account.id, LEAD)).lastRun?.id).toBe(before.lastRun?.id);
    f.sim.finishSync(account.id, { result: 'DONE' });
    await poll();
    expect((await f.states.get(account.id, LEAD)).lastRun?.id).not.toBe(before.lastRun?.id);
  });

  it('an unknown status is tolerated: the last sync result decides, or the poller waits', async () => {
    const { account, before } = await syncedAccountWithPendingChange();
    f.sim.runSync(account.id, { result: 'DONE' });
    f.sim.setModelStatus(account.id, LEAD, 'QUEUED');
    await poll();
    const state = await f.states.get(account.id, LEAD);
    expect(state.merge?.status).toBe('QUEUED');
    expect(state.lastRun?.id).not.toBe(before.lastRun?.id); // last_sync_result DONE with a new start

    const fresh = f.sim.linkAccount({ category: 'crm' });
    await f.postWebhook(f.sim.linkedEvent(fresh.id));
    await f.pipeline.drain();
    f.sim.setModelStatus(fresh.id, LEAD, 'SOMETHING_NEW');
    await poll();
    const waiting = await f.states.get(fresh.id, LEAD);
    expect(waiting.merge?.status).toBe('SOMETHING_NEW');
    expect(waiting.lastRun).toBeUndefined();
    expect(leadPages(fresh.id)).toBe(0);
  });

  it('the same DONE sync is fetched once however often it is polled', async () => {
    const { account } = await syncedAccountWithPendingChange();
    f.sim.runSync(account.id, { result: 'DONE' });
    await poll();
    const after = await f.states.get(account.id, LEAD);
    const pages = leadPages(account.id);
    await poll();
    await poll();
    expect(leadPages(account.id)).toBe(pages);
    expect((await f.states.get(account.id, LEAD)).lastRun?.id).toBe(after.lastRun?.id);
  });
});

describe('sync webhooks carry the same decisions', () => {
  it('a FAILED {Model}.synced is recorded and fetches nothing', async () => {
    const { account, before } = await syncedAccountWithPendingChange();
    f.sim.runSync(account.id, { result: 'FAILED' });
    await f.postWebhook(f.sim.modelSyncedEvent(account.id, LEAD));
    await f.pipeline.drain();
    const state = await f.states.get(account.id, LEAD);
    expect(state.failedSyncs).toBe(1);
    expect(state.lastRun?.id).toBe(before.lastRun?.id);
    expect(state.cursor).toBe(before.cursor);
  });
});
