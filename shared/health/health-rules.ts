import type { LinkedAccount } from '../core/accounts';
import { normalizeMergeStatus } from '../core/merge-status';
import { HEALTH_PRECEDENCE, type HealthState } from '../core/health';
import type { SyncState } from '../core/sync-state';
import { hasAuthFailure } from '../sync/auth-failures';
import { modelLagSeconds } from './lag';

/** A model's own health: the account's vocabulary without the account-only states. */
export type ModelHealthState = Extract<
  HealthState,
  'initial_sync' | 'healthy' | 'delayed' | 'failing' | 'paused'
>;

/** What fixes a state: the end user relinks, someone resyncs, or support looks into it. */
export type HealthAction = 'relink' | 'resync' | 'contact_support';

/** Why a state holds, in a word (the event's `reason`, the console's issue list). */
export type HealthReason =
  | 'account-deleted'
  | 'token-refused'
  | 'merge-relink-needed'
  | 'merge-account-idle'
  | 'duplicate'
  | 'model-paused'
  | 'model-disabled'
  | 'merge-sync-failed'
  | 'fetch-failing'
  | 'behind-cadence'
  | 'first-fetch-pending'
  | 'all-synced';

export interface HealthIssue {
  reason: HealthReason;
  /** The model it concerns; null for the account. */
  model: string | null;
  since: string | null;
  actions: HealthAction[];
}

export interface ModelHealth {
  model: string;
  state: ModelHealthState;
  mergeStatus: string | null;
  lastSuccessAt: string | null;
  lagSeconds: number | null;
  issue: HealthIssue | null;
}

/** One model the account syncs: its cadence (its tier's minutes) and its stored sync state. */
export interface ModelHealthInput {
  modelId: string;
  cadenceMinutes: number;
  state: SyncState;
}

export interface HealthAssessment {
  state: HealthState;
  /** The reason of the issue that decided the state ('all-synced' when healthy). */
  reason: HealthReason;
  models: ModelHealth[];
  initialSync: { modelsDone: number; modelsTotal: number };
  issues: HealthIssue[];
  actions: HealthAction[];
}

/** Our own deferrals put on a run (a rate limit, a deadline): they delay a fetch, they do not fail it. */
const DEFERRAL_KINDS = new Set(['rate-limited', 'out-of-time']);

const issue = (
  reason: HealthReason,
  model: string | null,
  since: string | null,
  actions: HealthAction[],
): HealthIssue => ({ reason, model, since, actions });

/** How one model stands: Merge's PAUSED/DISABLED, failing syncs or fetches, lag, the first fetch. */
export function modelHealth(input: ModelHealthInput, nowMs: number): ModelHealth {
  const { state } = input;
  const mergeStatus = normalizeMergeStatus(state.merge?.status) ?? null;
  const lagSeconds = modelLagSeconds(state, nowMs);
  const row = (s: ModelHealthState, found: HealthIssue | null): ModelHealth => ({
    model: input.modelId,
    state: s,
    mergeStatus: state.merge?.status ?? null,
    lastSuccessAt: state.lastRun?.finishedAt ?? null,
    lagSeconds,
    issue: found,
  });
  const skippedSince = state.lastSkip?.at ?? state.merge?.checkedAt ?? null;
  if (mergeStatus === 'PAUSED')
    return row('paused', issue('model-paused', input.modelId, skippedSince, ['relink', 'resync']));
  if (mergeStatus === 'DISABLED')
    return row('paused', issue('model-disabled', input.modelId, skippedSince, ['contact_support']));
  if (mergeStatus === 'FAILED' || normalizeMergeStatus(state.merge?.lastSyncResult) === 'FAILED')
    return row(
      'failing',
      issue('merge-sync-failed', input.modelId, state.merge?.lastSyncFinished ?? null, [
        'resync',
        'contact_support',
      ]),
    );
  // Fetch completion clears lastError: one that is still there has not been overcome since.
  if (state.lastError && !DEFERRAL_KINDS.has(state.lastError.kind))
    return row(
      'failing',
      issue('fetch-failing', input.modelId, state.lastError.at, ['resync', 'contact_support']),
    );
  if (lagSeconds !== null && lagSeconds > 2 * input.cadenceMinutes * 60)
    return row(
      'delayed',
      issue('behind-cadence', input.modelId, state.merge?.lastSyncFinished ?? null, ['resync']),
    );
  if (!state.lastRun) return row('initial_sync', null);
  return row('healthy', null);
}

/** The account's own issues (deleted, refused token, Merge's account status, duplicate), by precedence. */
function accountIssues(account: LinkedAccount): { state: HealthState; issue: HealthIssue }[] {
  const found: { state: HealthState; issue: HealthIssue }[] = [];
  if (account.status === 'DELETED')
    found.push({ state: 'deleted', issue: issue('account-deleted', null, account.deletedAt ?? null, []) });
  if (hasAuthFailure(account))
    found.push({
      state: 'relink_needed',
      issue: issue('token-refused', null, account.issue?.at ?? null, ['relink']),
    });
  const mergeStatus = normalizeMergeStatus(account.mergeStatus?.status);
  if (mergeStatus === 'RELINK_NEEDED')
    found.push({
      state: 'relink_needed',
      issue: issue('merge-relink-needed', null, account.mergeStatus?.since ?? null, ['relink']),
    });
  if (mergeStatus === 'IDLE')
    found.push({
      state: 'paused',
      issue: issue('merge-account-idle', null, account.mergeStatus?.since ?? null, ['relink', 'resync']),
    });
  if (account.duplicate)
    found.push({
      state: 'paused',
      issue: issue('duplicate', null, account.duplicate.since, ['contact_support']),
    });
  return found;
}

const unique = <T>(items: readonly T[]) => [...new Set(items)];

/**
 * An account's health from what we store: its item (status, refused token, Merge's account status,
 * duplicate) and, per model it syncs, its sync state and cadence. Every state that holds is listed
 * as issues; the first by HEALTH_PRECEDENCE is the account's state.
 */
export function assessHealth(
  account: LinkedAccount,
  models: readonly ModelHealthInput[],
  nowMs: number,
): HealthAssessment {
  const rows = models.map((m) => modelHealth(m, nowMs));
  const deleted = account.status === 'DELETED';
  const candidates = [
    ...accountIssues(account),
    ...(deleted
      ? []
      : rows.flatMap((r) => (r.issue ? [{ state: r.state as HealthState, issue: r.issue }] : []))),
  ];
  const initialPending = rows.filter((r) => r.state === 'initial_sync');
  if (!deleted && initialPending.length > 0)
    candidates.push({
      state: 'initial_sync',
      issue: issue('first-fetch-pending', null, account.linkedAt, []),
    });
  const rank = (s: HealthState) => HEALTH_PRECEDENCE.indexOf(s);
  const ordered = [...candidates].sort((a, b) => rank(a.state) - rank(b.state));
  const decisive = ordered[0];
  const issues = ordered.map((c) => c.issue).filter((i) => i.reason !== 'first-fetch-pending');
  return {
    state: decisive?.state ?? 'healthy',
    reason: decisive?.issue.reason ?? 'all-synced',
    models: rows,
    initialSync: {
      modelsDone: rows.filter((r) => r.lastSuccessAt !== null).length,
      modelsTotal: rows.length,
    },
    issues,
    actions: decisive
      ? unique(ordered.filter((c) => c.state === decisive.state).flatMap((c) => c.issue.actions))
      : [],
  };
}
