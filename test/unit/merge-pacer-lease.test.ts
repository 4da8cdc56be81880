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

describe('SharedRequestPacer: a run of reads reserves growing leases', () => {
  it('an initial sync (a long run of pages) costs at most 0.2 store writes per request, within the limit', async () => {
    const clock = new VirtualClock();
    const store = new MemoryRateScheduleStore();
    const pacer = new SharedRequestPacer(store, { requestsPerMinute: 95, clock });
    const sent: number[] = [];
    await clock.run(
      (async () => {
        for (let i = 0; i < 300; i++) {
          await pacer.acquire('acc');
          sent.push(clock.now());
        }
      })(),
    );
    expect(store.writes / sent.length).toBeLessThanOrEqual(0.2);
    expect(worstWindow(sent)).toBeLessThanOrEqual(95);
    expect(worstWindow(sent)).toBeGreaterThanOrEqual(90); // and the budget is used
  });

  it('three instances reading flat out stay within the limit with growing leases', async () => {
    const clock = new VirtualClock();
    const store = new MemoryRateScheduleStore();
    const pacers = [1, 2, 3].map(() => new SharedRequestPacer(store, { requestsPerMinute: 95, clock }));
    const sent: number[] = [];
    const instance = async (pacer: SharedRequestPacer) => {
      for (let i = 0; i < 150; i++) {
        await pacer.acquire('acc');
        sent.push(clock.now());
      }
    };
    await clock.run(Promise.all(pacers.map(instance)));
    expect(worstWindow(sent)).toBeLessThanOrEqual(96);
    expect(worstWindow(sent)).toBeGreaterThanOrEqual(90);
  });

  it('a lone request reserves about one second of slots; after a pause the lease starts small again', async () => {
    const clock = new FakeClock();
    const store = new MemoryRateScheduleStore();
    const pacer = new SharedRequestPacer(store, { requestsPerMinute: 60, clock });
    const start = clock.now();
    await pacer.acquire('acc');
    expect(store.writes).toBe(1);
    expect((await store.read('acc')).nextSlotAt).toBe(start + 1000); // one slot of 1 s
    clock.advance(120_000);
    await pacer.acquire('acc');
    expect((await store.read('acc')).nextSlotAt).toBe(clock.now() + 1000);
  });

  it('a write during a long run waits at most the lease already handed out (at most 6 s)', async () => {
    const clock = new VirtualClock();
    const store = new MemoryRateScheduleStore();
    const reader = new SharedRequestPacer(store, { requestsPerMinute: 95, clock });
    const writer = new SharedRequestPacer(store, { requestsPerMinute: 95, clock });
    const waits: number[] = [];
    const sent: number[] = [];
    let stop = false;
    await clock.run(
      Promise.all([
        (async () => {
          while (!stop) {
            await reader.acquire('acc');
            sent.push(clock.now());
          }
        })(),
        (async () => {
          for (let i = 0; i < 10; i++) {
            await clock.sleep(7_919);
            const asked = clock.now();
            await writer.acquire('acc', { priority: 'write' });
            sent.push(clock.now());
            waits.push(clock.now() - asked);
          }
          stop = true;
        })(),
      ]),
    );
    expect(Math.max(...waits)).toBeLessThanOrEqual(6_000 + 60_000 / 95);
    expect(worstWindow(sent)).toBeLessThanOrEqual(95);
  });
});
