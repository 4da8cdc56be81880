import { METRIC } from '../observability/ports';
import type { FetchJob } from '../queue/messages';
import { VersionConflictError } from '../store/ports';
import { LeaseLostError } from './claim-run';
import { advanceCursor } from './cursor';
import { completeBatch, planBatch } from '../events/outbox';
import { DETAIL_TYPE, EVENT_SOURCE, type BusEvent } from '../events/change-events';
import { isoNow, type SyncDeps } from './ports';
import { addCounts, emptyCounts, type CompletedRun, type FetchRun, type SyncState } from './types';
import { toEpochMs } from './timestamps';
import { recordSwept } from './full-resync';

/**
 * Completing a fetch run: follow up requests that arrived during it, move the cursor (invariant 4),
 * record the run, and put its Sync Completed event on the bus through the outbox.
 */
export async function complete(deps: SyncDeps, job: FetchJob, holder: string): Promise<CompletedRun> {
  let followedUp: string | undefined;
  let eventBatch: { id: string; event: BusEvent } | undefined;
  for (let attempt = 0; attempt < 10; attempt++) {
    const state = await deps.states.get(job.accountId, job.modelId);
    const run = state.run;
    if (!run || run.holder !== holder) throw new LeaseLostError('run taken over before completion');
    // A fetch asked for while this run was under way may need data newer than its start: follow it up
    // before the completion is written, so a crash in between cannot lose the request.
    const pending = state.pendingSince && state.pendingSince > run.startedAt ? state.pendingSince : undefined;
    if (pending && pending !== followedUp) {
      await deps.queue.send('jobs', [
        {
          v: 1,
          kind: 'fetch',
          accountId: job.accountId,
          modelId: job.modelId,
          reason: 'follow-up',
          requestedAt: pending,
        },
      ]);
      followedUp = pending;
    }
    const completed: CompletedRun = {
      id: run.id,
      reason: run.reason,
      startedAt: run.startedAt,
      finishedAt: isoNow(deps.clock),
      modifiedAfter: run.modifiedAfter,
      pages: run.pages,
      counts: run.counts,
    };
    // The Sync Completed event goes on record (outbox) before the completion is written.
    if (!eventBatch) {
      const event = syncCompletedEvent(job, run, completed);
      const id = await planBatch(deps, job.accountId, [{ type: 'event', ...event }]);
      if (id) eventBatch = { id, event };
    }
    const {
      run: _done,
      pendingSince: _pending,
      lastError: _error,
      ...rest
    } = recordSwept(state, run, completed.finishedAt);
    const answered = run.syncStart ?? state.answeredSyncStart;
    try {
      await deps.states.save({
        ...rest,
        cursor:
          state.resetCursorAt && state.resetCursorAt > run.startedAt
            ? null
            : advanceCursor(state.cursor, run.startedAt, deps.settings.config.cursorOverlapSeconds),
        lastRun: completed,
        totals: addCounts(state.totals ?? emptyCounts(), run.counts),
        ...(answered ? { answeredSyncStart: answered } : {}),
      });
    } catch (error) {
      if (error instanceof VersionConflictError) continue;
      throw error;
    }
    const now = deps.clock.now();
    if (eventBatch) await completeBatch(deps, job.accountId, eventBatch.id, [eventBatch.event]);
    deps.metrics.add(METRIC.fetchesCompleted, 1);
    deps.metrics.add(METRIC.fetchDuration, now - Date.parse(run.startedAt), 'Milliseconds');
    const lag = syncLagSeconds(state, run, now);
    if (lag !== undefined) deps.metrics.add(METRIC.syncLag, lag, 'Seconds', { model: job.modelId });
    deps.log.info('fetch completed', {
      accountId: job.accountId,
      modelId: job.modelId,
      runId: run.id,
      pages: run.pages,
      counts: run.counts,
    });
    return completed;
  }
  throw new VersionConflictError('could not record the completed fetch');
}

/** Merge Sync Completed: one per completed run, with its counts (schemaVersion 1). */
function syncCompletedEvent(job: FetchJob, run: FetchRun, completed: CompletedRun): BusEvent {
  return {
    source: EVENT_SOURCE,
    detailType: DETAIL_TYPE.syncCompleted,
    detail: {
      schemaVersion: 1,
      accountId: job.accountId,
      modelId: job.modelId,
      runId: run.id,
      reason: run.reason,
      startedAt: run.startedAt,
      finishedAt: completed.finishedAt,
      pages: run.pages,
      counts: run.counts,
    },
  };
}

/**
 * How long data Merge had was waiting for us: from Merge finishing the sync this run answers (or,
 * without one, from the signal) to the data being stored. Reconciliation and operator runs answer no
 * sync, so they report no lag (a daily reconciliation would otherwise look a day late).
 */
function syncLagSeconds(state: SyncState, run: FetchRun, now: number): number | undefined {
  if (run.reason === 'reconcile' || run.reason === 'manual') return undefined;
  const finished = state.merge?.lastSyncFinished ? toEpochMs(state.merge.lastSyncFinished) : undefined;
  const previousStart = state.lastRun ? Date.parse(state.lastRun.startedAt) : 0;
  const since = finished !== undefined && finished > previousStart ? finished : Date.parse(run.requestedAt);
  return Math.max(0, (now - since) / 1000);
}
