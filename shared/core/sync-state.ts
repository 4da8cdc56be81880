import { emptyCounts, type RecordCounts } from './records';

/** Why a fetch was asked for; fetch jobs carry it (shared/queue/messages.ts) and so do runs. */
export const FETCH_REASONS = ['webhook', 'poll', 'watch', 'reconcile', 'follow-up', 'manual'] as const;
export type FetchReason = (typeof FETCH_REASONS)[number];

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
  /** Merge's last_sync_finished of the finished sync this run answers (while Merge reports SYNCING). */
  syncFinished?: string;
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
  /**
   * Set on every run of a model whose list has no `modified_after` (AccountingPeriod, PaymentTerm...):
   * the run is a full listing that sweeps what it did not see, with no catch-up passes (there is no
   * filter to catch up with). It answers a resync request only when `epoch` is that request's.
   */
  kind?: 'full-listing';
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
  checkedAt: string;
}

/**
 * Why a record could not be stored as Merge sent it: not a Common Model object (skipped), nested
 * too deep, or too large even without its optional parts (stored without the fields named).
 */
export type RecordIssueReason = 'not-a-record' | 'too-deep' | 'too-large';

/** One such record, as the model's sync state lists it: never any of its content. */
export interface RecordIssue {
  /** Merge's id when the record had a usable one. */
  id: string | null;
  reason: RecordIssueReason;
  /** Top-level fields left out of the stored record (too-deep, too-large). */
  fields?: string[];
  /** When we last met it. */
  at: string;
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
  /** Merge's last_sync_finished that the last completed run answered. */
  answeredSyncFinished?: string;
  /** When the model's last Sync Completed event was planned (a quiet run announces itself rarely). */
  announcedAt?: string;
  /** The last fetch we enqueued for a Merge sync, so polls don't enqueue it again. */
  requested?: { syncStart?: string; syncFinished?: string; at: string };
  /**
   * Merge's /sync-status did not list this model when we last needed it to (the initial-sync watch
   * gave up waiting, or a reconciliation): since when, and what we did instead.
   */
  notReported?: { since: string; note: string };
  lastError?: { at: string; kind: string; message: string };
  /** Why we skip (or last skipped) the model (DISABLED, PAUSED), and since when for that reason. */
  lastSkip?: { reason: string; at: string };
  failedSyncs?: number;
  /** Records not stored as received, newest first, one entry per record and reason, bounded. */
  recordIssues?: RecordIssue[];
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
