import { silentLog } from '../../../shared/observability/ports';
import type { FetchJob, Job } from '../../../shared/queue/messages';
import { Deadline, SAFETY_MARGIN_MS } from '../../../shared/sync/deadline';
import { HeldRun, LEASE_LOST } from '../../../shared/sync/held-run';
import { FakeClock, MemorySyncStateStore } from '../../helpers/fakes';

const ACC = 'acc';
const MODEL = 'crm.Lead';

function setup() {
  const clock = new FakeClock();
  const states = new MemorySyncStateStore();
  const sent: { message: Job; delaySeconds: number | undefined }[] = [];
  const queue = {
    async send(_queue: string, messages: unknown[], options?: { delaySeconds?: number }) {
      for (const message of messages)
        sent.push({ message: message as Job, delaySeconds: options?.delaySeconds });
    },
  };
  let n = 0;
  const deps = { states, clock, queue, log: silentLog, newId: () => `id-${++n}` };
  const job: FetchJob = {
    v: 1,
    kind: 'fetch',
    accountId: ACC,
    modelId: MODEL,
    reason: 'poll',
    requestedAt: new Date(clock.now() - 1000).toISOString(),
  };
  const claim = async (remainingMs = 60_000) => {
    const claimed = await HeldRun.claim(deps, job, new Deadline(() => remainingMs));
    if (claimed.outcome !== 'claimed') throw new Error(`not claimed: ${claimed.reason}`);
    return claimed.held;
  };
  return { clock, states, sent, deps, job, claim };
}

describe('HeldRun: the run this invocation holds', () => {
  it('is leased until the deadline, with a margin; a second claim steps aside', async () => {
    const { clock, states, deps, job, claim } = setup();
    const held = await claim(60_000);
    expect(held.run.leaseUntil).toBeGreaterThan(clock.now() + 60_000);
    expect((await states.get(ACC, MODEL)).run?.holder).toBe(held.holder);
    expect(await HeldRun.claim(deps, job, new Deadline(() => 60_000))).toEqual({
      outcome: 'skipped',
      reason: 'covered-by-running-fetch',
    });
  });

  it('keeps its run as last checkpointed, with the state it was written with', async () => {
    const { states, claim } = setup();
    const held = await claim();
    const updated = await held.update((state, run) => ({
      ...state,
      pendingSince: 'p',
      run: { ...run, pages: run.pages + 1 },
    }));
    expect(updated).toMatchObject({ outcome: 'updated', state: { pendingSince: 'p', run: { pages: 1 } } });
    expect(held.run.pages).toBe(1);
    expect((await states.get(ACC, MODEL)).run?.pages).toBe(1);
  });

  it('hands over: the lease ends, a continuation of the same run is queued with the delay', async () => {
    const { states, sent, claim } = setup();
    const held = await claim();
    expect(await held.handOver(120)).toEqual({ outcome: 'handed-off', runId: held.run.id, pages: 0 });
    expect((await states.get(ACC, MODEL)).run?.leaseUntil).toBe(0);
    expect(sent).toEqual([
      { message: expect.objectContaining({ kind: 'fetch', runId: held.run.id }), delaySeconds: 120 },
    ]);
  });

  it('reports the lease lost once another invocation took the run over, and writes nothing', async () => {
    const { clock, states, sent, claim } = setup();
    const held = await claim(1_000);
    clock.advance(60_000); // the lease (1 s and the margin) has run out
    const next = await HeldRun.claim(
      { states, clock, queue: { send: async () => undefined }, log: silentLog, newId: () => 'h2' },
      { ...held.job, runId: held.run.id },
      new Deadline(() => 60_000),
    );
    expect(next.outcome).toBe('claimed');
    expect(await held.checkpoint((run) => ({ ...run, pages: 7 }))).toEqual(LEASE_LOST);
    expect(await held.release({ kind: 'error', message: 'late' })).toEqual(LEASE_LOST);
    expect(await held.handOver(0)).toEqual(LEASE_LOST);
    expect(sent).toEqual([]);
    const state = await states.get(ACC, MODEL);
    expect({ holder: state.run?.holder, pages: state.run?.pages, lastError: state.lastError }).toEqual({
      holder: 'h2',
      pages: 0,
      lastError: undefined,
    });
  });
});

describe('Deadline: stop at the next checkpoint before the time runs out', () => {
  it('is near within the safety margin', () => {
    let left = SAFETY_MARGIN_MS + 1;
    const deadline = new Deadline(() => left);
    expect(deadline.isNear()).toBe(false);
    left = SAFETY_MARGIN_MS - 1;
    expect(deadline.isNear()).toBe(true);
  });

  it('keeps three times the slowest page in hand', () => {
    const deadline = new Deadline(() => 20_000);
    deadline.pageTook(5_000);
    expect(deadline.isNear()).toBe(false);
    deadline.pageTook(7_000);
    deadline.pageTook(1_000); // a faster page does not lower the estimate
    expect(deadline.isNear()).toBe(true);
  });

  it("follows the Lambda context's remaining time; none() is never near", () => {
    let left = 300_000;
    const deadline = Deadline.of({ getRemainingTimeInMillis: () => left });
    expect(deadline.remainingMs()).toBe(300_000);
    left = 5_000;
    expect(deadline.isNear()).toBe(true);
    expect(Deadline.none().isNear()).toBe(false);
  });
});
