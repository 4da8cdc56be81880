import { SharedRequestPacer } from '../../shared/merge/shared-request-pacer';
import { FakeClock, MemoryRateScheduleStore, VirtualClock } from '../helpers/fakes';

/** The most requests in any 60-second window. */
function worstWindow(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let worst = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[j]! < sorted[i]! - 59_999) j++;
    worst = Math.max(worst, i - j + 1);
  }
  return worst;
}

describe('SharedRequestPacer: writes take the next slot ahead of waiting reads', () => {
  it('a write waits at most one slot when the budget has room', async () => {
    const clock = new FakeClock();
    const pacer = new SharedRequestPacer(new MemoryRateScheduleStore(), { requestsPerMinute: 60, clock });
    const start = clock.now();
    await pacer.acquire('acc', { priority: 'write' });
    expect(clock.now()).toBe(start);
    await pacer.acquire('acc', { priority: 'write' });
    expect(clock.now()).toBe(start + 1000); // the next slot, one interval later
  });

  it('while reads use the whole budget, a write waits at most the lease already handed out', async () => {
    const clock = new VirtualClock();
    const store = new MemoryRateScheduleStore();
    // 600/min: 100 ms slots, read leases of 10 slots (1 s). Three instances read flat out.
    const readers = [1, 2, 3].map(() => new SharedRequestPacer(store, { requestsPerMinute: 600, clock }));
    const writer = new SharedRequestPacer(store, { requestsPerMinute: 600, clock });
    const reads: number[] = [];
    const writes: { asked: number; sent: number }[] = [];
    const start = clock.now();
    let stop = false;
    const reader = async (pacer: SharedRequestPacer) => {
      while (!stop) {
        await pacer.acquire('acc');
        reads.push(clock.now());
      }
    };
    const writeEvery = async () => {
      for (let i = 0; i < 20; i++) {
        await clock.sleep(1_537); // not aligned with the read leases
        const asked = clock.now();
        await writer.acquire('acc', { priority: 'write' });
        writes.push({ asked, sent: clock.now() });
      }
      stop = true;
    };
    await clock.run(Promise.all([...readers.map(reader), writeEvery()]));
    // Reads were waiting the whole time (three instances queue for every lease), yet no write
    // waited for them: only for the one lease of 1 s that was already reserved, plus its own slot.
    const waits = writes.map((w) => w.sent - w.asked);
    expect(Math.max(...waits)).toBeLessThanOrEqual(1_000 + 100);
    expect(reads.length).toBeGreaterThan(200); // and reads kept going
    const all = [...reads, ...writes.map((w) => w.sent)];
    expect(worstWindow(all)).toBeLessThanOrEqual(600);
    expect(clock.now() - start).toBeGreaterThan(30_000);
  });

  it('reads and writes together never exceed the limit in any 60-second window, across instances', async () => {
    const clock = new VirtualClock();
    const store = new MemoryRateScheduleStore();
    const pacers = [1, 2, 3, 4].map(() => new SharedRequestPacer(store, { requestsPerMinute: 95, clock }));
    const sent: number[] = [];
    const instance = async (pacer: SharedRequestPacer, priority: 'read' | 'write') => {
      for (let i = 0; i < 60; i++) {
        await pacer.acquire('acc', { priority });
        sent.push(clock.now());
      }
    };
    await clock.run(
      Promise.all([
        instance(pacers[0]!, 'read'),
        instance(pacers[1]!, 'read'),
        instance(pacers[2]!, 'write'),
        instance(pacers[3]!, 'write'),
      ]),
    );
    expect(worstWindow(sent)).toBeLessThanOrEqual(96);
    expect(worstWindow(sent)).toBeGreaterThanOrEqual(90); // and the budget is used
  });

  it("a write whose slot would come after the caller's latest start is told when, and reserves nothing", async () => {
    const clock = new FakeClock();
    const store = new MemoryRateScheduleStore();
    const pacer = new SharedRequestPacer(store, { requestsPerMinute: 600, clock });
    const start = clock.now();
    await pacer.backOff('acc', start + 30_000);
    const writesBefore = store.writes;
    expect(await pacer.acquire('acc', { priority: 'write', latestStartMs: start + 10_000 })).toEqual({
      granted: false,
      slotAtMs: start + 30_000,
    });
    expect(store.writes).toBe(writesBefore);
    expect(clock.now()).toBe(start);
  });

  it('a 429 back-off holds writes too', async () => {
    const clock = new FakeClock();
    const store = new MemoryRateScheduleStore();
    const pacer = new SharedRequestPacer(store, { requestsPerMinute: 600, clock });
    const start = clock.now();
    await pacer.backOff('acc', start + 20_000);
    await pacer.acquire('acc', { priority: 'write' });
    expect(clock.now()).toBe(start + 20_000);
  });
});
