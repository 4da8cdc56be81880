import { resetProcessFailureBurstGuard } from '../../shared/merge/client';
import { DEFAULT_SYNC_CONFIG } from '../../shared/config/default-sync-config';
import { findModel } from '../../shared/config/model-catalog';
import { DETAIL_TYPE } from '../../shared/events/change-events';
import { OWN_CLOCK_MARGIN_MS } from '../../shared/sync/full-resync-sweep';
import {
  type SyncFixture,
  expectStoreEqualsSimulator,
  failMergeFromPage,
  linkAndSync,
  useSyncFixture,
} from '../helpers/sync-fixture';

/**
 * Models whose list has no `modified_after` (reference §2.0, rows N) are listed in full on every
 * fetch, and what a complete listing no longer returns is tombstoned (mark and sweep).
 */
const MODEL = 'accounting.PaymentTerm';
const OTHER = 'accounting.AccountingPeriod';

/** Merge's /sync-status lists every model of the account. */
const ALL = { models: 'all' } as const;

let f: SyncFixture;
useSyncFixture((started) => (f = started), {
  pipeline: {
    syncConfigOverrides: {
      planRequestsPerMinute: 6000,
      models: [
        ...DEFAULT_SYNC_CONFIG.models,
        { modelId: MODEL, tier: 'daily' },
        { modelId: OTHER, tier: 'daily' },
      ],
    },
  },
});

type Detail = { accountId: string; recordId: string };
const lastSeq = () => f.pipeline.bus.since().at(-1)?.seq ?? 0;
const recordEvents = (accountId: string, type: string, after: number) =>
  f.pipeline.bus
    .since(after)
    .filter((e) => e.detailType === type && (e.detail as Detail).accountId === accountId)
    .map((e) => (e.detail as Detail).recordId)
    .sort();
const isDeleted = async (accountId: string, id: string) =>
  (await f.records.get(accountId, MODEL, id))?.deleted;
/** Records stored this instant are never swept (written after the run started, as far as our clocks can tell). */
const pastOwnClockMargin = () => new Promise((r) => setTimeout(r, OWN_CLOCK_MARGIN_MS + 100));
const listRequests = (accountId: string, path: string) =>
  f.sim.requests.filter((r) => r.accountId === accountId && r.path.endsWith(`/${path}`));

/** Upstream removes records without a trace: no remote_was_deleted, no webhook. */
function vanish(accountId: string, indexes: number[]) {
  const ids = f.sim.records(accountId, MODEL).map((r) => String(r.id));
  const gone = indexes.map((i) => ids[i]!);
  for (const id of gone) f.sim.hardDeleteRecord(accountId, MODEL, id);
  return gone.sort();
}

/** Merge finishes a sync of the model and says so by webhook. */
async function mergeSyncs(accountId: string) {
  f.sim.runSync(accountId, { result: 'DONE' });
  await f.postWebhook(f.sim.modelSyncedEvent(accountId, MODEL));
  await f.pipeline.drain();
}

describe('models without modified_after: full listings with mark and sweep', () => {
  it('the catalog names the five models of the reference without modified_after', () => {
    for (const id of [
      'AccountingPeriod',
      'BankFeedAccount',
      'ItemFulfillment',
      'PaymentMethod',
      'PaymentTerm',
    ])
      expect(findModel(`accounting.${id}`)?.modifiedAfter).toBe(false);
  });

  it('every fetch lists in full (never modified_after); what vanished upstream becomes a tombstone with its deleted event', async () => {
    const account = await linkAndSync(
      f,
      'accounting',
      {
        [MODEL]: 150,
        [OTHER]: 12,
        'accounting.Invoice': 5,
      },
      ALL,
    );
    await expectStoreEqualsSimulator(f, account.id, MODEL);
    await expectStoreEqualsSimulator(f, account.id, OTHER);
    let state = await f.states.get(account.id, MODEL);
    // The initial sync is a listing too: nothing to sweep yet.
    expect(state.lastFullResync).toMatchObject({ outcome: 'swept', swept: 0 });

    const vanished = vanish(account.id, [4, 120]);
    const changed = String(f.sim.records(account.id, MODEL)[30]!.id);
    f.sim.updateRecord(account.id, MODEL, changed, { name: 'Net 45' });
    const added = String(f.sim.addRecord(account.id, MODEL).id);
    await pastOwnClockMargin();
    const from = lastSeq();
    f.sim.resetRequestLog();
    await mergeSyncs(account.id);

    const stored = await f.storedRecords(account.id, MODEL);
    expect(
      stored
        .filter((r) => r.deleted)
        .map((r) => r.id)
        .sort(),
    ).toEqual(vanished);
    expect(stored.filter((r) => !r.deleted)).toHaveLength(149);
    expect(recordEvents(account.id, DETAIL_TYPE.recordDeleted, from)).toEqual(vanished);
    expect(recordEvents(account.id, DETAIL_TYPE.recordChanged, from)).toEqual([changed]);
    expect(recordEvents(account.id, DETAIL_TYPE.recordAdded, from)).toEqual([added]);
    state = await f.states.get(account.id, MODEL);
    expect(state.lastFullResync).toMatchObject({ outcome: 'swept', swept: 2 });
    expect(state.lastRun?.counts).toMatchObject({ added: 1, changed: 1, deleted: 2 });
    // Two pages, both without modified_after (the list has none), and no catch-up pass.
    const requests = listRequests(account.id, 'payment-terms');
    expect(requests).toHaveLength(2);
    expect(requests.every((r) => r.query.modified_after === undefined)).toBe(true);
    // A model with modified_after in the same account is still fetched incrementally.
    await f.postWebhook(f.sim.modelSyncedEvent(account.id, 'accounting.Invoice'));
    await f.pipeline.drain();
    const invoices = listRequests(account.id, 'invoices');
    expect(invoices.length).toBeGreaterThan(0);
    expect(invoices.every((r) => r.query.modified_after !== undefined)).toBe(true);
  });

  it('removes nothing while the listing fails mid-way; once it completes, it sweeps', async () => {
    const account = await linkAndSync(f, 'accounting', { [MODEL]: 250 }, ALL);
    const vanished = vanish(account.id, [0, 200]);
    await pastOwnClockMargin();
    const from = lastSeq();
    f.sim.runSync(account.id, { result: 'DONE' });
    await f.postWebhook(f.sim.modelSyncedEvent(account.id, MODEL));
    await f.pipeline.sources.events.pollOnce();
    // Merge fails for good once the second page has been served: the job dies after page 2 of 3.
    const stop = failMergeFromPage(f, account.id, 1);
    const crashed = await f.pipeline.sources.jobs.pollOnce();
    stop();
    expect(crashed).toMatchObject({ received: 1, failed: 1 });
    const failed = await f.states.get(account.id, MODEL);
    expect(failed.run).toMatchObject({ pages: 2, fullResync: { phase: 'listing', kind: 'full-listing' } });
    for (const id of vanished) expect(await isDeleted(account.id, id)).toBe(false);
    expect(recordEvents(account.id, DETAIL_TYPE.recordDeleted, from)).toEqual([]);

    f.sim.clearFaults();
    resetProcessFailureBurstGuard(); // the failures above count for the whole process, for 10 s
    await f.pipeline.drain();
    for (const id of vanished) expect(await isDeleted(account.id, id)).toBe(true);
    expect(recordEvents(account.id, DETAIL_TYPE.recordDeleted, from)).toEqual(vanished);
    const stored = await f.storedRecords(account.id, MODEL);
    expect(stored.filter((r) => !r.deleted)).toHaveLength(248);
  });
});
