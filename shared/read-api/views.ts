import type { SyncSettings } from '../config/sync-config';
import type { Clock } from '../runtime/clock';
import type { AccountStore, SyncStateStore } from '../store/ports';
import { toEpochMs } from '../sync/timestamps';
import type { LinkedAccount } from '../core/accounts';
import type { SyncState } from '../core/sync-state';

/** What the read API shows of an account: everything but the token (which is never on this item). */
export function accountView(account: LinkedAccount) {
  return {
    id: account.id,
    category: account.category,
    integration: account.integration ?? null,
    integration_slug: account.integrationSlug ?? null,
    end_user_organization_name: account.endUserOrganizationName ?? null,
    end_user_origin_id: account.endUserOriginId ?? null,
    status: account.status,
    source: account.source,
    linked_at: account.linkedAt,
    deleted_at: account.deletedAt ?? null,
    issue: account.issue ?? null,
    overrides: account.overrides ?? null,
    watching_initial_sync: account.watch !== undefined,
  };
}

/**
 * Per model: Merge's status, our cursor, the last completed fetch and the one in progress, counts,
 * the last error, and lag: how long since Merge finished a sync we have not stored yet (0 if none).
 */
export function syncStateView(state: SyncState, nowMs: number) {
  const lastFetchStart = state.lastRun?.startedAt ?? null;
  const mergeFinished = state.merge?.lastSyncFinished ? toEpochMs(state.merge.lastSyncFinished) : undefined;
  const storedUpTo = lastFetchStart ? Date.parse(lastFetchStart) : undefined;
  const lagSeconds =
    mergeFinished === undefined
      ? null
      : storedUpTo !== undefined && storedUpTo >= mergeFinished
        ? 0
        : Math.round((nowMs - mergeFinished) / 1000);
  return {
    model_id: state.modelId,
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
    last_full_resync: state.lastFullResync ?? null,
    totals: state.totals,
    failed_syncs: state.failedSyncs ?? 0,
    last_skip: state.lastSkip ?? null,
    last_error: state.lastError ?? null,
    lag_seconds: lagSeconds,
  };
}

export interface ReadDeps {
  accounts: AccountStore;
  states: SyncStateStore;
  settings: SyncSettings;
  clock: Clock;
}

export async function listAccounts(deps: ReadDeps) {
  const accounts = await deps.accounts.listAll();
  return { results: accounts.map(accountView) };
}

/**
 * Every model this account syncs (the deployment's for its category, or its own overrides), with
 * its tier, including those not fetched yet; and the plan limit its requests are paced to.
 */
export async function accountSyncState(deps: ReadDeps, accountId: string) {
  const account = await deps.accounts.get(accountId);
  if (!account) return undefined;
  const stored = new Map((await deps.states.listForAccount(accountId)).map((s) => [s.modelId, s]));
  const now = deps.clock.now();
  const plan = deps.settings.forAccount(account);
  const models = plan.models.map((m) => {
    const state = stored.get(m.modelId) ?? {
      accountId,
      modelId: m.modelId,
      version: 0,
      cursor: null,
      totals: emptyTotals,
    };
    return { ...syncStateView(state, now), tier: m.tier };
  });
  return {
    account: { ...accountView(account), plan_requests_per_minute: plan.planRequestsPerMinute },
    models,
  };
}

const emptyTotals = { added: 0, changed: 0, deleted: 0, unchanged: 0, stale: 0, invalid: 0, truncated: 0 };
