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
      models: defaultModels('crm.Lead', 'crm.Contact', 'ticketing.Ticket'),
      planRequestsPerMinute: 600,
    },
  },
});

/** Upstream adds 3, changes 4 and deletes 2 records of the model; returns the ids it touched. */
function changeUpstream(accountId: string, modelId: string) {
  const existing = f.sim.records(accountId, modelId).map((r) => String(r.id));
  const changed = existing.slice(0, 4);
  const deleted = existing.slice(4, 6);
  for (const id of changed) f.sim.updateRecord(accountId, modelId, id);
  for (const id of deleted) f.sim.deleteRecord(accountId, modelId, id);
  const added = [1, 2, 3].map(() => String(f.sim.addRecord(accountId, modelId).id));
  return { changed, deleted, added, touched: changed.length + deleted.length + added.length };
}

async function syncedAtById(accountId: string, modelId: string) {
  return new Map((await f.storedRecords(accountId, modelId)).map((r) => [r.id, r.syncedAt]));
}

describe('incremental sync converges, and unchanged records cost no write', () => {
  it.each([
    ['a {Model}.synced webhook', 'model-synced'],
    ['a LinkedAccount.sync_completed webhook', 'sync-completed'],
    ['polling alone (the cadence schedule)', 'poll'],
  ])('after upstream adds, changes and deletes signalled by %s', async (_label, signal) => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 150, 'crm.Contact': 20 });
    await expectStoreEqualsSimulator(f, account.id, 'crm.Lead');
    const before = await syncedAtById(account.id, 'crm.Lead');
    const { touched, added } = changeUpstream(account.id, 'crm.Lead');
    f.sim.runSync(account.id, { result: 'DONE' });
    f.dynamoWrites.reset();

    if (signal === 'model-synced') await f.postWebhook(f.sim.modelSyncedEvent(account.id, 'crm.Lead'));
    if (signal === 'sync-completed')
      await f.postWebhook(f.sim.syncCompletedEvent(account.id, { models: ['crm.Lead'] }));
    if (signal === 'poll') await f.schedule({ tier: 'frequent' });
    await f.pipeline.drain();

    const after = await expectStoreEqualsSimulator(f, account.id, 'crm.Lead');
    // Only the touched records were rewritten: everything else keeps its syncedAt...
    const rewritten = after.filter((r) => before.get(r.id) !== r.syncedAt);
    expect(rewritten).toHaveLength(touched);
    expect(added.every((id) => rewritten.some((r) => r.id === id))).toBe(true);
    // ...and on the wire: the 3 new records in one BatchWriteItem, one conditional PutItem per changed
    // or deleted record (6); never one write per unchanged record (141 here). Counted on the record
    // items themselves: the run's bookkeeping (claim, checkpoints, the rate schedule, watch polls)
    // varies with how fast a busy machine runs the fetch.
    const state = await f.states.get(account.id, 'crm.Lead');
    expect(state.lastRun?.counts).toMatchObject({ added: 3, changed: 4, deleted: 2 });
    const records = `RECORD#${account.id}#crm.Lead`;
    expect(f.dynamoWrites.countContaining('BatchWriteItem', records)).toBe(1);
    expect(f.dynamoWrites.countContaining('PutItem', records)).toBe(6);
  });

  it('refetching with nothing changed upstream writes no record at all', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 120 });
    f.sim.runSync(account.id, { result: 'DONE' });
    const before = await syncedAtById(account.id, 'crm.Lead');
    await f.schedule({ reconcile: true });
    await f.pipeline.drain();
    const state = await f.states.get(account.id, 'crm.Lead');
    expect(state.lastRun?.reason).toBe('reconcile');
    expect(state.lastRun?.counts).toMatchObject({ added: 0, changed: 0, deleted: 0 });
    expect(await syncedAtById(account.id, 'crm.Lead')).toEqual(before);
  });

  it('a record changed upstream while a fetch is paging is present after the next fetch', async () => {
    const account = f.sim.linkAccount({ category: 'ticketing' });
    f.sim.seedRecords(account.id, 'ticketing.Ticket', 250);
    await f.postWebhook(f.sim.linkedEvent(account.id));
    await f.pipeline.drain();
    // While the fetch is on page 2, a record of page 1 (already read) changes upstream.
    const firstId = String(f.sim.records(account.id, 'ticketing.Ticket')[0]!.id);
    let changedMidFetch = false;
    const stop = f.sim.onBeforePage(({ accountId, pageIndex }) => {
      if (accountId === account.id && pageIndex === 1 && !changedMidFetch) {
        f.sim.updateRecord(account.id, 'ticketing.Ticket', firstId, { name: 'changed while paging' });
        changedMidFetch = true;
      }
    });
    f.sim.finishSync(account.id, { result: 'DONE' });
    await f.postWebhook(f.sim.modelSyncedEvent(account.id, 'ticketing.Ticket'));
    await f.pipeline.drain();
    stop();
    expect(changedMidFetch).toBe(true);
    expect((await f.records.get(account.id, 'ticketing.Ticket', firstId))?.data.name).not.toBe(
      'changed while paging',
    );

    // The cursor is the run's start less the overlap, so the next fetch still includes that change.
    f.sim.runSync(account.id, { result: 'DONE' });
    await f.postWebhook(f.sim.modelSyncedEvent(account.id, 'ticketing.Ticket'));
    await f.pipeline.drain();
    expect((await f.records.get(account.id, 'ticketing.Ticket', firstId))?.data.name).toBe(
      'changed while paging',
    );
    await expectStoreEqualsSimulator(f, account.id, 'ticketing.Ticket');
  });
});
