import type { FetchOutcome } from '../core/outcomes';
import type { FetchRun } from '../core/sync-state';
import { MergeAuthError, MergeHttpError } from '../merge/errors';
import { METRIC } from '../observability/ports';
import { tokenHash } from './account-tokens';
import { clearAuthFailure, recordAuthFailure } from './auth-failures';
import { RefusedTokenError } from './live-token-reader';
import type { HeldRun, LeaseLost } from './held-run';
import { mergeDeferralOf, secondsUntil } from './merge-deferral';
import { isoNow, type SyncDeps } from './ports';

/**
 * What a fetch does when Merge's client failed it: come back when Merge allows (rate limits), hand
 * over when the next page could not end in time (the client's deadline), restart a rejected cursor, or fail so that SQS redelivers it (and dead-letters it if it keeps
 * failing). Every path keeps the last checkpoint.
 */
const MAX_CURSOR_RESTARTS = 3;

/** How the failure is handled, told once from the error. */
type FetchFailure =
  | { outcome: 'rate-limited' | 'out-of-time'; retryAtMs: number }
  | { outcome: 'cursor-rejected' }
  | { outcome: 'refused'; status: number }
  | { outcome: 'unexpected' };

function classify(error: unknown, run: FetchRun): FetchFailure {
  // Rate limited, a failure burst, retries that ended rate limited (Merge said when to come back),
  // or the next page could not end before this invocation's deadline: deferrals, not failures.
  const deferral = mergeDeferralOf(error);
  if (deferral) return { outcome: deferral.kind, retryAtMs: deferral.retryAtMs };
  if (error instanceof MergeAuthError) return { outcome: 'refused', status: error.status };
  if (error instanceof MergeHttpError && run.pageCursor && run.restarts < MAX_CURSOR_RESTARTS)
    return { outcome: 'cursor-rejected' };
  return { outcome: 'unexpected' };
}

/**
 * A 401 for a token that a LinkedAccount.linked has replaced since (its request raced the
 * replacement): not the account's refusal. The job is retried, with the new token.
 */
async function refusedTokenSinceReplaced(
  deps: SyncDeps,
  accountId: string,
  error: unknown,
): Promise<boolean> {
  if (!(error instanceof RefusedTokenError)) return false;
  const stored = await deps.accounts.getStoredToken(accountId);
  return stored !== undefined && tokenHash(accountId, stored.token) !== error.tokenHash;
}

export async function handleFailure(
  deps: SyncDeps,
  held: HeldRun,
  error: unknown,
): Promise<FetchOutcome | LeaseLost> {
  const { job } = held;
  const message = error instanceof Error ? error.message : String(error);
  const failure = (await refusedTokenSinceReplaced(deps, job.accountId, error))
    ? ({ outcome: 'unexpected' } as const)
    : classify(error, held.run);
  if (failure.outcome === 'out-of-time') {
    // No time left for another page in this invocation: a continuation resumes from the checkpoint.
    return held.handOver(secondsUntil(failure.retryAtMs, deps.clock.now()));
  }
  if (failure.outcome === 'rate-limited') {
    // Merge asked us to slow down: keep the checkpoint and come back when it allows.
    const released = await held.release({ kind: 'rate-limited', message });
    if (released.outcome === 'lease-lost') return released;
    await held.continueIn(secondsUntil(failure.retryAtMs, deps.clock.now()));
    deps.metrics.add(METRIC.fetchesDeferred, 1);
    return { outcome: 'deferred', runId: held.run.id, pages: held.run.pages };
  }
  if (failure.outcome === 'cursor-rejected') {
    // Merge refused a checkpointed cursor (expired or invalid): page again from the first page of the
    // same run; its modified_after is unchanged, so nothing is skipped.
    const restarted = await held.update((s, r) => ({
      ...s,
      run: { ...r, pageCursor: null, restarts: r.restarts + 1, leaseUntil: 0 },
      lastError: { kind: 'cursor-rejected', message, at: isoNow(deps.clock) },
    }));
    if (restarted.outcome === 'lease-lost') return restarted;
    await held.continueIn();
    return { outcome: 'handed-off', runId: held.run.id, pages: held.run.pages };
  }
  deps.metrics.add(METRIC.fetchesFailed, 1, 'Count', { model: job.modelId });
  deps.log.error('fetch failed', {
    accountId: job.accountId,
    modelId: job.modelId,
    runId: held.run.id,
    error: message,
  });
  const kind =
    failure.outcome === 'refused' ? (failure.status === 403 ? 'forbidden' : 'auth') : ('error' as const);
  await held.release({ kind, message }).catch(() => undefined);
  // Not retrying: the token is refused; the next poll or webhook tries again. Anything else: let SQS
  // redeliver the job, which resumes from the checkpoint (and dead-letters it if it keeps failing).
  if (failure.outcome === 'refused') {
    // A refused token is Merge's 401 (reference: "Return 401 when either is missing or wrong"), and
    // the poller's /sync-status sees it for the whole account. A 403 from one model's list is about
    // that model (its permissions): marking the account would slow every other model to daily.
    if (failure.status === 403) return { outcome: 'failed', reason: 'forbidden' };
    await recordAuthFailure(deps, job.accountId, 'fetch');
    // A replacement stored while this was being marked: the relink has cleared marks made before
    // it, so this one (made after) goes too, and the job is retried with the new token.
    if (await refusedTokenSinceReplaced(deps, job.accountId, error)) {
      await clearAuthFailure(deps, job.accountId);
      throw error;
    }
    return { outcome: 'failed', reason: 'auth' };
  }
  throw error;
}
