// help 8184193 (merge-api.md §5 "Paused": "The Linked Account has not had an inbound API request for
// over 2 weeks, or has been failing syncs for over 2 weeks") and §12 "Unpausing": a paused account
// comes back only through a relink or POST /sync-status/resync (plan-gated; merge-api.md §5 "Force
// resync", help 5388905 "If it's not enabled on your plan, you may get an error").
import { startHarness } from './helpers';
import type { Harness, Json, Page } from './helpers';

const DAY = 86_400_000;

describe('merge simulator: pausing and unpausing (help 8184193, api §12 "Unpausing")', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.sim.close();
  });

  const statuses = async (token: string): Promise<string[]> => {
    const res = await h.json<Page>('/hris/v1/sync-status', { token });
    expect(res.status).toBe(200);
    return res.body.results.map((r) => String(r.status));
  };

  test('two weeks without an inbound API request: models PAUSED, account IDLE everywhere', async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    h.sim.runSync(account.id);
    h.clock.advance(13 * DAY);
    expect(await statuses(account.accountToken)).toEqual(['DONE', 'DONE']);
    // That request counted: another 13 days are not two weeks of silence.
    h.clock.advance(13 * DAY);
    expect(h.sim.account(account.id)).toMatchObject({ status: 'COMPLETE', paused: false });
    h.clock.advance(2 * DAY);
    expect(h.sim.account(account.id)).toMatchObject({ status: 'IDLE', paused: true });
    expect(h.sim.syncStatus(account.id).map((e) => [e.status, e.last_sync_result])).toEqual([
      ['PAUSED', 'DONE'],
      ['PAUSED', 'DONE'],
    ]);
    // The first request after the pause is answered (data stays readable) but does not unpause.
    expect(await statuses(account.accountToken)).toEqual(['PAUSED', 'PAUSED']);
    const details = await h.json<Json>('/hris/v1/account-details', { token: account.accountToken });
    expect(details.body.status).toBe('IDLE');
    expect(h.sim.linkedEvent(account.id).linked_account.status).toBe('IDLE');
    const listed = await h.json<Page>('/hris/v1/linked-accounts?status=IDLE');
    expect(listed.body.results.map((a) => a.id)).toEqual([account.id]);
    // Merge does not sync a paused account.
    h.sim.startSync(account.id);
    expect(await statuses(account.accountToken)).toEqual(['PAUSED', 'PAUSED']);
  });

  test('two weeks of failing syncs pause an account that is still being read', async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    h.sim.runSync(account.id, { result: 'FAILED' });
    for (let day = 1; day <= 13; day++) {
      h.clock.advance(DAY);
      h.sim.runSync(account.id, { result: 'FAILED' });
      expect(await statuses(account.accountToken)).toEqual(['FAILED', 'FAILED']);
    }
    h.clock.advance(DAY);
    expect(await statuses(account.accountToken)).toEqual(['PAUSED', 'PAUSED']);
  });

  test('a successful sync ends the run of failures; scheduled failing syncs pause too', async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    h.sim.runSync(account.id, { result: 'FAILED' });
    h.clock.advance(10 * DAY);
    expect(await statuses(account.accountToken)).toEqual(['FAILED', 'FAILED']);
    h.sim.runSync(account.id);
    h.clock.advance(10 * DAY);
    expect(await statuses(account.accountToken)).toEqual(['DONE', 'DONE']);
    h.sim.scheduleSyncs(account.id, { everyMs: 3_600_000, result: 'FAILED' });
    for (let day = 0; day < 15; day++) {
      h.clock.advance(DAY);
      await statuses(account.accountToken);
    }
    const paused = h.sim.syncStatus(account.id)[0];
    expect(paused).toMatchObject({ status: 'PAUSED', last_sync_result: 'FAILED' });
  });

  test('POST sync-status/resync unpauses: a plain array of SyncStatus, SYNCING again', async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    h.sim.runSync(account.id);
    h.clock.advance(15 * DAY);
    expect(h.sim.account(account.id)?.paused).toBe(true);
    const res = await h.json<Json[]>('/hris/v1/sync-status/resync', {
      token: account.accountToken,
      method: 'POST',
    });
    expect(res.status).toBe(200);
    expect(res.body.map((e) => [e.model_id, e.status, e.last_sync_result])).toEqual([
      ['hris.Employee', 'SYNCING', 'DONE'],
      ['hris.Employment', 'SYNCING', 'DONE'],
    ]);
    expect(h.sim.account(account.id)).toMatchObject({ status: 'COMPLETE', paused: false });
    h.sim.finishSync(account.id);
    expect(await statuses(account.accountToken)).toEqual(['DONE', 'DONE']);
  });

  test('a plan-gated resync is refused with a DRF error body and leaves the account paused', async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    h.clock.advance(15 * DAY);
    h.sim.setResyncPolicy({ allowed: false });
    const res = await h.json<Json>('/hris/v1/sync-status/resync', {
      token: account.accountToken,
      method: 'POST',
    });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ detail: expect.stringMatching(/plan/) });
    expect(await statuses(account.accountToken)).toEqual(['PAUSED', 'PAUSED']);
    h.sim.setResyncPolicy({ allowed: false, status: 400, message: 'Not enabled.' });
    const other = await h.json<Json>('/hris/v1/sync-status/resync', {
      token: account.accountToken,
      method: 'POST',
    });
    expect([other.status, other.body]).toEqual([400, { detail: 'Not enabled.' }]);
    const test = h.sim.linkAccount({ category: 'hris', accountType: 'TEST' });
    h.sim.setResyncPolicy({ allowed: true });
    const refused = await h.call('/hris/v1/sync-status/resync', { token: test.accountToken, method: 'POST' });
    expect(refused.status).toBe(400); // "only … for Production Accounts, not Test Accounts" (help 5388905)
  });

  test('pauseAccount pauses at once, without the clock: IDLE, PAUSED, no syncs until a relink', async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    h.sim.runSync(account.id);
    h.sim.setModelStatus(account.id, 'hris.Employment', 'DISABLED');
    h.sim.pauseAccount(account.id);
    expect(h.sim.account(account.id)).toMatchObject({ status: 'IDLE', paused: true });
    expect(await statuses(account.accountToken)).toEqual(['PAUSED', 'DISABLED']);
    h.sim.runSync(account.id);
    expect(await statuses(account.accountToken)).toEqual(['PAUSED', 'DISABLED']);
    h.sim.relinkAccount(account.id);
    expect(h.sim.account(account.id)).toMatchObject({ status: 'COMPLETE', paused: false });
    expect(await statuses(account.accountToken)).toEqual(['SYNCING', 'DISABLED']);
  });

  test('a relink unpauses too (status COMPLETE, a sync starts); pauseAfterMs: null never pauses', async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    h.clock.advance(15 * DAY);
    h.sim.relinkAccount(account.id);
    expect(h.sim.account(account.id)).toMatchObject({ status: 'COMPLETE', paused: false });
    expect(await statuses(account.accountToken)).toEqual(['SYNCING', 'SYNCING']);
    await h.sim.close();
    h = await startHarness({ pauseAfterMs: null });
    const never = h.sim.linkAccount({ category: 'hris' });
    h.clock.advance(400 * DAY);
    expect(h.sim.account(never.id)?.paused).toBe(false);
  });
});
