import { VersionConflictError, type SyncStateStore } from '../store/ports';
import type { SyncState } from '../core/sync-state';

const MAX_ATTEMPTS = 10;

/**
 * Read-modify-write of one sync state under its version check. `change` returns the new state, or
 * null to leave it as it is; on a concurrent write it runs again on the fresh state, so its checks
 * (who holds the run, is the cursor newer) always see the latest.
 */
export async function updateSyncState<T>(
  store: SyncStateStore,
  accountId: string,
  modelId: string,
  change: (current: SyncState) => { next: SyncState | null; result: T },
  /** The state as the caller just read it: the first attempt starts from it (one read fewer). */
  readJustNow?: SyncState,
): Promise<{ state: SyncState; result: T }> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = attempt === 0 && readJustNow ? readJustNow : await store.get(accountId, modelId);
    const { next, result } = change(current);
    if (next === null) return { state: current, result };
    try {
      return { state: await store.save(next), result };
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
    }
  }
  throw new VersionConflictError(`sync state ${accountId}/${modelId} kept changing; giving up for now`);
}
