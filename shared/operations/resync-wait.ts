import type { SyncDeps } from '../sync/ports';
import type { CompletedRun, SyncState } from '../core/sync-state';
import { OperatorInputError, type ResyncRequest } from './operator-actions';

/** How one model's full fetch ended, as `resync --wait` reports it. */
export interface ResyncOutcome {
  modelId: string;
  run: CompletedRun | null;
  /** For `--full`: how its mark-and-sweep ended (null when it was not this request's, or none). */
  fullResync: SyncState['lastFullResync'] | null;
}

/** What a model is doing while `resync --wait` waits for it, in a few words. */
export function describeProgress(state: SyncState, requestedAt: string): string {
  const run = state.run;
  const error =
    state.lastError && state.lastError.at >= requestedAt
      ? `; last error ${state.lastError.kind}, retried (${state.lastError.message.slice(0, 80)})`
      : '';
  if (!run) return `waiting for the fetch to start${error}`;
  const c = run.counts;
  const phase = run.fullResync ? `full resync, ${run.fullResync.phase}` : 'fetching';
  return `${phase}, ${run.pages} page(s): +${c.added} ~${c.changed} -${c.deleted} =${c.unchanged}${error}`;
}

/**
 * Waits until every model of a resync request has a completed full fetch: resync clears the cursor,
 * and only a fetch that started after that sets it again (a run already under way completes without
 * it and is followed up). Calls `onProgress` with a line whenever a model's progress changes. Stops
 * with an error if the account is deleted meanwhile (its fetches are skipped for good).
 */
export async function waitForResync(
  deps: Pick<SyncDeps, 'states' | 'accounts'>,
  accountId: string,
  request: ResyncRequest,
  onProgress: (line: string) => void,
  options: { pollMs?: number; sleep?: (ms: number) => Promise<void> } = {},
): Promise<ResyncOutcome[]> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const pending = new Set(request.models);
  const shown = new Map<string, string>();
  const outcomes: ResyncOutcome[] = [];
  for (;;) {
    for (const modelId of [...pending]) {
      const state = await deps.states.get(accountId, modelId);
      if (state.cursor !== null && !state.run) {
        pending.delete(modelId);
        const epoch = request.epochs[modelId];
        const fullResync = epoch && state.lastFullResync?.epoch === epoch ? state.lastFullResync : null;
        outcomes.push({ modelId, run: state.lastRun ?? null, fullResync });
        continue;
      }
      const line = describeProgress(state, request.requestedAt);
      if (shown.get(modelId) !== line) onProgress(`${modelId}: ${line}`);
      shown.set(modelId, line);
    }
    if (pending.size === 0) return outcomes;
    const account = await deps.accounts.get(accountId);
    if (account?.status !== 'ACTIVE')
      throw new OperatorInputError(`account ${accountId} was deleted while waiting; its fetches stopped`);
    await sleep(options.pollMs ?? 1000);
  }
}
