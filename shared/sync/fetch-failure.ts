import {
  FailureBurstError,
  MergeAuthError,
  MergeHttpError,
  RateLimitedError,
  RetriesExhaustedError,
} from '../merge/errors';
import { METRIC } from '../observability/ports';
import type { FetchJob } from '../queue/messages';
import { AccountGoneError } from './apply-records';
import { recordAuthFailure } from './auth-failures';
import { LeaseLostError, updateHeldRun } from './claim-run';
import { isoNow, type SyncDeps } from './ports';
import { type FetchRun } from './types';
import type { FetchOutcome } from './fetch-job';

/**
 * What a fetch does when it cannot go on: hand over to a continuation, come back when Merge allows
 * (rate limits), restart a rejected cursor, or fail so that SQS redelivers it (and dead-letters it
 * if it keeps failing). Every path keeps the last checkpoint.
 */
const MAX_CURSOR_RESTARTS = 3;

export async function handOver(
  deps: SyncDeps,
  job: FetchJob,
  holder: string,
  run: FetchRun,
  delaySeconds: number,
) {
  await release(deps, job, holder);
  await deps.queue.send('jobs', [{ ...job, v: 1, kind: 'fetch', runId: run.id }], { delaySeconds });
  deps.log.info('fetch handed over to a continuation', {
    accountId: job.accountId,
    modelId: job.modelId,
    runId: run.id,
    pages: run.pages,
    delaySeconds,
  });
}

export async function release(
  deps: SyncDeps,
  job: FetchJob,
  holder: string,
  error?: { kind: string; message: string },
) {
  await updateHeldRun(deps, job.accountId, job.modelId, holder, (s, r) => ({
    ...s,
    run: { ...r, leaseUntil: 0 },
    ...(error ? { lastError: { ...error, at: isoNow(deps.clock) } } : {}),
  }));
}

export async function handleFailure(
  deps: SyncDeps,
  job: FetchJob,
  holder: string,
  run: FetchRun,
  error: unknown,
): Promise<FetchOutcome> {
  if (error instanceof LeaseLostError) return skipped(deps, job, 'lease-lost');
  if (error instanceof AccountGoneError) return skipped(deps, job, 'account-deleted-during-fetch');
  const message = error instanceof Error ? error.message : String(error);
  const retryAtMs =
    error instanceof RateLimitedError || error instanceof FailureBurstError
      ? error.retryAtMs
      : error instanceof RetriesExhaustedError
        ? error.retryAtMs
        : undefined;
  if (retryAtMs !== undefined) {
    // Merge asked us to slow down: keep the checkpoint and come back when it allows.
    await release(deps, job, holder, { kind: 'rate-limited', message });
    const delaySeconds = Math.ceil(Math.max(0, retryAtMs - deps.clock.now()) / 1000);
    await deps.queue.send('jobs', [{ ...job, v: 1, kind: 'fetch', runId: run.id }], { delaySeconds });
    deps.metrics.add(METRIC.fetchesDeferred, 1);
    return { status: 'deferred', runId: run.id, pages: run.pages };
  }
  if (
    error instanceof MergeHttpError &&
    !(error instanceof MergeAuthError) &&
    run.pageCursor &&
    run.restarts < MAX_CURSOR_RESTARTS
  ) {
    // Merge refused a checkpointed cursor (expired or invalid): page again from the first page of the
    // same run; its modified_after is unchanged, so nothing is skipped.
    await updateHeldRun(deps, job.accountId, job.modelId, holder, (s, r) => ({
      ...s,
      run: { ...r, pageCursor: null, restarts: r.restarts + 1, leaseUntil: 0 },
      lastError: { kind: 'cursor-rejected', message, at: isoNow(deps.clock) },
    }));
    await deps.queue.send('jobs', [{ ...job, v: 1, kind: 'fetch', runId: run.id }]);
    return { status: 'handed-off', runId: run.id, pages: run.pages };
  }
  deps.metrics.add(METRIC.fetchesFailed, 1, 'Count', { model: job.modelId });
  deps.log.error('fetch failed', {
    accountId: job.accountId,
    modelId: job.modelId,
    runId: run.id,
    error: message,
  });
  await release(deps, job, holder, {
    kind: error instanceof MergeAuthError ? (error.status === 403 ? 'forbidden' : 'auth') : 'error',
    message,
  }).catch(() => undefined);
  // Not retrying: the token is refused; the next poll or webhook tries again. Anything else: let SQS
  // redeliver the job, which resumes from the checkpoint (and dead-letters it if it keeps failing).
  if (error instanceof MergeAuthError) {
    // A refused token is Merge's 401 (reference: "Return 401 when either is missing or wrong"), and
    // the poller's /sync-status sees it for the whole account. A 403 from one model's list is about
    // that model (its permissions): marking the account would slow every other model to daily.
    if (error.status === 403) return { status: 'failed', reason: 'forbidden' };
    await recordAuthFailure(deps, job.accountId, 'fetch');
    return { status: 'failed', reason: 'auth' };
  }
  throw error;
}

export function skipped(deps: SyncDeps, job: FetchJob, reason: string): FetchOutcome {
  deps.log.info('fetch job skipped', { accountId: job.accountId, modelId: job.modelId, reason });
  return { status: 'skipped', reason };
}
