import { newSyncState, type SyncState } from '../../../shared/core/sync-state';
import { normalizeMergeStatus } from '../../../shared/core/merge-status';
import {
  decideFromSyncStatus,
  decideFromSyncWebhook,
  effectiveStatus,
  finishedSync,
  hasSettled,
  isNewFailure,
} from '../../../shared/sync/decisions';

const now = Date.parse('2026-05-01T12:00:00Z');
const HOUR = 3_600_000;
const opts = { reconcile: false, nowMs: now, requestTtlMs: 15 * 60_000 };
const ranAt = (startedAt: string, patch: Partial<SyncState> = {}): SyncState => ({
  ...newSyncState('acc', 'hris.Employee'),
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

describe('status spellings (Merge writes both PARTIALLY_SYNCED and "PARTIALLY SYNCED", reference §5, §11)', () => {
  it.each(['PARTIALLY SYNCED', 'partially-synced', ' Partially_Synced ', 'partially  synced'])(
    '%p is PARTIALLY_SYNCED',
    (spelling) => {
      expect(normalizeMergeStatus(spelling)).toBe('PARTIALLY_SYNCED');
      expect(effectiveStatus({ status: spelling })).toBe('PARTIALLY_SYNCED');
    },
  );

  it('a PARTIALLY SYNCED status or result is a finished sync to fetch, by the poller and by webhooks', () => {
    const start = '2026-05-01T11:00:00Z';
    const state = ranAt('2026-05-01T10:00:00Z');
    expect(decideFromSyncStatus({ status: 'PARTIALLY SYNCED', lastSyncStart: start }, state, opts)).toEqual({
      action: 'fetch',
      syncStart: start,
    });
    const finished = '2026-05-01T11:30:00Z';
    expect(
      decideFromSyncStatus(
        { status: 'syncing', lastSyncResult: 'partially-synced', lastSyncFinished: finished },
        state,
        opts,
      ),
    ).toEqual({ action: 'fetch', syncFinished: finished });
    expect(decideFromSyncWebhook({ lastSyncResult: 'Partially Synced' }).action).toBe('fetch');
    expect(finishedSync({ status: 'done', lastSyncStart: start })).toEqual({ syncStart: start });
    expect(hasSettled({ status: 'SYNCING', lastSyncResult: 'partially synced' })).toBe(true);
  });

  it('a failure stored as "failed" is counted once per failed sync', () => {
    const finished = '2026-05-01T11:00:00Z';
    const state = ranAt('2026-05-01T10:00:00Z', {
      merge: { status: 'Failed', lastSyncResult: 'failed', lastSyncFinished: finished, checkedAt: finished },
    });
    expect(isNewFailure(state, { lastSyncFinished: finished })).toBe(false);
  });

  it('anything else still reads as unknown', () => {
    expect(normalizeMergeStatus('')).toBeUndefined();
    expect(normalizeMergeStatus(null)).toBeUndefined();
    expect(effectiveStatus({ status: 'PARTIALLY' })).toBe('UNKNOWN');
  });
});

describe('decideFromSyncStatus: an entry naming no sync time (SyncStatus requires none, reference §5)', () => {
  const done = { status: 'DONE' };
  const hourly = { ...opts, cadenceMs: HOUR };

  it('a model never fetched is fetched', () => {
    expect(decideFromSyncStatus(done, newSyncState('acc', 'hris.Employee'), hourly)).toEqual({
      action: 'fetch',
    });
  });

  it('fetches again once our last completed run is as old as the model’s tier interval', () => {
    expect(decideFromSyncStatus(done, ranAt('2026-05-01T10:30:00Z'), hourly)).toEqual({ action: 'fetch' });
    expect(
      decideFromSyncStatus({ status: 'partially synced' }, ranAt('2026-05-01T10:30:00Z'), hourly),
    ).toEqual({
      action: 'fetch',
    });
    // A run started a minute after the last tick is not "too young" at the next tick.
    expect(decideFromSyncStatus(done, ranAt('2026-05-01T11:01:00Z'), hourly)).toEqual({ action: 'fetch' });
  });

  it('is up to date while our last run is younger than the interval, or a run is in progress', () => {
    expect(decideFromSyncStatus(done, ranAt('2026-05-01T11:30:00Z'), hourly)).toEqual({
      action: 'up-to-date',
    });
    const running = ranAt('2026-05-01T10:00:00Z', {
      run: { id: 'r2', reason: 'poll', startedAt: '2026-05-01T11:59:00Z' } as SyncState['run'],
    });
    expect(decideFromSyncStatus(done, running, hourly)).toEqual({ action: 'up-to-date' });
  });

  it('waits for a fetch asked for since the last run, until the request expires', () => {
    const asked = (at: string) => ranAt('2026-05-01T10:00:00Z', { requested: { at } });
    expect(decideFromSyncStatus(done, asked('2026-05-01T11:55:00Z'), hourly)).toEqual({
      action: 'wait',
      reason: 'already-requested',
    });
    expect(decideFromSyncStatus(done, asked('2026-05-01T11:00:00Z'), hourly).action).toBe('fetch');
    // A request the last run answered does not hold the next one back.
    expect(decideFromSyncStatus(done, asked('2026-05-01T09:59:00Z'), hourly).action).toBe('fetch');
  });

  it('without a cadence (no tier known) an untimed DONE is fetched only by a model never fetched', () => {
    expect(decideFromSyncStatus(done, ranAt('2026-04-01T00:00:00Z'), opts)).toEqual({ action: 'up-to-date' });
  });
});
