import { DETAIL_TYPE, EVENT_SOURCE } from '../../shared/events/change-events';
import { linkAndSync, useSyncFixture, type SyncFixture } from '../helpers/sync-fixture';
import { defaultModels } from '../helpers/default-models';

let f: SyncFixture;
useSyncFixture((started) => (f = started), {
  pipeline: {
    syncConfigOverrides: {
      models: defaultModels('crm.Lead', 'crm.Contact'),
      planRequestsPerMinute: 6000,
    },
    outboxAbandonedAfterMs: 500,
  },
});

type Detail = {
  accountId: string;
  modelId: string;
  recordId: string;
  changedFields?: string[];
  record: Record<string, unknown> | null;
  counts?: Record<string, number>;
};
const eventsFor = (accountId: string, after = 0) =>
  f.pipeline.bus.since(after).filter((e) => (e.detail as Detail).accountId === accountId);
const lastSeq = () => f.pipeline.bus.since().at(-1)?.seq ?? 0;

async function changeUpstreamAndSync(accountId: string) {
  const leads = f.sim.records(accountId, 'crm.Lead').map((r) => String(r.id));
  leads.slice(0, 4).forEach((id) => f.sim.updateRecord(accountId, 'crm.Lead', id, { title: 'VP Sales' }));
  leads.slice(4, 6).forEach((id) => f.sim.deleteRecord(accountId, 'crm.Lead', id));
  const added = [1, 2, 3].map(() => String(f.sim.addRecord(accountId, 'crm.Lead').id));
  f.sim.runSync(accountId, { result: 'DONE' });
  await f.postWebhook(f.sim.modelSyncedEvent(accountId, 'crm.Lead'));
  return { changed: leads.slice(0, 4), deleted: leads.slice(4, 6), added };
}

describe('change events on the bus', () => {
  it('one event per real change, none for unchanged records, and a Sync Completed with the counts', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 150 });
    const initial = eventsFor(account.id).filter((e) => (e.detail as Detail).modelId === 'crm.Lead');
    expect(initial.filter((e) => e.detailType === DETAIL_TYPE.recordAdded)).toHaveLength(150);

    const from = lastSeq();
    const { changed, deleted, added } = await changeUpstreamAndSync(account.id);
    await f.pipeline.drain();
    const events = eventsFor(account.id, from);
    const byType = (type: string) =>
      events
        .filter((e) => e.detailType === type)
        .map((e) => (e.detail as Detail).recordId)
        .sort();
    expect(byType(DETAIL_TYPE.recordChanged)).toEqual([...changed].sort());
    expect(byType(DETAIL_TYPE.recordDeleted)).toEqual([...deleted].sort());
    expect(byType(DETAIL_TYPE.recordAdded)).toEqual([...added].sort());
    expect(events.every((e) => e.source === EVENT_SOURCE)).toBe(true);
    const change = events.find((e) => e.detailType === DETAIL_TYPE.recordChanged)!.detail as Detail;
    expect(change.changedFields).toEqual(['modified_at', 'title']);
    expect(change.record).toMatchObject({ title: 'VP Sales' });
    const completed = events.filter((e) => e.detailType === DETAIL_TYPE.syncCompleted);
    expect(completed).toHaveLength(1);
    expect((completed[0]!.detail as Detail).counts).toMatchObject({ added: 3, changed: 4, deleted: 2 });
  });

  it('a PutEvents partial failure is retried without loss or duplication', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 40 });
    const from = lastSeq();
    f.pipeline.bus.refuseNext(4);
    const { changed, deleted, added } = await changeUpstreamAndSync(account.id);
    await f.pipeline.drain();
    const records = eventsFor(account.id, from).filter((e) => e.detailType !== DETAIL_TYPE.syncCompleted);
    expect(records.map((e) => (e.detail as Detail).recordId).sort()).toEqual(
      [...changed, ...deleted, ...added].sort(),
    );
  });

  it('a bus that stays down fails the fetch, and the planned events are published once it is back', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 40 });
    const from = lastSeq();
    f.pipeline.bus.refuseNext(1_000_000);
    const { changed, deleted, added } = await changeUpstreamAndSync(account.id);
    await f.pipeline.sources.events.pollOnce();
    const attempt = await f.pipeline.sources.jobs.pollOnce();
    expect(attempt.failed).toBe(1); // the records were written; their events wait in the outbox
    expect(eventsFor(account.id, from)).toHaveLength(0);

    f.pipeline.bus.refuseNext(0);
    await new Promise((r) => setTimeout(r, 600)); // the batch is now abandoned (threshold 500 ms here)
    await f.pipeline.drain();
    const records = eventsFor(account.id, from).filter((e) => e.detailType !== DETAIL_TYPE.syncCompleted);
    expect(records.map((e) => (e.detail as Detail).recordId).sort()).toEqual(
      [...changed, ...deleted, ...added].sort(),
    );
  });

  it('a FAILED sync at Merge puts one Sync Failed event on the bus', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 2 });
    const from = lastSeq();
    f.sim.runSync(account.id, { result: 'FAILED' });
    await f.schedule({ tier: 'frequent' });
    await f.pipeline.drain();
    await f.schedule({ tier: 'frequent' });
    await f.pipeline.drain();
    const failed = eventsFor(account.id, from).filter((e) => e.detailType === DETAIL_TYPE.syncFailed);
    expect(failed.map((e) => (e.detail as Detail).modelId)).toEqual(['crm.Lead']);
  });
});
