import type { SyncState } from '../core/sync-state';
import { toEpochMs } from '../sync/timestamps';

/**
 * How long Merge's newest finished sync of a model has waited to be stored, in seconds: 0 when our
 * last completed fetch started after it finished, null when Merge has not reported one.
 */
export function modelLagSeconds(state: SyncState, nowMs: number): number | null {
  const mergeFinished = state.merge?.lastSyncFinished ? toEpochMs(state.merge.lastSyncFinished) : undefined;
  if (mergeFinished === undefined) return null;
  const lastFetchStart = state.lastRun?.startedAt;
  const storedUpTo = lastFetchStart ? Date.parse(lastFetchStart) : undefined;
  return storedUpTo !== undefined && storedUpTo >= mergeFinished
    ? 0
    : Math.round((nowMs - mergeFinished) / 1000);
}
