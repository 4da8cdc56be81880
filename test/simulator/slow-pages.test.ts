// merge-api.md §12 "Timeouts": Merge's own SDK waits 60 s for an answer; slow third parties make slow
// pages. A `slow` fault holds a page for up to 60 s (the wait is injectable, so no test waits a minute).
import { startHarness } from './helpers';
import type { Harness, Page } from './helpers';

/** A sleep the test releases by hand, recording what each wait asked for. */
function manualSleep(): {
  sleep: (ms: number) => Promise<void>;
  asked: number[];
  releaseAll: () => void;
} {
  const asked: number[] = [];
  const pending: (() => void)[] = [];
  return {
    asked,
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        asked.push(ms);
        pending.push(resolve);
      }),
    releaseAll: () => pending.splice(0).forEach((r) => r()),
  };
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in 10 s');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('merge simulator: slow pages up to 60 s (api §12 "Timeouts")', () => {
  let h: Harness;
  afterEach(async () => {
    await h.sim.close();
  });

  test('a page held 60 s answers in full afterwards; other requests are served meanwhile', async () => {
    const clock = manualSleep();
    h = await startHarness({ sleep: clock.sleep });
    const account = h.sim.linkAccount({ category: 'hris' });
    h.sim.seedRecords(account.id, 'hris.Employee', 3);
    h.sim.injectFault({ kind: 'slow', delayMs: 60_000, match: { pathIncludes: '/employees' } });
    let answered = false;
    const slow = h.json<Page>('/hris/v1/employees', { token: account.accountToken }).then((r) => {
      answered = true;
      return r;
    });
    await until(() => clock.asked.length === 1);
    expect(clock.asked).toEqual([60_000]);
    const other = await h.json<Page>('/hris/v1/employments', { token: account.accountToken });
    expect([other.status, other.body.results.length]).toEqual([200, 3]);
    expect(answered).toBe(false);
    clock.releaseAll();
    const res = await slow;
    expect([res.status, res.body.results.length]).toEqual([200, 3]);
    expect(h.sim.requests.find((r) => r.path.endsWith('/employees'))).toMatchObject({
      fault: 'slow',
      status: 200,
    });
  });

  test('slow faults and pageDelayMs are 0 to 60 000 ms', async () => {
    h = await startHarness();
    expect(() => h.sim.injectFault({ kind: 'slow', delayMs: 60_001 })).toThrow(/60000/);
    expect(() => h.sim.injectFault({ kind: 'slow', delayMs: -1 })).toThrow();
    h.sim.injectFault({ kind: 'slow', delayMs: 60_000 });
    h.sim.clearFaults();
    await expect(startHarness({ pageDelayMs: 60_001 })).rejects.toThrow(/pageDelayMs/);
  });

  test('pageDelayMs waits through the same injectable sleep', async () => {
    const clock = manualSleep();
    h = await startHarness({ sleep: clock.sleep, pageDelayMs: 45_000 });
    const account = h.sim.linkAccount({ category: 'crm' });
    const pending = h.call('/crm/v1/leads', { token: account.accountToken });
    await until(() => clock.asked.length === 1);
    expect(clock.asked).toEqual([45_000]);
    clock.releaseAll();
    expect((await pending).status).toBe(200);
  });
});
