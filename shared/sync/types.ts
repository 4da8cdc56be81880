import type { StoredAccountOverrides } from '../config/account-overrides';
import type { Category } from '../merge/types';

export type AccountStatus = 'ACTIVE' | 'DELETED';

/** A linked account as we keep it. Never holds the account token (stored apart, read only to call Merge). */
export interface LinkedAccount {
  id: string;
  category: Category;
  status: AccountStatus;
  integration?: string;
  integrationSlug?: string;
  endUserOrganizationName?: string;
  endUserOriginId?: string;
  endUserEmailAddress?: string;
  accountType?: string;
  /** How we learnt of it: Merge's LinkedAccount.linked webhook, or an operator's import. */
  source: 'webhook' | 'import';
  linkedAt: string;
  updatedAt: string;
  deletedAt?: string;
  issue?: AccountIssue;
  /** Set while the initial sync is watched closely; a poll message carrying another id is stale. */
  watch?: { id: string; startedAt: string };
  /** What an operator changed for this account (accounts configure): models, cadence, plan limit. */
  overrides?: StoredAccountOverrides;
}

export interface AccountIssue {
  event: string;
  status: string;
  id?: string;
  description?: string;
  at: string;
}

export interface RecordCounts {
  added: number;
  changed: number;
  deleted: number;
  unchanged: number;
  /** Older than what we already hold (a late webhook, an overlapping fetch): skipped. */
  stale: number;
  /** Failed validation: skipped without failing the page. */
  invalid: number;
  /** Too large for one item: stored without optional parts. */
  truncated: number;
}

export const emptyCounts = (): RecordCounts => ({
  added: 0,
  changed: 0,
  deleted: 0,
  unchanged: 0,
  stale: 0,
  invalid: 0,
  truncated: 0,
});

export const addCounts = (a: RecordCounts, b: RecordCounts): RecordCounts => ({
  added: a.added + b.added,
  changed: a.changed + b.changed,
  deleted: a.deleted + b.deleted,
  unchanged: a.unchanged + b.unchanged,
  stale: a.stale + b.stale,
  invalid: a.invalid + b.invalid,
  truncated: a.truncated + b.truncated,
});

export type FetchReason = 'webhook' | 'poll' | 'watch' | 'reconcile' | 'follow-up' | 'manual';

/** A fetch in progress: its checkpoint. Everything needed to resume after a crash is here. */
export interface FetchRun {
  id: string;
  reason: FetchReason;
  requestedAt: string;
  /** Our clock when the run began, before its first request: the next cursor derives from it. */
  startedAt: string;
  /** The `modified_after` every page of this run is fetched with (null: full fetch). */
  modifiedAfter: string | null;
  /** Merge's `next` cursor of the page to fetch next (null: the first page). */
  pageCursor: string | null;
  pages: number;
  counts: RecordCounts;
  /** Who holds the run now, and until when (epoch ms). An expired lease may be taken over. */
  holder: string;
  leaseUntil: number;
  /** Merge's last_sync_start this run answers, when known. */
  syncStart?: string;
  /** Times pagination restarted from the first page (Merge rejected a checkpointed cursor). */
  restarts: number;
  /** Set when this run is a full resync with mark-and-sweep (resync --full): see full-resync.ts. */
  fullResync?: FullResyncProgress;
}

/**
 * Where a full resync's mark-and-sweep has got to, checkpointed with the run so it survives
 * hand-overs and crashes: the full listing, then catch-up passes over what changed meanwhile, then
 * the sweep of the stored records the fetch did not return.
 */
export interface FullResyncProgress {
  /** Which resync request this run answers (SyncState.fullResyncRequest); seen marks carry it. */
  epoch: string;
  phase: 'listing' | 'catch-up' | 'sweeping';
  /** The catch-up pass under way: its number (1-based), `modified_after`, and when its first page was asked for. */
  pass?: { number: number; modifiedAfter: string; startedAt?: string };
  /** Where the sweep is in the (account, model) records (null: from the first). */
  sweepPageToken?: string | null;
  /** Records returned but not rewritten, marked as seen so far. */
  marked: number;
  /** Records the sweep tombstoned so far. */
  swept: number;
}

export interface CompletedRun {
  id: string;
  reason: FetchReason;
  startedAt: string;
  finishedAt: string;
  modifiedAfter: string | null;
  pages: number;
  counts: RecordCounts;
}

/** What Merge's /sync-status (or a sync webhook) last said about a model. */
export interface MergeModelStatus {
  status: string;
  lastSyncStart?: string | null;
  lastSyncResult?: string | null;
  lastSyncFinished?: string | null;
  isInitialSync?: boolean;
  checkedAt: string;
}

/** Per (linked account, model): the cursor, the run in progress, and what we know of Merge's side. */
export interface SyncState {
  accountId: string;
  modelId: string;
  /** Optimistic concurrency: every write checks and bumps it. 0 = not stored yet. */
  version: number;
  /** `modified_after` for the next run: start of the last completed run less the overlap. */
  cursor: string | null;
  run?: FetchRun;
  lastRun?: CompletedRun;
  /** A fetch was asked for while a run was in progress, at this time; a follow-up run covers it. */
  pendingSince?: string;
  /**
   * An operator cleared the cursor at this time (resync): a run that started before it completes
   * without setting the cursor again, so the follow-up is a full fetch.
   */
  resetCursorAt?: string;
  merge?: MergeModelStatus;
  /** Merge's last_sync_start that the last completed run answered. */
  answeredSyncStart?: string;
  /** The last fetch we enqueued for a Merge sync, so polls don't enqueue it again. */
  requested?: { syncStart?: string; at: string };
  lastError?: { at: string; kind: string; message: string };
  /** The last time we skipped the model and why (DISABLED, PAUSED, FAILED...). */
  lastSkip?: { reason: string; at: string };
  failedSyncs?: number;
  totals: RecordCounts;
  /** An operator asked for a full resync with mark-and-sweep; the next full fetch run answers it. */
  fullResyncRequest?: { epoch: string; requestedAt: string };
  /** How the last full resync ended: swept, superseded by a newer one, or given up (and why). */
  lastFullResync?: {
    epoch: string;
    outcome: 'swept' | 'superseded' | 'gave-up';
    reason?: string;
    marked: number;
    swept: number;
    at: string;
  };
}

export const newSyncState = (accountId: string, modelId: string): SyncState => ({
  accountId,
  modelId,
  version: 0,
  cursor: null,
  totals: emptyCounts(),
});
