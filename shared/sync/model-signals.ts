import type { FetchReason, MergeModelStatus, SyncState } from '../core/sync-state';
import { syncFailedEvent } from '../events/change-events';
import { writeWithEvents } from '../events/outbox';
import { METRIC } from '../observability/ports';
import {
  decideFromSyncWebhook,
  isNewFailure,
  REQUEST_TTL_MS,
  type FinishedSync,
  type ModelSignal,
  type SyncDecision,
} from './decisions';
import { isoNow, type SyncDeps } from './ports';
import { updateSyncState } from './state-updates';

/**
 * Acts on one decision for (account, model): records what Merge said (only when it changed: no
 * wasted writes), counts failures and skips, and asks for a fetch. The fetch job is sent before the
 * state notes it, so a crash in between can only cause an extra (harmless) fetch, never a lost one.
 * A new failure's Sync Failed event is on record (the outbox) before the failure is counted.
 */
export async function actOnDecision(
  deps: SyncDeps,
  accountId: string,
  modelId: string,
  signal: ModelSignal | undefined,
  decision: SyncDecision,
  reason: FetchReason,
  /** The state the decision was made on, if just read: the state write starts from it. */
  decidedOn?: SyncState,
): Promise<void> {
  const now = isoNow(deps.clock);
  const answers = decision.action === 'fetch' ? finishedTags(decision) : {};
  if (decision.action === 'fetch') {
    await deps.queue.send('jobs', [
      { v: 1, kind: 'fetch', accountId, modelId, reason, requestedAt: now, ...answers },
    ]);
  }
  // Planned at every FAILED decision; published only if the write counts the failure as new.
  const failed =
    decision.action === 'failed' && signal
      ? [syncFailedEvent(accountId, modelId, signal.lastSyncFinished ?? null, now)]
      : [];
  const newFailure = await writeWithEvents(deps, accountId, failed, async () => {
    let counted = false;
    await updateSyncState(
      deps.states,
      accountId,
      modelId,
      (state) => {
        counted = decision.action === 'failed' && !!signal && isNewFailure(state, signal);
        const { notReported, ...rest } = state;
        const next: SyncState = signal
          ? { ...rest, merge: mergeStatus(state.merge, signal, now) }
          : { ...state };
        if (decision.action === 'fetch') next.requested = { ...answers, at: now };
        if (decision.action === 'fetch' && decision.notReported)
          next.notReported = { since: notReported?.since ?? now, note: decision.notReported };
        // `at` is when the model was first skipped for this reason: how long it has stayed so.
        if (decision.action === 'skip' && state.lastSkip?.reason !== decision.reason)
          next.lastSkip = { reason: decision.reason, at: now };
        if (counted) next.failedSyncs = (state.failedSyncs ?? 0) + 1;
        const changed =
          decision.action === 'fetch' ||
          counted ||
          next.lastSkip !== state.lastSkip ||
          (!!signal && !!notReported) ||
          (!!signal && !sameStatus(state.merge, next.merge));
        return { next: changed ? next : null, result: undefined };
      },
      decidedOn,
    );
    return { result: counted, written: counted };
  });
  if (newFailure) {
    deps.metrics.add(METRIC.syncFailed, 1, 'Count', { model: modelId });
    deps.log.warn('Merge reported a failed sync; cursor stays', { accountId, modelId });
  }
  if (decision.action === 'skip')
    deps.metrics.add(METRIC.modelsSkipped, 1, 'Count', { reason: decision.reason });
}

/** The finished sync a fetch answers, as the job and `requested` carry it. */
const finishedTags = (sync: FinishedSync): FinishedSync => ({
  ...(sync.syncStart ? { syncStart: sync.syncStart } : {}),
  ...(sync.syncFinished ? { syncFinished: sync.syncFinished } : {}),
});

/** A sync webhook about one model: decide on its sync state (a sync answered once) and act. */
export async function onSyncSignal(
  deps: SyncDeps,
  accountId: string,
  modelId: string,
  signal: ModelSignal,
): Promise<void> {
  const state = await deps.states.get(accountId, modelId);
  const decision = decideFromSyncWebhook(signal, {
    state,
    options: {
      nowMs: deps.clock.now(),
      requestTtlMs: REQUEST_TTL_MS,
      skewAllowanceMs: deps.settings.config.cursorOverlapSeconds * 1000,
    },
  });
  await actOnDecision(deps, accountId, modelId, signal, decision, 'webhook', state);
}

function mergeStatus(
  previous: MergeModelStatus | undefined,
  signal: ModelSignal,
  now: string,
): MergeModelStatus {
  return {
    status: signal.status ?? signal.lastSyncResult ?? previous?.status ?? 'UNKNOWN',
    lastSyncStart: signal.lastSyncStart ?? previous?.lastSyncStart ?? null,
    lastSyncResult: signal.lastSyncResult ?? previous?.lastSyncResult ?? null,
    lastSyncFinished: signal.lastSyncFinished ?? previous?.lastSyncFinished ?? null,
    checkedAt: now,
  };
}

const sameStatus = (a: MergeModelStatus | undefined, b: MergeModelStatus | undefined) =>
  !!a &&
  !!b &&
  a.status === b.status &&
  a.lastSyncStart === b.lastSyncStart &&
  a.lastSyncResult === b.lastSyncResult &&
  a.lastSyncFinished === b.lastSyncFinished;
