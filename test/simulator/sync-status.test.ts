// Reference section 5: /sync-status entries, their transitions, and POST /sync-status/resync.
import { ISO_MICROS, startHarness } from './helpers';
import type { Harness, Json, Page } from './helpers';

describe('merge simulator: sync status', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ syncIntervalMs: 3_600_000 });
  });
  afterEach(async () => {
    await h.sim.close();
  });

  const statusOf = async (token: string): Promise<Json[]> => {
    const res = await h.json<Page>('/hris/v1/sync-status', { token });
    expect(res.status).toBe(200);
    return res.body.results;
  };

  test('linking starts the initial sync: SYNCING, is_initial_sync true, nothing finished', async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    const results = await statusOf(account.accountToken);
    expect(results).toEqual([
      {
        model_name: 'Employee',
        model_id: 'hris.Employee',
        last_sync_start: expect.stringMatching(ISO_MICROS),
        next_sync_start: null,
        last_sync_result: null,
        last_sync_finished: null,
        status: 'SYNCING',
        is_initial_sync: true,
        selective_sync_configurations_usage: null,
      },
      expect.objectContaining({ model_name: 'Employment', model_id: 'hris.Employment', status: 'SYNCING' }),
    ]);
    expect(results[0]?.last_sync_start).toMatch(/^2025-01-01T00:00:00\.\d{6}Z$/);
    expect(h.sim.syncStatus(account.id)).toEqual(results);
  });

  test('SYNCING -> DONE flips is_initial_sync; the next sync moves last_sync_start and next_sync_start', async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    h.clock.advance(60_000);
    h.sim.finishSync(account.id);
    let [employee] = await statusOf(account.accountToken);
    expect(employee).toMatchObject({ status: 'DONE', last_sync_result: 'DONE', is_initial_sync: false });
    expect(employee?.last_sync_finished).toMatch(/^2025-01-01T00:01:00\.\d{6}Z$/);

    h.clock.advance(60_000);
    h.sim.startSync(account.id);
    [employee] = await statusOf(account.accountToken);
    expect(employee).toMatchObject({ status: 'SYNCING', last_sync_result: 'DONE', is_initial_sync: false });
    expect(employee?.last_sync_start).toMatch(/^2025-01-01T00:02:00\.\d{6}Z$/);
    expect(employee?.next_sync_start).toBe('2025-01-01T01:02:00.000001Z');
  });

  test('a FAILED or PARTIALLY_SYNCED result becomes the status; models can be finished separately', async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    h.sim.finishSync(account.id, { models: ['hris.Employee'], result: 'FAILED' });
    let results = await statusOf(account.accountToken);
    expect(results.map((r) => [r.status, r.last_sync_result, r.is_initial_sync])).toEqual([
      ['FAILED', 'FAILED', false],
      ['SYNCING', null, true],
    ]);
    h.sim.runSync(account.id, { result: 'PARTIALLY_SYNCED' });
    results = await statusOf(account.accountToken);
    expect(results.map((r) => r.status)).toEqual(['PARTIALLY_SYNCED', 'PARTIALLY_SYNCED']);
  });

  test('setModelStatus accepts DISABLED, PAUSED and unknown values; a sync skips DISABLED models', async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    h.sim.finishSync(account.id);
    h.sim.setModelStatus(account.id, 'hris.Employee', 'QUEUED');
    h.sim.setModelStatus(account.id, 'hris.Employment', 'DISABLED');
    expect((await statusOf(account.accountToken)).map((r) => r.status)).toEqual(['QUEUED', 'DISABLED']);
    h.sim.runSync(account.id);
    expect((await statusOf(account.accountToken)).map((r) => r.status)).toEqual(['DONE', 'DISABLED']);
    h.sim.setModelStatus(account.id, 'hris.Employee', 'PAUSED');
    expect((await statusOf(account.accountToken))[0]?.status).toBe('PAUSED');
  });

  test('POST sync-status/resync starts a sync of every model and returns a plain JSON array', async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    h.sim.finishSync(account.id);
    h.clock.advance(5_000);
    const res = await h.call('/hris/v1/sync-status/resync', { token: account.accountToken, method: 'POST' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Json[];
    expect(Array.isArray(body)).toBe(true);
    expect(body.map((r) => [r.model_id, r.status])).toEqual([
      ['hris.Employee', 'SYNCING'],
      ['hris.Employment', 'SYNCING'],
    ]);
    expect(body[0]?.last_sync_start).toMatch(/^2025-01-01T00:00:05\./);
    expect((await h.call('/hris/v1/sync-status/resync', { token: account.accountToken })).status).toBe(405);
  });

  test('an account linked with a subset of models reports only those', async () => {
    const account = h.sim.linkAccount({ category: 'hris', models: ['hris.Employee'] });
    expect((await statusOf(account.accountToken)).map((r) => r.model_id)).toEqual(['hris.Employee']);
    expect(() => h.sim.linkAccount({ category: 'hris', models: ['ats.Candidate'] })).toThrow();
  });
});
