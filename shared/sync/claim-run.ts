import type { FetchJob } from '../queue/messages';
import { updateSyncState } from './state-updates';
import type { SyncDeps } from './ports';
import { isoNow } from './ports';
import { emptyCounts } from '../core/records';
import type { FetchRun, FullResyncProgress, SyncState } from '../core/sync-state';
import { findModel } from '../config/model-catalog';

export type Claim =
  { outcome: 'claimed'; run: FetchRun; state: SyncState } | { outcome: 'skipped'; reason: string };

/**
 * Invariant 6, one fetch per (account, model) at a time, and invariant 3, duplicates have no extra
 * effect. A job either starts a run, resumes one whose holder is gone (crash, timeout, hand-over),
 * or steps aside:
 * - a run is live and started after the job was asked for: the job is already covered;
 * - a run is live but older than the job: note it as pending, the run's completion follows it up;
 * - a completed run started after the job was asked for: covered.
 */
export async function claimRun(
  deps: Pick<SyncDeps, 'states' | 'clock' | 'newId'>,
  job: FetchJob,
  holder: string,
  leaseUntil: number,
  readJustNow?: SyncState,
): Promise<Claim> {
  const now = deps.clock.now();
  const { result } = await updateSyncState<Claim>(
    deps.states,
    job.accountId,
    job.modelId,
    claimFrom,
    readJustNow,
  );
  return result;

  function claimFrom(state: SyncState): { next: SyncState | null; result: Claim } {
    const run = state.run;
    if (run && run.leaseUntil > now) {
      if (job.runId === run.id) return skip('run-in-progress');
      if (job.requestedAt <= run.startedAt) return skip('covered-by-running-fetch');
      if (state.pendingSince && state.pendingSince >= job.requestedAt)
        return skip('queued-behind-running-fetch');
      return {
        next: { ...state, pendingSince: job.requestedAt },
        result: { outcome: 'skipped', reason: 'queued-behind-running-fetch' },
      };
    }
    if (run) {
      // Resume: the previous holder handed over or died; its checkpoint is where we start.
      const pendingSince =
        !job.runId &&
        job.requestedAt > run.startedAt &&
        (!state.pendingSince || state.pendingSince < job.requestedAt)
          ? job.requestedAt
          : state.pendingSince;
      const resumed: FetchRun = { ...run, holder, leaseUntil };
      const next: SyncState = { ...state, run: resumed, ...(pendingSince ? { pendingSince } : {}) };
      return { next, result: { outcome: 'claimed', run: resumed, state: next } };
    }
    if (job.runId) return skip('run-already-finished');
    if (state.lastRun && job.requestedAt <= state.lastRun.startedAt)
      return skip('covered-by-completed-fetch');
    const id = deps.newId();
    const fullResync = fullResyncOf(job.modelId, state, id);
    const started: FetchRun = {
      id,
      reason: job.reason,
      requestedAt: job.requestedAt,
      startedAt: isoNow(deps.clock),
      // A list without modified_after is always listed in full (the cursor is kept, never sent).
      modifiedAfter: fullResync?.kind === 'full-listing' ? null : state.cursor,
      pageCursor: null,
      pages: 0,
      counts: emptyCounts(),
      holder,
      leaseUntil,
      restarts: 0,
      ...(job.syncStart ? { syncStart: job.syncStart } : {}),
      ...(job.syncFinished ? { syncFinished: job.syncFinished } : {}),
      ...(fullResync ? { fullResync } : {}),
    };
    const next: SyncState = { ...state, run: started };
    return { next, result: { outcome: 'claimed', run: started, state: next } };
  }
}

/**
 * Whether the new run marks and sweeps. A full fetch answers an operator's full resync: it marks
 * what it sees, then sweeps the rest. A model whose list has no `modified_after` is listed in full
 * every time, so every run of it marks and sweeps (a record gone from Merge without a delete signal
 * is found at the model's next listing); it answers a pending resync request on the way.
 */
function fullResyncOf(modelId: string, state: SyncState, runId: string): FullResyncProgress | undefined {
  const request = state.fullResyncRequest;
  const progress = { phase: 'listing' as const, marked: 0, swept: 0 };
  if (findModel(modelId)?.modifiedAfter === false)
    return { ...progress, epoch: request?.epoch ?? runId, kind: 'full-listing' };
  return request && state.cursor === null ? { ...progress, epoch: request.epoch } : undefined;
}

const skip = (reason: string) => ({ next: null, result: { outcome: 'skipped' as const, reason } });
