// help 8184193 (merge-api.md §5 "Syncing": "Merge is actively syncing data, or a sync is in queue for
// this model") and §12 "SYNCING does not mean nothing has finished": while a sync runs or is queued,
// last_sync_result / last_sync_finished keep the previous finished sync's values.
import { startHarness } from './helpers';
import type { Harness, Json, Page } from './helpers';

const MINUTE = 60_000;

describe('merge simulator: SYNCING while a sync runs or is queued (help 8184193, api §12)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.sim.close();
  });

  const employee = async (token: string): Promise<Json> => {
    const res = await h.json<Page>('/hris/v1/sync-status', { token });
    expect(res.status).toBe(200);
    return res.body.results[0] ?? {};
  };

  test('a queued sync is SYNCING and keeps the last DONE result, its time and last_sync_start', async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    h.sim.runSync(account.id);
    const done = await employee(account.accountToken);
    h.clock.advance(MINUTE);
    h.sim.queueSync(account.id);
    expect(await employee(account.accountToken)).toEqual({ ...done, status: 'SYNCING' });
    h.clock.advance(MINUTE);
    h.sim.startSync(account.id);
    const running = await employee(account.accountToken);
    expect(running).toMatchObject({
      status: 'SYNCING',
      last_sync_result: 'DONE',
      last_sync_finished: done.last_sync_finished,
      is_initial_sync: false,
    });
    expect(running.last_sync_start).toMatch(/^2025-01-01T00:02:00\./);
  });

  test('syncing every 5 minutes, queued again at once: SYNCING throughout while DONE results accumulate', async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    h.sim.scheduleSyncs(account.id, { everyMs: 5 * MINUTE, durationMs: 2 * MINUTE });
    // The initial sync runs: nothing finished yet.
    let e = await employee(account.accountToken);
    expect(e).toMatchObject({ status: 'SYNCING', last_sync_result: null, is_initial_sync: true });
    const finishedTimes: unknown[] = [];
    for (let minute = 1; minute <= 16; minute++) {
      h.clock.advance(MINUTE);
      e = await employee(account.accountToken);
      expect(e.status).toBe('SYNCING');
      if (minute >= 2) expect(e.last_sync_result).toBe('DONE');
      if (!finishedTimes.includes(e.last_sync_finished)) finishedTimes.push(e.last_sync_finished);
    }
    // Finished at minutes 2, 7, 12 (and 17 is still to come); the start of the 4th sync at minute 15.
    expect(finishedTimes.slice(1)).toEqual([
      '2025-01-01T00:02:00.000000Z',
      '2025-01-01T00:07:00.000000Z',
      '2025-01-01T00:12:00.000000Z',
    ]);
    expect(e).toMatchObject({
      is_initial_sync: false,
      last_sync_start: '2025-01-01T00:15:00.000000Z',
      next_sync_start: '2025-01-01T00:20:00.000000Z',
    });
  });

  test('without queueing the next sync, the status is DONE between syncs', async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    h.sim.scheduleSyncs(account.id, { everyMs: 10 * MINUTE, durationMs: 3 * MINUTE, queueNext: false });
    h.clock.advance(2 * MINUTE);
    expect((await employee(account.accountToken)).status).toBe('SYNCING');
    h.clock.advance(2 * MINUTE);
    expect(await employee(account.accountToken)).toMatchObject({
      status: 'DONE',
      last_sync_finished: '2025-01-01T00:03:00.000000Z',
    });
  });

  test('webhooks see the scheduled syncs: the first finish was the initial sync', async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    h.sim.scheduleSyncs(account.id, { everyMs: 5 * MINUTE });
    h.clock.advance(6 * MINUTE);
    const completed = h.sim.syncCompletedEvent(account.id);
    expect(completed.data.sync_status).toEqual({
      'hris.Employee': { last_sync_result: 'DONE', last_sync_finished: '2025-01-01T00:05:00.000000Z' },
      'hris.Employment': { last_sync_result: 'DONE', last_sync_finished: '2025-01-01T00:05:00.000000Z' },
    });
    expect(completed.data.is_initial_sync).toBe(true);
    h.clock.advance(5 * MINUTE);
    expect(h.sim.syncCompletedEvent(account.id).data.is_initial_sync).toBe(false);
  });

  test('an explicit sync ends the schedule where it stands; invalid schedules are refused', async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    h.sim.scheduleSyncs(account.id, { everyMs: 5 * MINUTE });
    h.clock.advance(6 * MINUTE);
    h.sim.finishSync(account.id, { result: 'FAILED' });
    h.clock.advance(60 * MINUTE);
    expect(await employee(account.accountToken)).toMatchObject({
      status: 'FAILED',
      last_sync_result: 'FAILED',
    });
    expect(() => h.sim.scheduleSyncs(account.id, { everyMs: 5, durationMs: 6 })).toThrow();
    expect(() => h.sim.scheduleSyncs(account.id, { everyMs: 0 })).toThrow();
  });
});
