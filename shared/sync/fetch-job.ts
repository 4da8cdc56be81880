import {
  FailureBurstError,
  MergeAuthError,
  MergeHttpError,
  RateLimitedError,
  RetriesExhaustedError,
} from '../merge/errors';
import { METRIC } from '../observability/ports';
import type { FetchJob } from '../queue/messages';
import { VersionConflictError } from '../store/ports';
import type { ConfiguredModel } from '../config/sync-config';
import { AccountGoneError, applyRecordsForActiveAccount, countsOf } from './apply-records';
import { claimRun, LeaseLostError, updateHeldRun } from './claim-run';
import { advanceCursor } from './cursor';
import { normalizeRecord, type NormalizedRecord } from './normalize';
import { emitRecordCounts } from './record-metrics';
import { isoNow, type MergeDeps, type SyncDeps } from './ports';
import {
  addCounts,
  emptyCounts,
  type CompletedRun,
  type FetchRun,
  type LinkedAccount,
  type RecordCounts,
  type SyncState,
} from './types';
import { toEpochMs } from './timestamps';

export interface FetchInvocation {
  /** Time left before this invocation must have returned (Lambda's getRemainingTimeInMillis). */
  remainingMs: () => number;
}

export type FetchOutcome =
  | { status: 'completed'; run: CompletedRun }
  | { status: 'handed-off' | 'deferred'; runId: string; pages: number }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; reason: string };

/** A run's lease outlives its invocation by this much, so nobody resumes it while it may still write. */
const LEASE_MARGIN_MS = 30_000;
/** Hand over to a continuation while this much time (or 3 slow pages) is left. */
const MIN_SAFETY_MS = 10_000;
const MAX_CURSOR_RESTARTS = 3;

/**
 * One fetch job: claims the (account, model) run, pages through Merge with the run's
 * `modified_after` and `include_deleted_data=true`, stores each page's changes, checkpoints after
 * every page, hands the rest to a continuation before the Lambda time runs out, and on completion
 * moves the cursor (invariants 4, 5, 6).
 */
export async function runFetchJob(
  deps: SyncDeps & MergeDeps,
  job: FetchJob,
  invocation: FetchInvocation,
): Promise<FetchOutcome> {
  const account = await deps.accounts.get(job.accountId);
  if (!account || account.status !== 'ACTIVE') return skipped(deps, job, 'account-not-active');
  const model = deps.settings.model(job.modelId);
  if (!model || model.category !== account.category) return skipped(deps, job, 'model-not-configured');

  const holder = deps.newId();
  const claim = await claimRun(
    deps,
    job,
    holder,
    deps.clock.now() + invocation.remainingMs() + LEASE_MARGIN_MS,
  );
  if (claim.kind === 'skip') return skipped(deps, job, claim.reason);
  const token = await deps.accounts.getToken(account.id);
  if (!token) {
    await release(deps, job, holder, {
      kind: 'no-token',
      message: 'no account token is stored for this account',
    });
    return { status: 'failed', reason: 'no-token' };
  }
  let run = claim.run;
  deps.log.info('fetch started', {
    accountId: job.accountId,
    modelId: job.modelId,
    runId: run.id,
    resumedAtPage: run.pages,
  });
  try {
    const finished = await pageThrough(
      deps,
      job,
      account,
      model,
      token,
      holder,
      run,
      invocation,
      (r) => (run = r),
    );
    if (!finished) {
      await handOver(deps, job, holder, run, 0);
      return { status: 'handed-off', runId: run.id, pages: run.pages };
    }
    return { status: 'completed', run: await complete(deps, job, holder) };
  } catch (error) {
    return handleFailure(deps, job, holder, run, error);
  }
}

/** Returns true when the last page was stored, false when time ran short (the caller hands over). */
async function pageThrough(
  deps: SyncDeps & MergeDeps,
  job: FetchJob,
  account: LinkedAccount,
  model: ConfiguredModel,
  token: string,
  holder: string,
  startRun: FetchRun,
  invocation: FetchInvocation,
  onCheckpoint: (run: FetchRun) => void,
): Promise<boolean> {
  let run = startRun;
  let slowestPageMs = 0;
  let pageStarted = deps.clock.now();
  const pages = deps.merge.pages(
    { accountId: account.id, accountToken: token, category: account.category },
    model.path,
    {
      modifiedAfter: run.modifiedAfter ?? undefined,
      includeDeletedData: true,
      includeRemoteData: model.includeRemoteData,
      expand: model.expand,
      cursor: run.pageCursor,
    },
  );
  // Merge's pagination is sequential, so the request for the next page (its cursor is already
  // known) goes out while this page is stored and checkpointed: writes hide behind reads.
  let pending = pages.next();
  for (;;) {
    const result = await pending;
    if (result.done) return true;
    const page = result.value;
    if (page.next !== null) {
      pending = pages.next();
      pending.catch(() => undefined); // observed at the top of the loop; not an unhandled rejection meanwhile
    }
    const normalized: NormalizedRecord[] = [];
    let invalid = 0;
    for (const raw of page.results) {
      const normalizedRecord = normalizeRecord(raw, model);
      if (normalizedRecord.invalid) invalid++;
      normalized.push(...normalizedRecord.records);
    }
    const applied = await applyRecordsForActiveAccount(deps, account.id, normalized);
    const own = countsOf(applied, model.modelId);
    const counts: RecordCounts = { ...own, invalid: own.invalid + invalid };
    const state = await updateHeldRun(deps, job.accountId, job.modelId, holder, (s, r) => ({
      ...s,
      run: { ...r, pageCursor: page.next, pages: r.pages + 1, counts: addCounts(r.counts, counts) },
    }));
    run = state.run as FetchRun;
    onCheckpoint(run);
    for (const [modelId, modelCounts] of applied.counts) {
      emitRecordCounts(deps.metrics, modelId, modelId === model.modelId ? counts : modelCounts);
    }
    if (page.next === null) return true;
    const now = deps.clock.now();
    slowestPageMs = Math.max(slowestPageMs, now - pageStarted);
    pageStarted = now;
    // Time is short: stop here. The page already requested is dropped; the continuation asks again.
    if (Math.max(MIN_SAFETY_MS, 3 * slowestPageMs) > invocation.remainingMs()) {
      void pages.return(undefined).catch(() => undefined);
      return false;
    }
  }
}

async function complete(deps: SyncDeps, job: FetchJob, holder: string): Promise<CompletedRun> {
  let followedUp: string | undefined;
  for (let attempt = 0; attempt < 10; attempt++) {
    const state = await deps.states.get(job.accountId, job.modelId);
    const run = state.run;
    if (!run || run.holder !== holder) throw new LeaseLostError('run taken over before completion');
    // A fetch asked for while this run was under way may need data newer than its start: follow it up
    // before the completion is written, so a crash in between cannot lose the request.
    const pending = state.pendingSince && state.pendingSince > run.startedAt ? state.pendingSince : undefined;
    if (pending && pending !== followedUp) {
      await deps.queue.send('jobs', [
        {
          v: 1,
          kind: 'fetch',
          accountId: job.accountId,
          modelId: job.modelId,
          reason: 'follow-up',
          requestedAt: pending,
        },
      ]);
      followedUp = pending;
    }
    const completed: CompletedRun = {
      id: run.id,
      reason: run.reason,
      startedAt: run.startedAt,
      finishedAt: isoNow(deps.clock),
      modifiedAfter: run.modifiedAfter,
      pages: run.pages,
      counts: run.counts,
    };
    const { run: _done, pendingSince: _pending, lastError: _error, ...rest } = state;
    const answered = run.syncStart ?? state.answeredSyncStart;
    try {
      await deps.states.save({
        ...rest,
        cursor:
          state.resetCursorAt && state.resetCursorAt > run.startedAt
            ? null
            : advanceCursor(state.cursor, run.startedAt, deps.settings.config.cursorOverlapSeconds),
        lastRun: completed,
        totals: addCounts(state.totals ?? emptyCounts(), run.counts),
        ...(answered ? { answeredSyncStart: answered } : {}),
      });
    } catch (error) {
      if (error instanceof VersionConflictError) continue;
      throw error;
    }
    const now = deps.clock.now();
    deps.metrics.add(METRIC.fetchesCompleted, 1);
    deps.metrics.add(METRIC.fetchDuration, now - Date.parse(run.startedAt), 'Milliseconds');
    const lag = syncLagSeconds(state, run, now);
    if (lag !== undefined) deps.metrics.add(METRIC.syncLag, lag, 'Seconds', { model: job.modelId });
    deps.log.info('fetch completed', {
      accountId: job.accountId,
      modelId: job.modelId,
      runId: run.id,
      pages: run.pages,
      counts: run.counts,
    });
    return completed;
  }
  throw new VersionConflictError('could not record the completed fetch');
}

/**
 * How long data Merge had was waiting for us: from Merge finishing the sync this run answers (or,
 * without one, from the signal) to the data being stored. Reconciliation and operator runs answer no
 * sync, so they report no lag (a daily reconciliation would otherwise look a day late).
 */
function syncLagSeconds(state: SyncState, run: FetchRun, now: number): number | undefined {
  if (run.reason === 'reconcile' || run.reason === 'manual') return undefined;
  const finished = state.merge?.lastSyncFinished ? toEpochMs(state.merge.lastSyncFinished) : undefined;
  const previousStart = state.lastRun ? Date.parse(state.lastRun.startedAt) : 0;
  const since = finished !== undefined && finished > previousStart ? finished : Date.parse(run.requestedAt);
  return Math.max(0, (now - since) / 1000);
}

async function handOver(deps: SyncDeps, job: FetchJob, holder: string, run: FetchRun, delaySeconds: number) {
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

async function release(
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

async function handleFailure(
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
    kind: error instanceof MergeAuthError ? 'auth' : 'error',
    message,
  }).catch(() => undefined);
  // Not retrying: the token is refused; the next poll or webhook tries again. Anything else: let SQS
  // redeliver the job, which resumes from the checkpoint (and dead-letters it if it keeps failing).
  if (error instanceof MergeAuthError) return { status: 'failed', reason: 'auth' };
  throw error;
}

function skipped(deps: SyncDeps, job: FetchJob, reason: string): FetchOutcome {
  deps.log.info('fetch job skipped', { accountId: job.accountId, modelId: job.modelId, reason });
  return { status: 'skipped', reason };
}
