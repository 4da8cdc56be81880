import { claimRun } from '../../../shared/sync/claim-run';
import { HeldRun, LEASE_LOST } from '../../../shared/sync/held-run';
import { silentLog } from '../../../shared/observability/ports';
import type { FetchJob } from '../../../shared/queue/messages';
import { FakeClock, MemorySyncStateStore } from '../../helpers/fakes';

const ACC = 'acc';
const MODEL = 'crm.Lead';

/** What a held run writes with besides the states: continuations and logs, unused here. */
const heldDeps = <D extends object>(deps: D) => ({
  ...deps,
  queue: { send: async () => undefined },
  log: silentLog,
});

function setup() {
  const clock = new FakeClock();
  const states = new MemorySyncStateStore();
  let n = 0;
  const deps = { states, clock, newId: () => `run-${++n}` };
  const job = (patch: Partial<FetchJob> = {}): FetchJob => ({
    v: 1,
    kind: 'fetch',
    accountId: ACC,
    modelId: MODEL,
    reason: 'webhook',
    requestedAt: new Date(clock.now() - 1000).toISOString(),
    ...patch,
  });
  return { clock, states, deps, job };
}

describe('claimRun: one fetch per (account, model) at a time', () => {
  it('starts a run from the stored cursor, recording its start before any request', async () => {
    const { deps, job, states, clock } = setup();
    await states.save({ ...(await states.get(ACC, MODEL)), cursor: '2026-01-01T00:00:00.000Z' });
    const claim = await claimRun(deps, job(), 'h1', clock.now() + 60_000);
    expect(claim).toMatchObject({
      outcome: 'claimed',
      run: { id: 'run-1', modifiedAfter: '2026-01-01T00:00:00.000Z', pageCursor: null, holder: 'h1' },
    });
    expect((await states.get(ACC, MODEL)).run?.startedAt).toBe(new Date(clock.now()).toISOString());
  });

  it('a second job asked for before the live run started is covered by it', async () => {
    const { deps, job, clock } = setup();
    const first = job();
    await claimRun(deps, first, 'h1', clock.now() + 60_000);
    expect(await claimRun(deps, { ...first }, 'h2', clock.now() + 60_000)).toEqual({
      outcome: 'skipped',
      reason: 'covered-by-running-fetch',
    });
  });

  it('a job asked for after the live run started is left pending; the run follows it up', async () => {
    const { deps, job, clock, states } = setup();
    await claimRun(deps, job(), 'h1', clock.now() + 60_000);
    clock.advance(5000);
    const later = job({ requestedAt: new Date(clock.now()).toISOString() });
    expect(await claimRun(deps, later, 'h2', clock.now() + 60_000)).toEqual({
      outcome: 'skipped',
      reason: 'queued-behind-running-fetch',
    });
    expect((await states.get(ACC, MODEL)).pendingSince).toBe(later.requestedAt);
  });

  it('a run whose holder died (lease expired) is resumed from its checkpoint by the next job', async () => {
    const { deps, job, clock, states } = setup();
    const started = await claimRun(deps, job(), 'h1', clock.now() + 60_000);
    if (started.outcome !== 'claimed') throw new Error('the first job did not claim the run');
    const held = new HeldRun(heldDeps(deps), job(), 'h1', started.run);
    expect(await held.checkpoint((r) => ({ ...r, pageCursor: 'page-3', pages: 2 }))).toMatchObject({
      outcome: 'updated',
    });
    clock.advance(61_000);
    const resumed = await claimRun(
      deps,
      job({ runId: started.outcome === 'claimed' ? started.run.id : '' }),
      'h2',
      clock.now() + 60_000,
    );
    expect(resumed).toMatchObject({
      outcome: 'claimed',
      run: { id: 'run-1', pageCursor: 'page-3', pages: 2, holder: 'h2' },
    });
    // The dead holder can no longer write its checkpoint.
    expect(await held.checkpoint((r) => ({ ...r, pages: 99 }))).toEqual(LEASE_LOST);
    expect(held.run.pages).toBe(2);
    expect((await states.get(ACC, MODEL)).run?.holder).toBe('h2');
  });

  it('a continuation of a live run is skipped; of a finished run too', async () => {
    const { deps, job, clock, states } = setup();
    const claim = await claimRun(deps, job(), 'h1', clock.now() + 60_000);
    const runId = claim.outcome === 'claimed' ? claim.run.id : '';
    expect(await claimRun(deps, job({ runId }), 'h2', clock.now() + 60_000)).toEqual({
      outcome: 'skipped',
      reason: 'run-in-progress',
    });
    const { run: _run, ...rest } = await states.get(ACC, MODEL);
    await states.save({
      ...rest,
      lastRun: {
        id: runId,
        reason: 'webhook',
        startedAt: new Date(clock.now()).toISOString(),
        finishedAt: 'x',
        modifiedAfter: null,
        pages: 1,
        counts: rest.totals,
      },
    });
    expect(await claimRun(deps, job({ runId }), 'h3', clock.now() + 60_000)).toEqual({
      outcome: 'skipped',
      reason: 'run-already-finished',
    });
  });

  it('a job asked for before the last completed run started is covered by it', async () => {
    const { deps, job, clock, states } = setup();
    const state = await states.get(ACC, MODEL);
    await states.save({
      ...state,
      lastRun: {
        id: 'r0',
        reason: 'poll',
        startedAt: new Date(clock.now()).toISOString(),
        finishedAt: 'x',
        modifiedAfter: null,
        pages: 1,
        counts: state.totals,
      },
    });
    expect(await claimRun(deps, job(), 'h1', clock.now() + 60_000)).toEqual({
      outcome: 'skipped',
      reason: 'covered-by-completed-fetch',
    });
    clock.advance(1000);
    expect(
      (
        await claimRun(
          deps,
          job({ requestedAt: new Date(clock.now()).toISOString() }),
          'h1',
          clock.now() + 60_000,
        )
      ).outcome,
    ).toBe('claimed');
  });

  it('concurrent claims: exactly one wins', async () => {
    const { deps, job, clock } = setup();
    const claims = await Promise.all(
      [1, 2, 3, 4].map((i) => claimRun(deps, job(), `h${i}`, clock.now() + 60_000)),
    );
    expect(claims.filter((c) => c.outcome === 'claimed')).toHaveLength(1);
  });
});
