import type { StoredAccountOverrides } from '../core/accounts';
import { toEpochMs } from '../sync/timestamps';
import type { LinkedAccount } from '../core/accounts';
import type { SyncState } from '../core/sync-state';
import { DUPLICATE_REASON } from '../sync/duplicates';
import { accountActionNeeded, modelActionNeeded } from './actions-needed';

/** Overrides as the API shows them: snake_case like every other field. */
const overridesView = (overrides: StoredAccountOverrides) => ({
  models: overrides.models ?? null,
  cadence: overrides.cadence ?? null,
  plan_requests_per_minute: overrides.planRequestsPerMinute ?? null,
  deny_fields: overrides.denyFields ?? null,
  updated_at: overrides.updatedAt,
});

/**
 * What the read API (and the CLI's JSON) shows of an account: everything but the token, which is
 * never on this item, and the end user's email address, which is personal data.
 */
export function accountView(account: LinkedAccount) {
  return {
    id: account.id,
    category: account.category,
    integration: account.integration ?? null,
    integration_slug: account.integrationSlug ?? null,
    end_user_organization_name: account.endUserOrganizationName ?? null,
    end_user_origin_id: account.endUserOriginId ?? null,
    status: account.status,
    status_detail: statusDetail(account),
    source: account.source,
    linked_at: account.linkedAt,
    updated_at: account.updatedAt,
    deleted_at: account.deletedAt ?? null,
    issue: account.issue ?? null,
    overrides: account.overrides ? overridesView(account.overrides) : null,
    watching_initial_sync: account.watch !== undefined,
    merge_account_status: account.mergeStatus?.status ?? null,
    duplicate: account.duplicate
      ? { source: account.duplicate.source, since: account.duplicate.since, reason: DUPLICATE_REASON }
      : null,
    action_needed: accountActionNeeded(account),
    unmatched_model_ids: (account.unmatchedModelIds ?? []).map((u) => ({
      model_id: u.modelId,
      source: u.source,
      first_seen_at: u.firstSeenAt,
    })),
  };
}

export type AccountView = ReturnType<typeof accountView>;

/** Why an account is not simply synced, in words (null when it is, or is a tombstone). */
function statusDetail(account: LinkedAccount): string | null {
  if (account.status === 'NOT_SYNCED') return `not synced: category ${account.category}`;
  if (account.status === 'ACTIVE' && account.unconfirmed)
    return 'token not confirmed by Merge yet (checked at the next poll)';
  return null;
}

/**
 * Per model: Merge's status, our cursor, the last completed fetch and the one in progress, counts,
 * the last error, and lag: how long since Merge finished a sync we have not stored yet (0 if none).
 * `records` is the exact number of live records stored (null when not counted).
 */
export function syncStateView(state: SyncState, nowMs: number, records: number | null) {
  const lastFetchStart = state.lastRun?.startedAt ?? null;
  const mergeFinished = state.merge?.lastSyncFinished ? toEpochMs(state.merge.lastSyncFinished) : undefined;
  const storedUpTo = lastFetchStart ? Date.parse(lastFetchStart) : undefined;
  const lagSeconds =
    mergeFinished === undefined
      ? null
      : storedUpTo !== undefined && storedUpTo >= mergeFinished
        ? 0
        : Math.round((nowMs - mergeFinished) / 1000);
  const lastFullResync = state.lastFullResync;
  return {
    model_id: state.modelId,
    records,
    merge_status: state.merge?.status ?? null,
    merge_last_sync_start: state.merge?.lastSyncStart ?? null,
    merge_last_sync_finished: state.merge?.lastSyncFinished ?? null,
    merge_last_sync_result: state.merge?.lastSyncResult ?? null,
    cursor: state.cursor,
    last_fetch_started_at: lastFetchStart,
    last_fetch_finished_at: state.lastRun?.finishedAt ?? null,
    last_fetch: state.lastRun
      ? { reason: state.lastRun.reason, pages: state.lastRun.pages, counts: state.lastRun.counts }
      : null,
    fetch_in_progress: state.run
      ? {
          started_at: state.run.startedAt,
          pages: state.run.pages,
          counts: state.run.counts,
          reason: state.run.reason,
          ...(state.run.fullResync
            ? {
                full_resync: {
                  phase: state.run.fullResync.phase,
                  marked: state.run.fullResync.marked,
                  pass: state.run.fullResync.pass?.number ?? null,
                },
              }
            : {}),
        }
      : null,
    full_resync_requested_at: state.fullResyncRequest?.requestedAt ?? null,
    last_full_resync: lastFullResync
      ? {
          epoch: lastFullResync.epoch,
          outcome: lastFullResync.outcome,
          reason: lastFullResync.reason ?? null,
          marked: lastFullResync.marked,
          swept: lastFullResync.swept,
          at: lastFullResync.at,
        }
      : null,
    totals: state.totals,
    failed_syncs: state.failedSyncs ?? 0,
    last_skip: state.lastSkip ?? null,
    not_reported: state.notReported ?? null,
    action_needed: modelActionNeeded(state),
    last_error: state.lastError ?? null,
    record_issues: state.recordIssues ?? [],
    lag_seconds: lagSeconds,
  };
}

export type ModelStateView = ReturnType<typeof syncStateView>;
