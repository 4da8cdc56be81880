import {
  decideFromSyncStatus,
  decideFromSyncWebhook,
  effectiveStatus,
  isNewFailure,
} from '../../../shared/sync/decisions';
import { newSyncState, type SyncState } from '../../../shared/core/sync-state';

const now = Date.parse('2026-05-01T12:00:00Z');
const opts = { reconcile: false, nowMs: now, requestTtlMs: 15 * 60_000 };
const fetched = (patch: Partial<SyncState> = {}): SyncState => ({
  ...newSyncState('acc', 'crm.Lead'),
  lastRun: {
    id: 'r1',
    reason: 'poll',
    startedAt: '2026-05-01T10:00:00.000Z',
    finishedAt: '2026-05-01T10:01:00.000Z',
    modifiedAfter: null,
    pages: 1,
    counts: { added: 1, changed: 0, deleted: 0, unchanged: 0, stale: 0, invalid: 0, truncated: 0 },
  },
  answeredSyncStart: '2026-05-01T09:00:00Z',
  ...patch,
});

describe('decideFromSyncStatus (the poller)', () => {
  it.each(['DONE', 'PARTIALLY_SYNCED'])('%s with a new last_sync_start → fetch it', (status) => {
    expect(decideFromSyncStatus({ status, lastSyncStart: '2026-05-01T11:00:00Z' }, fetched(), opts)).toEqual({
      action: 'fetch',
      syncStart: '2026-05-01T11:00:00Z',
    });
  });

  it('DONE with the last_sync_start already answered → up to date', () => {
    expect(
      decideFromSyncStatus({ status: 'DONE', lastSyncStart: '2026-05-01T09:00:00Z' }, fetched(), opts),
    ).toEqual({
      action: 'up-to-date',
    });
  });

  it('DONE, not answered by id, but finished before our last run started → up to date', () => {
    // lastRun started 10:00; Merge finished this sync at 09:30, so that run saw all of it.
    const covered = {
      status: 'DONE',
      lastSyncStart: '2026-05-01T09:20:00Z',
      lastSyncFinished: '2026-05-01T09:30:00Z',
    };
    expect(decideFromSyncStatus(covered, fetched(), opts)).toEqual({ action: 'up-to-date' });
    const later = {
      status: 'DONE',
      lastSyncStart: '2026-05-01T10:20:00Z',
      lastSyncFinished: '2026-05-01T10:30:00Z',
    };
    expect(decideFromSyncStatus(later, fetched(), opts).action).toBe('fetch');
    // Within the clock-skew allowance it is not trusted: fetch.
    expect(decideFromSyncStatus(covered, fetched(), { ...opts, skewAllowanceMs: 3_600_000 }).action).toBe(
      'fetch',
    );
  });

  it('DONE already requested recently → wait; requested long ago → fetch again', () => {
    const signal = { status: 'DONE', lastSyncStart: '2026-05-01T11:00:00Z' };
    const recent = fetched({
      requested: { syncStart: '2026-05-01T11:00:00Z', at: new Date(now - 60_000).toISOString() },
    });
    expect(decideFromSyncStatus(signal, recent, opts)).toEqual({
      action: 'wait',
      reason: 'already-requested',
    });
    const old = fetched({
      requested: { syncStart: '2026-05-01T11:00:00Z', at: new Date(now - 3_600_000).toISOString() },
    });
    expect(decideFromSyncStatus(signal, old, opts).action).toBe('fetch');
  });

  it('DONE without any last_sync_start: fetch only if never fetched', () => {
    expect(decideFromSyncStatus({ status: 'DONE' }, newSyncState('a', 'm'), opts).action).toBe('fetch');
    expect(decideFromSyncStatus({ status: 'DONE' }, fetched(), opts).action).toBe('up-to-date');
  });

  it.each([
    ['SYNCING', { action: 'wait', reason: 'syncing' }],
    ['FAILED', { action: 'failed' }],
    ['DISABLED', { action: 'skip', reason: 'DISABLED' }],
    ['PAUSED', { action: 'skip', reason: 'PAUSED' }],
    ['QUEUED', { action: 'wait', reason: 'unknown-status' }],
  ])('%s → %o', (status, decision) => {
    expect(decideFromSyncStatus({ status, lastSyncStart: '2026-05-01T11:00:00Z' }, fetched(), opts)).toEqual(
      decision,
    );
  });

  it('an unknown status falls back to the last sync result', () => {
    const signal = { status: 'QUEUED', lastSyncResult: 'DONE', lastSyncStart: '2026-05-01T11:00:00Z' };
    expect(decideFromSyncStatus(signal, fetched(), opts).action).toBe('fetch');
  });

  it('statuses are matched case-insensitively', () => {
    expect(effectiveStatus({ status: 'done' })).toBe('DONE');
  });

  it('not reported → wait', () => {
    expect(decideFromSyncStatus(undefined, fetched(), opts)).toEqual({
      action: 'wait',
      reason: 'not-reported',
    });
  });

  it('a reconciliation fetches with no signal, except models switched off', () => {
    const reconcile = { ...opts, reconcile: true };
    for (const status of ['DONE', 'SYNCING', 'FAILED', 'WHATEVER']) {
      expect(
        decideFromSyncStatus({ status, lastSyncStart: '2026-05-01T09:00:00Z' }, fetched(), reconcile).action,
      ).toBe('fetch');
    }
    expect(decideFromSyncStatus({ status: 'DISABLED' }, fetched(), reconcile).action).toBe('skip');
    expect(decideFromSyncStatus({ status: 'PAUSED' }, fetched(), reconcile).action).toBe('skip');
  });
});

describe('decideFromSyncWebhook', () => {
  it.each([
    [{ lastSyncResult: 'DONE' }, 'fetch'],
    [{ lastSyncResult: 'PARTIALLY_SYNCED' }, 'fetch'],
    [{ lastSyncResult: 'FAILED' }, 'failed'],
    [{ status: 'SYNCING', lastSyncResult: null }, 'wait'],
    [{ status: 'DISABLED', lastSyncResult: 'DONE' }, 'skip'],
    [{ lastSyncResult: 'NEW_THING' }, 'wait'],
  ])('%o → %s', (signal, action) => {
    expect(decideFromSyncWebhook(signal).action).toBe(action);
  });

  describe('on the sync state: a sync is answered once (no dedupe claim needed)', () => {
    const finished = '2026-05-01T11:50:00Z';
    const signal = { status: 'DONE', lastSyncResult: 'DONE', lastSyncFinished: finished };
    const known = (state: SyncState) => ({ state, options: { nowMs: now, requestTtlMs: 15 * 60_000 } });

    it('fetches a sync nobody asked for yet', () => {
      expect(decideFromSyncWebhook(signal, known(fetched()))).toEqual({
        action: 'fetch',
        syncFinished: finished,
      });
    });

    it('waits while a fetch of the same sync was asked for recently', () => {
      const asked = fetched({ requested: { syncFinished: finished, at: '2026-05-01T11:55:00Z' } });
      expect(decideFromSyncWebhook(signal, known(asked))).toEqual({
        action: 'wait',
        reason: 'already-requested',
      });
    });

    it('is up to date once a completed run answered it', () => {
      expect(decideFromSyncWebhook(signal, known(fetched({ answeredSyncFinished: finished }))).action).toBe(
        'up-to-date',
      );
    });

    it('a webhook that names no finished sync still fetches', () => {
      const bare = { status: 'DONE', lastSyncResult: 'DONE' };
      expect(decideFromSyncWebhook(bare, known(fetched({ answeredSyncFinished: finished }))).action).toBe(
        'fetch',
      );
    });
  });
});

describe('isNewFailure', () => {
  it('counts one failure per failed Merge sync', () => {
    const failed = fetched({
      merge: {
        status: 'FAILED',
        lastSyncResult: 'FAILED',
        lastSyncFinished: '2026-05-01T11:00:00Z',
        checkedAt: 'x',
      },
    });
    expect(isNewFailure(failed, { lastSyncFinished: '2026-05-01T11:00:00Z' })).toBe(false);
    expect(isNewFailure(failed, { lastSyncFinished: '2026-05-01T11:30:00Z' })).toBe(true);
    expect(isNewFailure(fetched(), { lastSyncFinished: '2026-05-01T11:00:00Z' })).toBe(true);
  });
});
