import { DEFAULT_SYNC_CONFIG } from '../../../shared/config/default-sync-config';
import { parseSyncConfig } from '../../../shared/config/sync-config';
import { silentLog } from '../../../shared/observability/ports';
import type { FetchJob } from '../../../shared/queue/messages';
import type { StoredRecord } from '../../../shared/core/records';
import { claimRun } from '../../../shared/sync/claim-run';
import {
  endOfPass,
  MAX_CATCH_UP_PASSES,
  modifiedAfterOf,
  recordSwept,
  startCatchUpPass,
} from '../../../shared/sync/full-resync';
import { tombstoneOf, unseenRecords } from '../../../shared/sync/full-resync-sweep';
import { HeldRun } from '../../../shared/sync/held-run';
import { FakeClock, MemorySyncStateStore } from '../../helpers/fakes';

const ACC = 'acc';
const MODEL = 'crm.Lead';

function setup() {
  const clock = new FakeClock();
  const states = new MemorySyncStateStore();
  const deps = {
    states,
    clock,
    settings: parseSyncConfig({ ...DEFAULT_SYNC_CONFIG, cursorOverlapSeconds: 120 }),
    log: silentLog,
    queue: { send: async () => undefined },
    newId: () => 'run-1',
  };
  const job: FetchJob = {
    v: 1,
    kind: 'fetch',
    accountId: ACC,
    modelId: MODEL,
    reason: 'manual',
    requestedAt: new Date(clock.now()).toISOString(),
  };
  const requestResync = async (epoch: string) => {
    const state = await states.get(ACC, MODEL);
    await states.save({
      ...state,
      cursor: null,
      fullResyncRequest: { epoch, requestedAt: new Date(clock.now()).toISOString() },
    });
  };
  /** Claims the job's run as holder h1. */
  const claimHeld = async () => {
    const claim = await claimRun(deps, job, 'h1', clock.now() + 60_000);
    if (claim.outcome !== 'claimed') throw new Error(`not claimed: ${claim.reason}`);
    return new HeldRun(deps, job, 'h1', claim.run);
  };
  /** The end of a pass, while h1 holds the run. */
  const endPass = async (held: HeldRun, singlePage: boolean) => {
    const end = await endOfPass(deps, held, singlePage);
    if (end.outcome === 'lease-lost') throw new Error('lease lost');
    return end;
  };
  return { clock, states, deps, job, requestResync, claimHeld, endPass };
}

const record = (id: string, patch: Partial<StoredRecord> = {}): StoredRecord => ({
  accountId: ACC,
  modelId: MODEL,
  id,
  data: { id, modified_at: '2026-01-01T00:00:00.000000Z', remote_was_deleted: false },
  contentHash: `hash-${id}`,
  modifiedAtKey: '2026-01-01T00:00:00.000000',
  deleted: false,
  syncedAt: '2026-01-01T00:00:00.000Z',
  ...patch,
});

describe('full resync: the run answering a request goes listing → catch-up → sweep', () => {
  it('a full fetch run adopts the request; a run with a cursor does not', async () => {
    const { deps, job, clock, states, requestResync } = setup();
    await requestResync('e1');
    clock.advance(1000);
    const claim = await claimRun(deps, job, 'h1', clock.now() + 60_000);
    expect(claim.outcome === 'claimed' && claim.run.fullResync).toEqual({
      epoch: 'e1',
      phase: 'listing',
      marked: 0,
      swept: 0,
    });
    const other = new MemorySyncStateStore();
    await other.save({ ...(await other.get(ACC, MODEL)), cursor: '2026-01-01T00:00:00.000Z' });
    await other.save({
      ...(await other.get(ACC, MODEL)),
      fullResyncRequest: { epoch: 'e1', requestedAt: '' },
    });
    const incremental = await claimRun({ ...deps, states: other }, job, 'h1', clock.now() + 60_000);
    expect(incremental.outcome === 'claimed' && incremental.run.fullResync).toBeUndefined();
    expect((await states.get(ACC, MODEL)).run?.holder).toBe('h1');
  });

  it('catch-up passes start from the previous pass (less the overlap) until one is a single page', async () => {
    const { deps, clock, requestResync, claimHeld, endPass } = setup();
    await requestResync('e1');
    const held = await claimHeld();
    const startedAt = held.run.startedAt;
    clock.advance(600_000); // a ten-minute listing
    let next = await endPass(held, false);
    expect(next.run.fullResync?.phase).toBe('catch-up');
    expect(next.delaySeconds).toBe(0);
    expect(next.run.pageCursor).toBeNull();
    expect(modifiedAfterOf(next.run)).toBe(new Date(Date.parse(startedAt) - 120_000).toISOString());
    clock.advance(5_000);
    expect(await startCatchUpPass(deps, held)).toMatchObject({ outcome: 'updated' });
    const firstPassStart = held.run.fullResync?.pass?.startedAt as string;
    expect(firstPassStart).toBe(new Date(clock.now()).toISOString());
    clock.advance(30_000);
    // That pass had several pages: another one, after waiting the overlap (a burst leaves the window).
    next = await endPass(held, false);
    expect(next.run.fullResync?.pass).toEqual({
      number: 2,
      modifiedAfter: new Date(Date.parse(firstPassStart) - 120_000).toISOString(),
    });
    expect(next.delaySeconds).toBe(120);
    next = await endPass(held, true); // one page: a consistent read
    expect(next.run.fullResync).toMatchObject({ phase: 'sweeping', sweepPageToken: null });
    expect(modifiedAfterOf(next.run)).toBeNull();
  });

  it('gives up the sweep (and answers the request) when every catch-up pass kept paging', async () => {
    const { states, requestResync, claimHeld, endPass } = setup();
    await requestResync('e1');
    const held = await claimHeld();
    let run = (await endPass(held, false)).run;
    for (let pass = 1; pass < MAX_CATCH_UP_PASSES; pass++) run = (await endPass(held, false)).run;
    expect(run.fullResync?.pass?.number).toBe(MAX_CATCH_UP_PASSES);
    run = (await endPass(held, false)).run;
    expect(run.fullResync).toBeUndefined();
    const state = await states.get(ACC, MODEL);
    expect(state.lastFullResync).toMatchObject({ epoch: 'e1', outcome: 'gave-up' });
    expect(state.fullResyncRequest).toBeUndefined();
    expect(state.run?.id).toBe(run.id); // the run itself goes on, as an ordinary full fetch
  });

  it('a newer request supersedes the run: no sweep, and the newer request stays for the next run', async () => {
    const { states, requestResync, claimHeld, endPass } = setup();
    await requestResync('e1');
    const held = await claimHeld();
    await requestResync('e2');
    const { run } = await endPass(held, true);
    expect(run.fullResync).toBeUndefined();
    const state = await states.get(ACC, MODEL);
    expect(state.lastFullResync).toMatchObject({ epoch: 'e1', outcome: 'superseded' });
    expect(state.fullResyncRequest?.epoch).toBe('e2');
  });

  it('a completed sweep answers its own request only', async () => {
    const { deps, job, clock, states, requestResync } = setup();
    await requestResync('e1');
    await claimRun(deps, job, 'h1', clock.now() + 60_000);
    const state = await states.get(ACC, MODEL);
    const done = recordSwept(state, state.run!, '2026-01-02T00:00:00.000Z');
    expect(done.fullResyncRequest).toBeUndefined();
    expect(done.lastFullResync).toMatchObject({ epoch: 'e1', outcome: 'swept' });
  });
});

describe('a model without modified_after: every run is a full listing that sweeps', () => {
  const listingJob = (requestedAt: string): FetchJob => ({
    v: 1,
    kind: 'fetch',
    accountId: ACC,
    modelId: 'accounting.PaymentTerm',
    reason: 'poll',
    requestedAt,
  });

  it('lists without modified_after even with a cursor, then sweeps after a multi-page listing', async () => {
    const { deps, clock, states } = setup();
    const job = listingJob(new Date(clock.now()).toISOString());
    const state = await states.get(ACC, job.modelId);
    await states.save({ ...state, cursor: '2026-01-01T00:00:00.000Z' });
    clock.advance(1000);
    const claim = await claimRun(deps, job, 'h1', clock.now() + 60_000);
    if (claim.outcome !== 'claimed') throw new Error('not claimed');
    expect(claim.run.modifiedAfter).toBeNull();
    expect(claim.run.fullResync).toEqual({
      epoch: 'run-1',
      kind: 'full-listing',
      phase: 'listing',
      marked: 0,
      swept: 0,
    });
    const held = new HeldRun(deps, job, 'h1', claim.run);
    const end = await endOfPass(deps, held, false);
    // No catch-up pass (the list has no modified_after), and no request to be superseded by.
    expect(end.outcome === 'updated' && end.run.fullResync).toMatchObject({ phase: 'sweeping' });
    expect(end.outcome === 'updated' && end.delaySeconds).toBe(0);
  });

  it("answers an operator's pending resync request with the same listing", async () => {
    const { deps, clock, states } = setup();
    const job = listingJob(new Date(clock.now()).toISOString());
    const state = await states.get(ACC, job.modelId);
    await states.save({ ...state, fullResyncRequest: { epoch: 'e9', requestedAt: job.requestedAt } });
    clock.advance(1000);
    const claim = await claimRun(deps, job, 'h1', clock.now() + 60_000);
    if (claim.outcome !== 'claimed') throw new Error('not claimed');
    expect(claim.run.fullResync).toMatchObject({ epoch: 'e9', kind: 'full-listing' });
    const done = recordSwept(claim.state, claim.run, '2026-01-02T00:00:00.000Z');
    expect(done.fullResyncRequest).toBeUndefined();
    expect(done.lastFullResync).toMatchObject({ epoch: 'e9', outcome: 'swept' });
  });
});

describe('what the sweep removes', () => {
  const start = '2026-01-01T01:00:00.000Z';
  it('only records alive, unmarked for this epoch, and last written before the run started', () => {
    const records = [
      record('gone'), // written long before, not returned: removed
      record('seen'), // marked by this epoch: kept
      record('old-mark'), // marked by an earlier resync only: removed
      record('tombstone', { deleted: true }), // already deleted: left alone
      record('webhook', { syncedAt: '2026-01-01T01:00:05.000Z' }), // written during the run: kept
      record('skew', { syncedAt: '2026-01-01T00:59:59.500Z' }), // within our clocks' margin: kept
    ];
    const marks = new Map([
      ['seen', 'e1'],
      ['old-mark', 'e0'],
    ]);
    expect(unseenRecords(records, marks, 'e1', start).map((r) => r.id)).toEqual(['gone', 'old-mark']);
  });

  it('a tombstone is the stored record marked deleted at the same modified_at, with a new hash', () => {
    const stored = record('r1', { droppedFields: ['remote_data'] });
    const tombstone = tombstoneOf(stored);
    expect(tombstone).toMatchObject({
      id: 'r1',
      modelId: MODEL,
      deleted: true,
      modifiedAtKey: stored.modifiedAtKey,
      droppedFields: ['remote_data'],
    });
    expect(tombstone.data).toEqual({ ...stored.data, remote_was_deleted: true });
    expect(tombstone.contentHash).not.toBe(stored.contentHash);
  });
});
