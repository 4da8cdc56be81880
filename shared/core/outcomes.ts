import type { CompletedRun } from './sync-state';

/**
 * The results of the engine's operations, as the handlers and the CLI see them. Each one tells its
 * cases apart by the same field, `outcome`; an expected way of not doing the work (skipped, a lease
 * lost, an account deleted meanwhile) is one of them, never an exception.
 */

/** A fetch job (shared/sync/fetch-job.ts). */
export type FetchOutcome =
  | { outcome: 'completed'; run: CompletedRun }
  | { outcome: 'handed-off' | 'deferred'; runId: string; pages: number }
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'failed'; reason: string };

/** A poll of one account's /sync-status (shared/sync/poll-account.ts). */
export type PollOutcome =
  | { outcome: 'polled'; fetches: number; watching: boolean }
  | { outcome: 'deferred'; reason: 'rate-limited' | 'out-of-time'; delaySeconds: number }
  | {
      outcome: 'skipped';
      reason: 'account-not-active' | 'stale-watch' | 'no-token' | 'no-models' | 'auth-failed' | 'duplicate';
    };

/** A purge of a deleted account's data (shared/sync/purge-account.ts). */
export type PurgeOutcome =
  | { outcome: 'purged'; records: number }
  | { outcome: 'continued'; records: number }
  | { outcome: 'skipped'; reason: string };

/**
 * One queued webhook (shared/sync/webhooks/process-webhook.ts). `dropped`: left at once and counted,
 * never retried (an account we do not keep, a token Merge refused).
 */
export interface WebhookOutcome {
  outcome: 'processed' | 'ignored' | 'invalid' | 'duplicate' | 'dropped';
}
