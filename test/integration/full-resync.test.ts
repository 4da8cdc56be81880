import { resyncCommand } from '../../infra/cli/commands/resync';
import { resetProcessFailureBurstGuard } from '../../shared/merge/client';
import { DETAIL_TYPE } from '../../shared/events/change-events';
import { resyncAccount } from '../../shared/operations/operator-actions';
import type { FetchJob } from '../../shared/queue/messages';
import { Deadline } from '../../shared/sync/deadline';
import { runFetchJob } from '../../shared/sync/fetch-job';
import { OWN_CLOCK_MARGIN_MS } from '../../shared/sync/full-resync-sweep';
import { capturedLogLines } from '../helpers/log-capture';
import { engineDeps, operatorDeps, testTerminal } from '../helpers/operator-target';
import {
  type SyncFixture,
  expectedData,
  failMergeFromPage,
  linkAndSync,
  useSyncFixture,
} from '../helpers/sync-fixture';
import { defaultModels } from '../helpers/default-models';
import { takeFetchJob } from '../helpers/take-fetch-job';

let f: SyncFixture;
// No clock skew between the simulator and the functions here (one machine): with no cursor overlap, a
// catch-up pass sees only what changed during the run (with the default 120 s it would see every
// record these tests just seeded, and wait between passes).
useSyncFixture((started) => (f = started), {
  pipeline: {
    syncConfigOverrides: {
      models: defaultModels('crm.Lead', 'crm.Contact', 'ticketing.Ticket'),
      planRequestsPerMinute: 6000,
      cursorOverlapSeconds: 0,
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
const syncedAtById = async (accountId: string, modelId: string) =>
  new Map((await f.storedRecords(accountId, modelId)).map((r) => [r.id, r.syncedAt]));
const isDeleted = async (accountId: string, modelId: string, id: string) =>
  (await f.records.get(accountId, modelId, id))?.deleted;
/** Records stored this instant are never swept (written after the run started, as far as our clocks can tell). */
const pastOwnClockMargin = () => new Promise((r) => setTimeout(r, OWN_CLOCK_MARGIN_MS + 100));

/** Upstream removes records without a trace: no remote_was_deleted, no webhook. */
function vanish(accountId: string, modelId: string, indexes: number[]) {
  const ids = f.sim.records(accountId, modelId).map((r) => String(r.id));
  const gone = indexes.map((i) => ids[i]!);
  for (const id of gone) f.sim.hardDeleteRecord(accountId, modelId, id);
  return gone.sort();
}

const takeJob = (accountId: string) => takeFetchJob(f, accountId);

/**
 * Five seconds left for our own work, but room for one Merge request: the Merge client is not held
 * to this deadline (with 5 s left it would start no request, whose timeout is 60 s).
 */
class FiveSecondsLeft extends Deadline {
  constructor() {
    super(() => 5_000);
  }
  override mergeDeadlineAtMs(): undefined {
    return undefined;
  }
}

/** One fetch invocation with five seconds left: it hands over after its first page or phase. */
const runWithFiveSecondsLeft = async (job: FetchJob) =>
  runFetchJob(await engineDeps(f), job, new FiveSecondsLeft());

describe('resync --full: mark and sweep', () => {
  let accountId = '';

  it('removes records that disappeared upstream without a delete signal, with their events, and keeps all others', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 250 });
    accountId = account.id;
    const leads = f.sim.records(account.id, 'crm.Lead').map((r) => String(r.id));
    const vanished = vanish(account.id, 'crm.Lead', [3, 120, 249]);
    const changed = leads[10]!;
    f.sim.updateRecord(account.id, 'crm.Lead', changed, { title: 'changed before the resync' });
    // While the listing is on its second page, two records of its first page change upstream.
    const changedMeanwhile = [leads[20]!, leads[21]!];
    let changedYet = false;
    const stop = f.sim.onBeforePage(({ accountId: id, pageIndex }) => {
      if (id !== account.id || pageIndex !== 1 || changedYet) return;
      changedYet = true;
      for (const lead of changedMeanwhile)
        f.sim.updateRecord(account.id, 'crm.Lead', lead, { title: 'meanwhile' });
    });
    const before = await syncedAtById(account.id, 'crm.Lead');
    await pastOwnClockMargin();
    const from = lastSeq();
    f.sim.resetRequestLog();
    f.dynamoWrites.reset();

    const { terminal, out: said } = testTerminal({ interactive: false });
    await resyncCommand(operatorDeps(f), terminal, account.id, 'crm.Lead', { full: true });
    expect(said.join('\n')).toMatch(
      /Full resync requested for crm\.Lead.*records Merge no longer returns are removed/,
    );
    await f.pipeline.drain();
    stop();

    const stored = await f.storedRecords(account.id, 'crm.Lead');
    expect(stored).toHaveLength(250);
    const tombstones = stored.filter((r) => r.deleted);
    expect(tombstones.map((r) => r.id).sort()).toEqual(vanished);
    expect(tombstones.every((r) => r.data.remote_was_deleted === true)).toBe(true);
    // Everything else is exactly what Merge has, the changes made during the listing included...
    const truth = new Map(f.sim.records(account.id, 'crm.Lead').map((r) => [String(r.id), r]));
    for (const record of stored.filter((r) => !r.deleted))
      expect(record.data).toEqual(expectedData(truth.get(record.id)!));
    // ...and only changed and vanished records were written: marking leaves records (and the feed) alone.
    const rewritten = stored.filter((r) => before.get(r.id) !== r.syncedAt).map((r) => r.id);
    expect(rewritten.sort()).toEqual([changed, ...changedMeanwhile, ...vanished].sort());

    expect(recordEvents(account.id, DETAIL_TYPE.recordDeleted, from)).toEqual(vanished);
    expect(recordEvents(account.id, DETAIL_TYPE.recordChanged, from)).toEqual(
      [changed, ...changedMeanwhile].sort(),
    );
    expect(recordEvents(account.id, DETAIL_TYPE.recordAdded, from)).toEqual([]);
    const state = await f.states.get(account.id, 'crm.Lead');
    // The listing found 246 records as stored (marked seen); the catch-up pass the two changed meanwhile.
    expect(state.lastFullResync).toMatchObject({ outcome: 'swept', swept: 3, marked: 246 });
    expect(state.lastRun?.counts).toMatchObject({ deleted: 3, changed: 3, unchanged: 246 });
    expect(state.fullResyncRequest).toBeUndefined();
    expect(state.run).toBeUndefined();
    expect(state.cursor).not.toBeNull();
    // The full listing (3 pages), then one catch-up pass over what changed meanwhile (a single page).
    const leadRequests = f.sim.requests.filter(
      (r) => r.accountId === account.id && r.path.endsWith('/leads'),
    );
    expect(leadRequests.filter((r) => r.query.modified_after === undefined)).toHaveLength(3);
    expect(leadRequests.filter((r) => r.query.modified_after !== undefined)).toHaveLength(1);
    // The seen marks: 25 to a BatchWriteItem (246 records: 10 or more requests).
    expect(f.dynamoWrites.count('BatchWriteItem')).toBeGreaterThanOrEqual(10);
  });

  it('ordinary syncs after it still write nothing for unchanged records: no marks', async () => {
    expect(accountId).not.toBe('');
    const before = await syncedAtById(accountId, 'crm.Lead');
    f.sim.runSync(accountId, { result: 'DONE' });
    f.dynamoWrites.reset();
    await f.postWebhook(f.sim.modelSyncedEvent(accountId, 'crm.Lead'));
    await f.pipeline.drain();
    let state = await f.states.get(accountId, 'crm.Lead');
    expect(state.lastRun?.reason).toBe('webhook');
    // From the cursor (the resync's start): the two records that changed during it, now unchanged.
    expect(state.lastRun?.counts).toMatchObject({ added: 0, changed: 0, deleted: 0, unchanged: 2 });
    expect(f.dynamoWrites.count('BatchWriteItem')).toBe(0); // no records, no seen marks
    expect(f.dynamoWrites.count('PutItem')).toBeLessThan(15); // run bookkeeping only

    // A plain resync (a full fetch without --full) returns all 247: not one write for them either.
    f.dynamoWrites.reset();
    await resyncCommand(
      operatorDeps(f),
      testTerminal({ interactive: false }).terminal,
      accountId,
      'crm.Lead',
    );
    await f.pipeline.drain();
    state = await f.states.get(accountId, 'crm.Lead');
    expect(state.lastRun?.counts).toMatchObject({ added: 0, changed: 0, deleted: 0, unchanged: 247 });
    expect(f.dynamoWrites.count('BatchWriteItem')).toBe(0);
    expect(f.dynamoWrites.count('PutItem')).toBeLessThan(15);
    expect(await syncedAtById(accountId, 'crm.Lead')).toEqual(before);
  });

  it('removes nothing when stopped at a hand-over and never resumed; a second resync supersedes it', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 150 });
    const vanished = vanish(account.id, 'crm.Lead', [5, 140]);
    await pastOwnClockMargin();
    const from = lastSeq();
    await resyncAccount(operatorDeps(f), account.id, 'crm.Lead', { full: true });
    const firstEpoch = (await f.states.get(account.id, 'crm.Lead')).fullResyncRequest?.epoch;
    // Five seconds left: the fetch hands over after its first page...
    expect(await runWithFiveSecondsLeft(await takeJob(account.id))).toMatchObject({
      outcome: 'handed-off',
      pages: 1,
    });
    // ...and its continuation is lost: the run is never resumed.
    await takeJob(account.id);
    const stopped = await f.states.get(account.id, 'crm.Lead');
    expect(stopped.run).toMatchObject({ leaseUntil: 0, fullResync: { epoch: firstEpoch, phase: 'listing' } });
    for (const id of vanished) expect(await isDeleted(account.id, 'crm.Lead', id)).toBe(false);
    expect(recordEvents(account.id, DETAIL_TYPE.recordDeleted, from)).toEqual([]);

    // A second resync --full: the stopped run is resumed and completes without sweeping (superseded);
    // the follow-up full fetch answers the second request and sweeps, once.
    await resyncAccount(operatorDeps(f), account.id, 'crm.Lead', { full: true });
    const secondEpoch = (await f.states.get(account.id, 'crm.Lead')).fullResyncRequest?.epoch;
    expect(secondEpoch).not.toBe(firstEpoch);
    await f.pipeline.drain();
    const state = await f.states.get(account.id, 'crm.Lead');
    expect(state.lastFullResync).toMatchObject({ epoch: secondEpoch, outcome: 'swept', swept: 2 });
    const superseded = capturedLogLines().filter(
      (l) => l.includes('full resync ends without a sweep') && l.includes(account.id),
    );
    expect(superseded).toHaveLength(1);
    expect(superseded[0]).toContain('"superseded"');
    expect(recordEvents(account.id, DETAIL_TYPE.recordDeleted, from)).toEqual(vanished);
  });

  it('removes nothing when the account is deleted before its sweep', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 40 });
    vanish(account.id, 'crm.Lead', [7]);
    await pastOwnClockMargin();
    const from = lastSeq();
    await resyncAccount(operatorDeps(f), account.id, 'crm.Lead', { full: true });
    // By hand: the listing (one page), then the catch-up pass (one page); the sweep is next.
    expect(await runWithFiveSecondsLeft(await takeJob(account.id))).toMatchObject({ outcome: 'handed-off' });
    expect(await runWithFiveSecondsLeft(await takeJob(account.id))).toMatchObject({ outcome: 'handed-off' });
    expect((await f.states.get(account.id, 'crm.Lead')).run?.fullResync?.phase).toBe('sweeping');
    // Merge says the account is gone before the continuation sweeps.
    await f.postWebhook(f.sim.accountDeletedEvent(account.id));
    await f.pipeline.sources.events.pollOnce();
    await f.pipeline.drain();
    expect(await f.accounts.get(account.id)).toMatchObject({ status: 'DELETED' });
    expect(await f.storedRecords(account.id, 'crm.Lead')).toEqual([]);
    expect(recordEvents(account.id, DETAIL_TYPE.recordDeleted, from)).toEqual([]);
    expect(
      capturedLogLines().some(
        (l) => l.includes('fetch job skipped') && l.includes(account.id) && l.includes('account-not-active'),
      ),
    ).toBe(true);
  });

  it('keeps what changed or was written during the fetch; what vanished meanwhile waits for the next resync', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 150 });
    await pastOwnClockMargin();
    await resyncAccount(operatorDeps(f), account.id, 'crm.Lead', { full: true });
    const outcome = await runWithFiveSecondsLeft(await takeJob(account.id));
    expect(outcome).toMatchObject({ outcome: 'handed-off', pages: 1 });
    // Between the invocations: a record already listed changes upstream, and a new record is added,
    // announced by webhook (stored), then removed upstream without a trace before the fetch sees it.
    const changed = String(f.sim.records(account.id, 'crm.Lead')[2]!.id);
    f.sim.updateRecord(account.id, 'crm.Lead', changed, { title: 'changed during the resync' });
    const added = String(f.sim.addRecord(account.id, 'crm.Lead').id);
    await f.postWebhook(f.sim.changedDataEvent(account.id, 'crm.Lead', added, 'added'));
    await f.pipeline.sources.events.pollOnce();
    expect(await isDeleted(account.id, 'crm.Lead', added)).toBe(false);
    f.sim.hardDeleteRecord(account.id, 'crm.Lead', added);
    await f.pipeline.drain(); // the continuation: the rest of the listing, a catch-up pass, the sweep

    expect((await f.records.get(account.id, 'crm.Lead', changed))?.data.title).toBe(
      'changed during the resync',
    );
    // Written after the run started, so this resync cannot tell it from a record Merge just created.
    expect(await isDeleted(account.id, 'crm.Lead', added)).toBe(false);
    expect((await f.states.get(account.id, 'crm.Lead')).lastFullResync).toMatchObject({
      outcome: 'swept',
      swept: 0,
    });

    await pastOwnClockMargin();
    await resyncAccount(operatorDeps(f), account.id, 'crm.Lead', { full: true });
    await f.pipeline.drain();
    expect(await isDeleted(account.id, 'crm.Lead', added)).toBe(true);
    expect(await isDeleted(account.id, 'crm.Lead', changed)).toBe(false);
  });

  it('removes nothing while the fetch fails mid-way; once it resumes and completes, it sweeps', async () => {
    const account = await linkAndSync(f, 'ticketing', { 'ticketing.Ticket': 250 });
    const vanished = vanish(account.id, 'ticketing.Ticket', [0, 200]);
    await pastOwnClockMargin();
    const from = lastSeq();
    await resyncAccount(operatorDeps(f), account.id, 'ticketing.Ticket', { full: true });
    // Merge fails for good once the second page has been served: the job dies after page 2.
    const stop = failMergeFromPage(f, account.id, 1);
    const crashed = await f.pipeline.sources.jobs.pollOnce();
    stop();
    expect(crashed).toMatchObject({ received: 1, failed: 1 });
    const failed = await f.states.get(account.id, 'ticketing.Ticket');
    expect(failed.run).toMatchObject({ pages: 2, fullResync: { phase: 'listing' } });
    for (const id of vanished) expect(await isDeleted(account.id, 'ticketing.Ticket', id)).toBe(false);
    expect(recordEvents(account.id, DETAIL_TYPE.recordDeleted, from)).toEqual([]);

    // Merge recovers; SQS redelivers the job, which resumes at page 3 and completes: now the sweep runs.
    f.sim.clearFaults();
    resetProcessFailureBurstGuard(); // the failures above count for the whole process, for 10 s
    await f.pipeline.drain();
    for (const id of vanished) expect(await isDeleted(account.id, 'ticketing.Ticket', id)).toBe(true);
    expect(recordEvents(account.id, DETAIL_TYPE.recordDeleted, from)).toEqual(vanished);
  });
});
