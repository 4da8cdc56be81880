import { toEpochMs } from './timestamps';
import type { SyncState } from '../core/sync-state';

/** Merge's model sync statuses (reference §5); Merge's SDK treats the set as open. */
export const KNOWN_STATUSES = [
  'SYNCING',
  'DONE',
  'FAILED',
  'DISABLED',
  'PAUSED',
  'PARTIALLY_SYNCED',
] as const;
export type KnownStatus = (typeof KNOWN_STATUSES)[number];

export const isKnownStatus = (value: unknown): value is KnownStatus =>
  typeof value === 'string' && (KNOWN_STATUSES as readonly string[]).includes(value);

/** What Merge says of one model, from /sync-status or a sync webhook. */
export interface ModelSignal {
  status?: string | null;
  lastSyncStart?: string | null;
  lastSyncResult?: string | null;
  lastSyncFinished?: string | null;
}

/**
 * What to do about a model. An instruction to act on (actOnDecision), not the result of an
 * operation: so its cases are told apart by `action`, while results discriminate on `outcome`.
 */
export type SyncDecision =
  | { action: 'fetch'; syncStart?: string }
  | { action: 'wait'; reason: 'syncing' | 'unknown-status' | 'not-reported' | 'already-requested' }
  | { action: 'up-to-date' }
  | { action: 'skip'; reason: 'DISABLED' | 'PAUSED' }
  | { action: 'failed' };

/**
 * The status that decides: a known `status`, else a known `last_sync_result` (an unknown status is
 * tolerated by looking at how the last sync ended), else unknown.
 */
export function effectiveStatus(signal: ModelSignal): KnownStatus | 'UNKNOWN' {
  const status = signal.status?.toUpperCase();
  if (isKnownStatus(status)) return status;
  const result = signal.lastSyncResult?.toUpperCase();
  if (isKnownStatus(result) && result !== 'SYNCING') return result;
  return 'UNKNOWN';
}

/**
 * Poller, per model (Merge's syncing guidance, reference §11): fetch when DONE or PARTIALLY_SYNCED
 * and last_sync_start differs from the one the last fetch answered; SYNCING → keep watching;
 * DISABLED / PAUSED → skip; FAILED → record, cursors stay. A reconciliation fetches every model
 * that is not switched off, with no signal at all, because webhooks can be missed.
 */
export function decideFromSyncStatus(
  signal: ModelSignal | undefined,
  state: SyncState,
  options: { reconcile: boolean; nowMs: number; requestTtlMs: number; skewAllowanceMs?: number },
): SyncDecision {
  if (!signal) return { action: 'wait', reason: 'not-reported' };
  const status = effectiveStatus(signal);
  if (status === 'DISABLED' || status === 'PAUSED') return { action: 'skip', reason: status };
  const syncStart = signal.lastSyncStart ?? undefined;
  if (options.reconcile) return { action: 'fetch', ...(syncStart ? { syncStart } : {}) };
  if (status === 'FAILED') return { action: 'failed' };
  if (status === 'SYNCING') return { action: 'wait', reason: 'syncing' };
  if (status === 'UNKNOWN') return { action: 'wait', reason: 'unknown-status' };
  // DONE or PARTIALLY_SYNCED
  if (!syncStart) return state.lastRun || state.run ? { action: 'up-to-date' } : { action: 'fetch' };
  if (syncStart === state.answeredSyncStart) return { action: 'up-to-date' };
  // A completed run that started after Merge finished this sync already has all its data (the fetch
  // a LinkedAccount.sync_completed webhook triggered carries no last_sync_start to answer it by).
  const finished = signal.lastSyncFinished ? toEpochMs(signal.lastSyncFinished) : undefined;
  // Merge's clock is not ours: the run must have started later by the same allowance the cursor keeps.
  const allowance = options.skewAllowanceMs ?? 0;
  if (finished !== undefined && state.lastRun && Date.parse(state.lastRun.startedAt) > finished + allowance) {
    return { action: 'up-to-date' };
  }
  const requested = state.requested;
  if (requested?.syncStart === syncStart && options.nowMs - Date.parse(requested.at) < options.requestTtlMs) {
    return { action: 'wait', reason: 'already-requested' };
  }
  return { action: 'fetch', syncStart };
}

/**
 * {Model}.synced and LinkedAccount.sync_completed: DONE or PARTIALLY_SYNCED → fetch; FAILED → record
 * it, cursors stay; SYNCING (or anything else) → wait for the poller.
 */
export function decideFromSyncWebhook(signal: ModelSignal): SyncDecision {
  const result = (signal.lastSyncResult ?? signal.status)?.toUpperCase();
  const status = signal.status?.toUpperCase();
  if (status === 'DISABLED' || status === 'PAUSED') return { action: 'skip', reason: status };
  if (result === 'DONE' || result === 'PARTIALLY_SYNCED') {
    return { action: 'fetch', ...(signal.lastSyncStart ? { syncStart: signal.lastSyncStart } : {}) };
  }
  if (result === 'FAILED') return { action: 'failed' };
  return { action: 'wait', reason: result === 'SYNCING' ? 'syncing' : 'unknown-status' };
}

/** Records a FAILED sync once per Merge sync (by its finish time); true when it is new. */
export function isNewFailure(state: SyncState, signal: ModelSignal): boolean {
  return (
    state.merge?.lastSyncResult !== 'FAILED' ||
    (signal.lastSyncFinished ?? null) !== (state.merge?.lastSyncFinished ?? null)
  );
}
