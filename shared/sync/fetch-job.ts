import type { FetchJob } from '../queue/messages';
import type { ConfiguredModel } from '../config/sync-config';
import { applyRecordsForActiveAccount, countsOf } from './apply-records';
import { claimRun, updateHeldRun } from './claim-run';
import { normalizeRecord, type NormalizedRecord } from './normalize';
import { emitRecordCounts } from './record-metrics';
import { drainOutbox } from '../events/outbox';
import { type MergeDeps, type SyncDeps } from './ports';
import { addCounts, type CompletedRun, type FetchRun, type LinkedAccount, type RecordCounts } from './types';
import { complete } from './fetch-completion';
import { handleFailure, handOver, release, skipped } from './fetch-failure';

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
  // Change events a crashed earlier batch of this account left planned but unpublished.
  await drainOutbox(deps, account.id);
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
