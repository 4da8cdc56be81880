// merge-api.md §12: Merge reports SYNCING while a sync runs *or is queued*, and its SDK says to use
// last_sync_finished where last_sync_result is DONE; §5: last_sync_start "represents the most recent
// time any sync began", so while SYNCING it is the running sync's, not the finished one's.
import {
  decideFromSyncStatus,
  decideFromSyncWebhook,
  finishedSync,
  hasSettled,
  RECONCILE_UNREPORTED,
} from '../../../shared/sync/decisions';
import { newSyncState, type SyncState } from '../../../shared/core/sync-state';

const now = Date.parse('2026-05-01T12:00:00Z');
const opts = { reconcile: false, nowMs: now, requestTtlMs: 15 * 60_000 };
const fetchedAt = (startedAt: string, patch: Partial<SyncState> = {}): SyncState => ({
  ...newSyncState('acc', 'crm.Lead'),
  lastRun: {
    id: 'r1',
    reason: 'poll',
    startedAt,
    finishedAt: startedAt,
    modifiedAfter: null,
    pages: 1,
    counts: { added: 1, changed: 0, deleted: 0, unchanged: 0, stale: 0, invalid: 0, truncated: 0 },
  },
  ...patch,
});
/** The next sync queued (or running since 11:40) after one that finished DONE at 11:30. */
const syncingAfterDone = {
  status: 'SYNCING',
  lastSyncStart: '2026-05-01T11:40:00Z',
  lastSyncResult: 'DONE',
  lastSyncFinished: '2026-05-01T11:30:00Z',
};

describe('finishedSync', () => {
  it('DONE names its own start and finish; SYNCING only the finish of the last finished sync', () => {
    expect(finishedSync({ ...syncingAfterDone, status: 'DONE' })).toEqual({
      syncStart: '2026-05-01T11:40:00Z',
      syncFinished: '2026-05-01T11:30:00Z',
    });
    expect(finishedSync(syncingAfterDone)).toEqual({ syncFinished: '2026-05-01T11:30:00Z' });
    expect(finishedSync({ ...syncingAfterDone, lastSyncResult: 'FAILED' })).toBeUndefined();
    expect(finishedSync({ status: 'SYNCING', lastSyncResult: null })).toBeUndefined();
    expect(finishedSync({ status: 'SYNCING', lastSyncResult: 'DONE' })).toBeUndefined();
  });
});

describe('decideFromSyncStatus with SYNCING', () => {
  it('a finished DONE sync newer than our last fetch is fetched, tagged by its finish only', () => {
    expect(decideFromSyncStatus(syncingAfterDone, fetchedAt('2026-05-01T10:00:00.000Z'), opts)).toEqual({
      action: 'fetch',
      syncFinished: '2026-05-01T11:30:00Z',
    });
    expect(
      decideFromSyncStatus(
        { ...syncingAfterDone, lastSyncResult: 'PARTIALLY_SYNCED' },
        fetchedAt('2026-05-01T10:00:00.000Z'),
        opts,
      ).action,
    ).toBe('fetch');
  });

  it('already answered, covered by a later fetch, or requested within the TTL: not again', () => {
    const answered = fetchedAt('2026-05-01T10:00:00.000Z', { answeredSyncFinished: '2026-05-01T11:30:00Z' });
    expect(decideFromSyncStatus(syncingAfterDone, answered, opts)).toEqual({ action: 'up-to-date' });
    const covered = fetchedAt('2026-05-01T11:35:00.000Z');
    expect(decideFromSyncStatus(syncingAfterDone, covered, opts)).toEqual({ action: 'up-to-date' });
    const requested = fetchedAt('2026-05-01T10:00:00.000Z', {
      requested: { syncFinished: '2026-05-01T11:30:00Z', at: new Date(now - 60_000).toISOString() },
    });
    expect(decideFromSyncStatus(syncingAfterDone, requested, opts)).toEqual({
      action: 'wait',
      reason: 'already-requested',
    });
  });

  it("a fetch answering a SYNCING status never answers the running sync's start", () => {
    // Answered the 11:30 finish while 11:40 ran; 11:40 then finishes DONE at 11:50: still fetched.
    const state = fetchedAt('2026-05-01T11:31:00.000Z', { answeredSyncFinished: '2026-05-01T11:30:00Z' });
    const done = {
      status: 'DONE',
      lastSyncStart: '2026-05-01T11:40:00Z',
      lastSyncResult: 'DONE',
      lastSyncFinished: '2026-05-01T11:50:00Z',
    };
    expect(decideFromSyncStatus(done, state, opts)).toEqual({
      action: 'fetch',
      syncStart: '2026-05-01T11:40:00Z',
      syncFinished: '2026-05-01T11:50:00Z',
    });
  });

  it('nothing finished yet (the initial sync): wait', () => {
    const initial = { status: 'SYNCING', lastSyncStart: '2026-05-01T11:40:00Z', lastSyncResult: null };
    expect(decideFromSyncStatus(initial, newSyncState('a', 'm'), opts)).toEqual({
      action: 'wait',
      reason: 'syncing',
    });
  });

  it('a reconciliation fetches a model /sync-status did not list, and says why', () => {
    expect(
      decideFromSyncStatus(undefined, fetchedAt('2026-05-01T10:00:00.000Z'), { ...opts, reconcile: true }),
    ).toEqual({
      action: 'fetch',
      notReported: RECONCILE_UNREPORTED,
    });
    expect(
      decideFromSyncStatus(undefined, newSyncState('a', 'm'), { ...opts, fetchUnreported: 'gave up' }),
    ).toEqual({
      action: 'fetch',
      notReported: 'gave up',
    });
  });
});

describe('decideFromSyncWebhook with SYNCING', () => {
  it('{Model}.synced: a DONE result while SYNCING is fetched, tagged by its finish, not the running start', () => {
    expect(decideFromSyncWebhook(syncingAfterDone)).toEqual({
      action: 'fetch',
      syncFinished: '2026-05-01T11:30:00Z',
    });
  });
});

describe('hasSettled (the initial-sync watch)', () => {
  it.each([
    [{ status: 'SYNCING', lastSyncResult: null }, false],
    [{ status: 'SYNCING', lastSyncResult: 'SYNCING' }, false],
    [{ status: 'QUEUED' }, false],
    [syncingAfterDone, true],
    [{ status: 'SYNCING', lastSyncResult: 'FAILED' }, true],
    [{ status: 'DONE' }, true],
    [{ status: 'PAUSED' }, true],
  ])('%o → %s', (signal, settled) => {
    expect(hasSettled(signal)).toBe(settled);
  });
});
