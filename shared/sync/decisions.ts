import { normalizeMergeStatus } from '../core/merge-status';
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
 * Which finished Merge sync a fetch answers: its last_sync_start when Merge's status is that sync's
 * own result (DONE, PARTIALLY_SYNCED), its last_sync_finished whenever Merge gives one. While Merge
 * reports SYNCING, last_sync_start is the running (or queued) sync's: it never names what we answered.
 */
export interface FinishedSync {
  syncStart?: string;
  syncFinished?: string;
}

/**
 * What to do about a model. An instruction to act on (actOnDecision), not the result of an
 * operation: so its cases are told apart by `action`, while results discriminate on `outcome`.
 * A fetch of a model /sync-status did not list carries why in `notReported`.
 */
export type SyncDecision =
  | ({ action: 'fetch'; notReported?: string } & FinishedSync)
  | { action: 'wait'; reason: 'syncing' | 'unknown-status' | 'not-reported' | 'already-requested' }
  | { action: 'up-to-date' }
  | { action: 'skip'; reason: 'DISABLED' | 'PAUSED' }
  | { action: 'failed' };

/** Merge's status in one spelling (`partially synced` is PARTIALLY_SYNCED): core/merge-status.ts. */
const upper = normalizeMergeStatus;
const isDataResult = (value: string | undefined) => value === 'DONE' || value === 'PARTIALLY_SYNCED';

/**
 * The status that decides: a known `status`, else a known `last_sync_result` (an unknown status is
 * tolerated by looking at how the last sync ended), else unknown.
 */
export function effectiveStatus(signal: ModelSignal): KnownStatus | 'UNKNOWN' {
  const status = upper(signal.status);
  if (isKnownStatus(status)) return status;
  const result = upper(signal.lastSyncResult);
  if (isKnownStatus(result) && result !== 'SYNCING') return result;
  return 'UNKNOWN';
}

/**
 * The newest finished sync with data to fetch (DONE or PARTIALLY_SYNCED), whatever `status` says:
 * Merge reports SYNCING while a sync runs *or is queued*, and its SDK says to use last_sync_finished
 * where last_sync_result is DONE (reference §5, §12). Undefined when no such sync is known.
 */
export function finishedSync(signal: ModelSignal): FinishedSync | undefined {
  const start = signal.lastSyncStart ?? undefined;
  const finished = signal.lastSyncFinished ?? undefined;
  const tags = (withStart: boolean): FinishedSync => ({
    ...(withStart && start ? { syncStart: start } : {}),
    ...(finished ? { syncFinished: finished } : {}),
  });
  // The status is the last sync's own result: its start and finish belong to it.
  if (isDataResult(upper(signal.status))) return tags(true);
  if (!isDataResult(upper(signal.lastSyncResult))) return undefined;
  if (finished) return tags(false);
  // An unknown status with a DONE result and no finish time: the start is all there is to go by.
  return upper(signal.status) === 'SYNCING' ? undefined : tags(true);
}

/**
 * A model whose sync has ended one way or another (the initial-sync watch stops waiting for it): any
 * status but SYNCING or an unknown one, or a finished result (DONE, PARTIALLY_SYNCED, FAILED) even
 * while Merge reports SYNCING for the next sync.
 */
export function hasSettled(signal: ModelSignal): boolean {
  const status = effectiveStatus(signal);
  if (status !== 'SYNCING' && status !== 'UNKNOWN') return true;
  const result = upper(signal.lastSyncResult);
  return isDataResult(result) || result === 'FAILED';
}

/** How long a fetch asked for answers a sync: a later signal of the same sync asks again after it. */
export const REQUEST_TTL_MS = 15 * 60_000;

export interface PollOptions {
  reconcile: boolean;
  nowMs: number;
  requestTtlMs: number;
  skewAllowanceMs?: number;
  /**
   * The model's cadence (its tier's interval), for an entry naming no finished sync: see
   * decideUntimedSync. Unset: such an entry is fetched only by a model never fetched.
   */
  cadenceMs?: number;
  /**
   * Set when a model /sync-status does not list is fetched anyway (the initial-sync watch stopped
   * waiting for it): why, as recorded on its sync state.
   */
  fetchUnreported?: string;
}

/** Why a reconciliation fetched a model Merge's /sync-status did not list. */
export const RECONCILE_UNREPORTED =
  'not listed in /sync-status; the daily reconciliation fetches it without a signal';

/**
 * Poller, per model (Merge's syncing guidance, reference §11, with §12's corrections): fetch a
 * finished DONE or PARTIALLY_SYNCED sync we have not answered yet, whether the status is DONE or
 * SYNCING (the next sync running or queued); SYNCING with nothing finished → keep watching; DISABLED
 * / PAUSED → skip; FAILED → record, cursors stay. A reconciliation fetches every model that is not
 * switched off, with no signal at all and even when /sync-status does not list it, because webhooks
 * can be missed and Merge's model ids are not always what we expect.
 */
export function decideFromSyncStatus(
  signal: ModelSignal | undefined,
  state: SyncState,
  options: PollOptions,
): SyncDecision {
  if (!signal) {
    if (options.reconcile) return { action: 'fetch', notReported: RECONCILE_UNREPORTED };
    if (options.fetchUnreported) return { action: 'fetch', notReported: options.fetchUnreported };
    return { action: 'wait', reason: 'not-reported' };
  }
  const status = effectiveStatus(signal);
  if (status === 'DISABLED' || status === 'PAUSED') return { action: 'skip', reason: status };
  const finished = finishedSync(signal);
  if (options.reconcile) return { action: 'fetch', ...finished };
  if (status === 'FAILED') return { action: 'failed' };
  if (finished) return decideFinished(finished, state, options);
  if (status === 'UNKNOWN') return { action: 'wait', reason: 'unknown-status' };
  return { action: 'wait', reason: 'syncing' };
}

/** A finished sync: fetch it unless a completed run answered it or is known to have covered it. */
function decideFinished(
  sync: FinishedSync,
  state: SyncState,
  options: Omit<PollOptions, 'reconcile'>,
): SyncDecision {
  const { syncStart, syncFinished } = sync;
  if (!syncStart && !syncFinished) return decideUntimedSync(state, options);
  if (syncStart && syncStart === state.answeredSyncStart) return { action: 'up-to-date' };
  if (syncFinished && syncFinished === state.answeredSyncFinished) return { action: 'up-to-date' };
  // A completed run that started after Merge finished this sync already has all its data (the fetch
  // a LinkedAccount.sync_completed webhook triggered may carry nothing to answer it by).
  const finishedMs = syncFinished ? toEpochMs(syncFinished) : undefined;
  // Merge's clock is not ours: the run must have started later by the same allowance the cursor keeps.
  const allowance = options.skewAllowanceMs ?? 0;
  if (
    finishedMs !== undefined &&
    state.lastRun &&
    Date.parse(state.lastRun.startedAt) > finishedMs + allowance
  )
    return { action: 'up-to-date' };
  const requested = state.requested;
  const same =
    !!requested &&
    ((!!syncStart && requested.syncStart === syncStart) ||
      (!!syncFinished && requested.syncFinished === syncFinished));
  if (same && options.nowMs - Date.parse(requested.at) < options.requestTtlMs)
    return { action: 'wait', reason: 'already-requested' };
  return { action: 'fetch', ...sync };
}

/** How much earlier than a full interval an untimed sync is fetched again (see decideUntimedSync). */
export const UNTIMED_SYNC_ALLOWANCE_MS = 5 * 60_000;

/**
 * A finished sync (DONE, PARTIALLY_SYNCED) whose entry names no time: the OpenAPI SyncStatus requires
 * only model_name, model_id, status and is_initial_sync (reference §5), so a `{status: 'DONE'}` entry
 * tells us nothing about whether Merge synced since our last run. Never fetched → fetch. A run in
 * progress, or one asked for within the request TTL → that answers it. Otherwise fetch once our last
 * completed run is as old as the model's cadence: the scheduled polls then fetch at the model's tier,
 * as they would if Merge named each sync. The allowance (the smaller of half the interval and five
 * minutes) is the time between a poll and the run it starts, so a run at each tick does not make the
 * next tick find it a little too young.
 */
function decideUntimedSync(state: SyncState, options: Omit<PollOptions, 'reconcile'>): SyncDecision {
  const { lastRun, requested } = state;
  if (!lastRun) return state.run ? { action: 'up-to-date' } : { action: 'fetch' };
  if (state.run) return { action: 'up-to-date' };
  // A fetch asked for since the last run started, and not yet run: it answers this.
  const requestedMs = requested ? Date.parse(requested.at) : undefined;
  if (
    requestedMs !== undefined &&
    requestedMs > Date.parse(lastRun.startedAt) &&
    options.nowMs - requestedMs < options.requestTtlMs
  )
    return { action: 'wait', reason: 'already-requested' };
  if (options.cadenceMs === undefined) return { action: 'up-to-date' };
  const allowance = Math.min(options.cadenceMs / 2, UNTIMED_SYNC_ALLOWANCE_MS);
  const ageMs = options.nowMs - Date.parse(lastRun.startedAt);
  return ageMs >= options.cadenceMs - allowance ? { action: 'fetch' } : { action: 'up-to-date' };
}

/**
 * {Model}.synced and LinkedAccount.sync_completed: DONE or PARTIALLY_SYNCED → fetch; FAILED → record
 * it, cursors stay; SYNCING (or anything else) → wait for the poller.
 */
export function decideFromSyncWebhook(
  signal: ModelSignal,
  known?: { state: SyncState; options: Omit<PollOptions, 'reconcile'> },
): SyncDecision {
  const status = upper(signal.status);
  const result = upper(signal.lastSyncResult ?? signal.status);
  if (status === 'DISABLED' || status === 'PAUSED') return { action: 'skip', reason: status };
  if (isDataResult(result)) {
    // With a SYNCING status, last_sync_start is the next sync's, not the one that finished.
    const ownStart = !status || isDataResult(status);
    const sync: FinishedSync = {
      ...(ownStart && signal.lastSyncStart ? { syncStart: signal.lastSyncStart } : {}),
      ...(signal.lastSyncFinished ? { syncFinished: signal.lastSyncFinished } : {}),
    };
    // A sync already answered or asked for (a repeated delivery, or the poll got there first) is
    // not fetched again: the sync state makes the webhook idempotent. One that names no sync is.
    if (known && (sync.syncStart || sync.syncFinished))
      return decideFinished(sync, known.state, known.options);
    return { action: 'fetch', ...sync };
  }
  if (result === 'FAILED') return { action: 'failed' };
  return { action: 'wait', reason: result === 'SYNCING' ? 'syncing' : 'unknown-status' };
}

/** Records a FAILED sync once per Merge sync (by its finish time); true when it is new. */
export function isNewFailure(state: SyncState, signal: ModelSignal): boolean {
  return (
    upper(state.merge?.lastSyncResult) !== 'FAILED' ||
    (signal.lastSyncFinished ?? null) !== (state.merge?.lastSyncFinished ?? null)
  );
}
