import { addCounts, emptyCounts } from '../core/records';
import type { CompletedRun, FetchRun, SyncState } from '../core/sync-state';
import { syncCompletedEvent } from '../events/change-events';
import { writeWithEvents } from '../events/outbox';
import { METRIC } from '../observability/ports';
import { VersionConflictError } from '../store/ports';
import { advanceCursor } from './cursor';
import { recordSwept } from './full-resync';
import { LEASE_LOST, type HeldRun, type LeaseLost } from './held-run';
import { isoNow, type SyncDeps } from './ports';
import { toEpochMs } from './timestamps';

const MAX_ATTEMPTS = 10;

type Completion = { outcome: 'completed'; run: CompletedRun } | LeaseLost;

/**
 * Completing a fetch run: follow up requests that arrived during it, move the cursor (invariant 4),
 * record the run, and put its Sync Completed event on the bus through the outbox (on record before
 * the completion is written; dropped if the run was taken over meanwhile).
 */
export async function completeRun(deps: SyncDeps, held: HeldRun): Promise<Completion> {
  const { accountId, modelId } = held.job;
  const completed = completedRun(held.run, isoNow(deps.clock));
  const state = await deps.states.get(accountId, modelId);
  const announce = announces(
    held.run,
    state,
    deps.clock.now(),
    deps.settings.config.quietRunEventEveryMinutes,
  );
  const events = announce ? [syncCompletedEvent(accountId, modelId, held.run, completed)] : [];
  const completion = await writeWithEvents(deps, accountId, events, async () => {
    const result = await recordCompletion(deps, held, completed, { readJustNow: state, announce });
    return { result, written: result.outcome === 'completed' };
  });
  if (completion.outcome === 'completed') {
    const { run } = held;
    const { lag } = completion;
    const now = deps.clock.now();
    deps.metrics.add(METRIC.fetchesCompleted, 1);
    deps.metrics.add(METRIC.fetchDuration, now - Date.parse(run.startedAt), 'Milliseconds');
    if (lag !== undefined) deps.metrics.add(METRIC.syncLag, lag, 'Seconds', { model: modelId });
    deps.log.info('fetch completed', {
      accountId,
      modelId,
      runId: run.id,
      pages: run.pages,
      counts: run.counts,
    });
    return { outcome: 'completed', run: completed };
  }
  return completion;
}

/**
 * Whether the run's Sync Completed event is published. A run that found nothing new (the common
 * case when Merge syncs often) announces itself only if the model's last event is older than the
 * configured interval: each event is an outbox item written and deleted and an EventBridge entry,
 * and a quiet model still shows it is being synced. A first run, an operator's run, and any run
 * that changed, skipped or swept something always announce.
 */
function announces(run: FetchRun, state: SyncState, nowMs: number, quietEveryMinutes: number): boolean {
  const { unchanged: _unchanged, ...changes } = run.counts;
  const quiet = Object.values(changes).every((n) => n === 0) && !run.fullResync && run.reason !== 'manual';
  if (!quiet || !state.lastRun || !state.announcedAt) return true;
  return nowMs - Date.parse(state.announcedAt) >= quietEveryMinutes * 60_000;
}

const completedRun = (run: FetchRun, finishedAt: string): CompletedRun => ({
  id: run.id,
  reason: run.reason,
  startedAt: run.startedAt,
  finishedAt,
  modifiedAfter: run.modifiedAfter,
  pages: run.pages,
  counts: run.counts,
});

/** Writes the completion while we hold the run, retried on a concurrent write of the state. */
async function recordCompletion(
  deps: SyncDeps,
  held: HeldRun,
  completed: CompletedRun,
  options: { readJustNow: SyncState; announce: boolean },
): Promise<{ outcome: 'completed'; lag: number | undefined } | LeaseLost> {
  const { accountId, modelId } = held.job;
  let followedUp: string | undefined;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const state = attempt === 0 ? options.readJustNow : await deps.states.get(accountId, modelId);
    // While we hold the run, it is ours: as we last checkpointed it, plus its last page (held.run).
    if (!held.heldIn(state)) return LEASE_LOST;
    const { run } = held;
    // A fetch asked for while this run was under way may need data newer than its start: follow it up
    // before the completion is written, so a crash in between cannot lose the request.
    const pending = state.pendingSince && state.pendingSince > run.startedAt ? state.pendingSince : undefined;
    if (pending && pending !== followedUp) {
      await deps.queue.send('jobs', [
        { v: 1, kind: 'fetch', accountId, modelId, reason: 'follow-up', requestedAt: pending },
      ]);
      followedUp = pending;
    }
    const {
      run: _done,
      pendingSince: _pending,
      lastError: _error,
      ...rest
    } = recordSwept(state, run, completed.finishedAt);
    const answered = run.syncStart ?? state.answeredSyncStart;
    const answeredFinished = run.syncFinished ?? state.answeredSyncFinished;
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
        ...(answeredFinished ? { answeredSyncFinished: answeredFinished } : {}),
        ...(options.announce ? { announcedAt: completed.finishedAt } : {}),
      });
    } catch (error) {
      if (error instanceof VersionConflictError) continue;
      throw error;
    }
    return { outcome: 'completed', lag: syncLagSeconds(state, run, deps.clock.now()) };
  }
  throw new VersionConflictError('could not record the completed fetch');
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
