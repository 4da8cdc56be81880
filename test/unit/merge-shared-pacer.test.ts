import { SharedRequestPacer } from '../../shared/merge/shared-request-pacer';
import { FakeClock, MemoryRateScheduleStore, VirtualClock } from '../helpers/fakes';

describe('SharedRequestPacer: a per-account budget shared by every instance', () => {
  it('never lets more than the limit through in any 60-second window, across instances', async () => {
    const clock = new VirtualClock();
    const store = new MemoryRateScheduleStore();
    const pacers = [1, 2, 3].map(() => new SharedRequestPacer(store, { requestsPerMinute: 95, clock }));
    const sent: number[] = [];
    // Three instances (three Lambdas fetching three models of one account) send as fast as allowed.
    const instance = async (pacer: SharedRequestPacer) => {
      for (let i = 0; i < 100; i++) {
        await pacer.acquire('acc');
        sent.push(clock.now());
      }
    };
    await clock.run(Promise.all(pacers.map(instance)));
    sent.sort((a, b) => a - b);
    let worst = 0;
    for (let i = 0; i < sent.length; i++) {
      const inWindow = sent.filter((t) => t >= sent[i]! && t < sent[i]! + 60_000).length;
      worst = Math.max(worst, inWindow);
    }
    expect(worst).toBeLessThanOrEqual(96);
    expect(worst).toBeGreaterThanOrEqual(90); // and it really uses the budget
  });

  it('keeps accounts independent', async () => {
    const clock = new FakeClock();
    const pacer = new SharedRequestPacer(new MemoryRateScheduleStore(), { requestsPerMinute: 60, clock });
    await pacer.acquire('a');
    const before = clock.now();
    await pacer.acquire('b');
    expect(clock.now()).toBe(before);
  });

  it('a 429 back-off pauses every instance until the given time', async () => {
    const clock = new FakeClock();
    const store = new MemoryRateScheduleStore();
    const one = new SharedRequestPacer(store, { requestsPerMinute: 600, clock });
    const two = new SharedRequestPacer(store, { requestsPerMinute: 600, clock });
    await one.backOff('acc', clock.now() + 30_000);
    const start = clock.now();
    await two.acquire('acc');
    expect(clock.now() - start).toBeGreaterThanOrEqual(30_000);
  });

  it('reserves slots in small leases (about one store write per second of requests)', async () => {
    const clock = new FakeClock();
    const store = new MemoryRateScheduleStore();
    const pacer = new SharedRequestPacer(store, { requestsPerMinute: 600, clock });
    for (let i = 0; i < 100; i++) await pacer.acquire('acc');
    expect(store.writes).toBe(10);
  });

  it("paces an account at its own plan limit (accounts configure), others at the deployment's", async () => {
    const clock = new FakeClock();
    const store = new MemoryRateScheduleStore();
    store.planLimits.set('pro', 400); // a Professional account in a Launch deployment
    store.planLimits.set('small', 20);
    const pacer = new SharedRequestPacer(store, { requestsPerMinute: 95, budgetShare: 0.95, clock });
    const spacing = async (accountId: string) => {
      await pacer.acquire(accountId);
      const start = clock.now();
      for (let i = 0; i < 20; i++) await pacer.acquire(accountId);
      return (clock.now() - start) / 20;
    };
    expect(await spacing('pro')).toBeCloseTo(60_000 / 380, 0); // 95% of 400
    expect(await spacing('small')).toBeCloseTo(60_000 / 19, 0); // 95% of 20
    expect(await spacing('plain')).toBeCloseTo(60_000 / 95, 0);
  });

  it("reads an account's plan limit at most once a minute, and follows a change after that", async () => {
    const clock = new FakeClock();
    const store = new MemoryRateScheduleStore();
    store.planLimits.set('acc', 600);
    const pacer = new SharedRequestPacer(store, { requestsPerMinute: 95, budgetShare: 1, clock });
    for (let i = 0; i < 50; i++) await pacer.acquire('acc');
    expect(store.planLimitReads).toBe(1);
    store.planLimits.set('acc', 60);
    clock.advance(60_000);
    await pacer.acquire('acc');
    const start = clock.now();
    await pacer.acquire('acc');
    await pacer.acquire('acc');
    expect(store.planLimitReads).toBe(2);
    expect(clock.now() - start).toBeGreaterThanOrEqual(2 * 1000 - 1);
  });

  it("answers without waiting when the account's next slot is after the caller's latest start", async () => {
    const clock = new FakeClock();
    const store = new MemoryRateScheduleStore();
    const pacer = new SharedRequestPacer(store, { requestsPerMinute: 600, clock });
    const start = clock.now();
    await pacer.backOff('acc', start + 30_000);

    expect(await pacer.acquire('acc', { latestStartMs: start + 10_000 })).toEqual({
      granted: false,
      slotAtMs: start + 30_000,
    });
    expect(clock.now()).toBe(start);
    // Nothing was reserved for the refused caller, so nothing of the budget is wasted.
    expect(store.items.get('acc')?.nextSlotAt).toBe(start + 30_000);
    expect(await pacer.acquire('acc', { latestStartMs: start + 40_000 })).toEqual({ granted: true });
    expect(clock.now()).toBe(start + 30_000);
  });
});
