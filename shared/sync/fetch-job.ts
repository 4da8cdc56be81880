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
import { endOfPass, modifiedAfterOf, seenMarking, startCatchUpPass, sweepUnseenRecords } from './full-resync';
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
 * moves the cursor (invariants 4, 5, 6). A full resync also marks and sweeps (full-resync.ts).
 */
export async function runFetchJob(
  deps: SyncDeps & MergeDeps,
  job: FetchJob,
  invocation: FetchInvocation,
): Promise<FetchOutcome> {
  const account = await deps.accounts.get(job.accountId);
  if (!account || account.status !== 'ACTIVE') return skipped(deps, job, 'account-not-active');
  // The account's own plan: a model it does not sync (accounts configure --models) is not fetched.
  const model = deps.settings.forAccount(account).model(job.modelId);
  if (!model) return skipped(deps, job, 'model-not-configured');

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
    ...(run.fullResync ? { fullResync: run.fullResync.phase } : {}),
  });
  const context: RunContext = { deps, job, account, model, token, holder, invocation };
  try {
    const phases = await runPhases(context, run, (r) => (run = r));
    if (!phases.finished) {
      await handOver(deps, job, holder, run, phases.delaySeconds);
      return { status: 'handed-off', runId: run.id, pages: run.pages };
    }
    return { status: 'completed', run: await complete(deps, job, holder) };
  } catch (error) {
    return handleFailure(deps, job, holder, run, error);
  }
}

interface RunContext {
  deps: SyncDeps & MergeDeps;
  job: FetchJob;
  account: LinkedAccount;
  model: ConfiguredModel;
  token: string;
  holder: string;
  invocation: FetchInvocation;
}

/**
 * An ordinary run is one paging pass. A full resync (full-resync.ts) is its listing, catch-up passes
 * and sweep, each resumed from the run's checkpoint. Not finished: time ran short, or the next pass
 * waits (the caller hands over, with that delay).
 */
async function runPhases(
  context: RunContext,
  startRun: FetchRun,
  onCheckpoint: (run: FetchRun) => void,
): Promise<{ finished: true } | { finished: false; delaySeconds: number }> {
  const { deps, job, holder, invocation } = context;
  let run = startRun;
  const outOfTime = { finished: false, delaySeconds: 0 } as const;
  for (let first = true; ; first = false) {
    if (!first && invocation.remainingMs() < MIN_SAFETY_MS) return outOfTime;
    if (run.fullResync?.phase === 'sweeping') {
      const swept = await sweepUnseenRecords(
        { deps, job, holder, remainingMs: invocation.remainingMs, minSafetyMs: MIN_SAFETY_MS },
        run,
        onCheckpoint,
      );
      return swept ? { finished: true } : outOfTime;
    }
    run = await startCatchUpPass(deps, job, holder, run);
    onCheckpoint(run);
    const pass = await pageThrough(context, run, onCheckpoint);
    run = pass.run;
    if (pass.outOfTime) return outOfTime;
    if (!run.fullResync) return { finished: true };
    const next = await endOfPass(deps, job, holder, pass.singlePage);
    run = next.run;
    onCheckpoint(run);
    if (!run.fullResync) return { finished: true };
    if (next.delaySeconds > 0) return { finished: false, delaySeconds: next.delaySeconds };
  }
}

/**
 * Pages through the pass under way from its checkpoint. Returns the run as last checkpointed, and
 * whether the pass was a single page (one consistent read) or time ran short (the caller hands over).
 */
async function pageThrough(
  { deps, job, account, model, token, holder, invocation }: RunContext,
  startRun: FetchRun,
  onCheckpoint: (run: FetchRun) => void,
): Promise<{ run: FetchRun; singlePage: boolean; outOfTime: boolean }> {
  let run = startRun;
  const fromFirstPage = run.pageCursor === null;
  let pagesThisPass = 0;
  let slowestPageMs = 0;
  let pageStarted = deps.clock.now();
  const modifiedAfter = modifiedAfterOf(run);
  const pages = deps.merge.pages(
    { accountId: account.id, accountToken: token, category: account.category },
    model.path,
    {
      modifiedAfter: modifiedAfter ?? undefined,
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
    if (result.done) return { run, singlePage: fromFirstPage && pagesThisPass <= 1, outOfTime: false };
    const page = result.value;
    pagesThisPass++;
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
    const applied = await applyRecordsForActiveAccount(
      deps,
      account.id,
      normalized,
      seenMarking(run, model.modelId, deps.clock.now()),
    );
    const own = countsOf(applied, model.modelId);
    const counts: RecordCounts = { ...own, invalid: own.invalid + invalid };
    const state = await updateHeldRun(deps, job.accountId, job.modelId, holder, (s, r) => ({
      ...s,
      run: {
        ...r,
        pageCursor: page.next,
        pages: r.pages + 1,
        counts: addCounts(r.counts, counts),
        ...(r.fullResync
          ? { fullResync: { ...r.fullResync, marked: r.fullResync.marked + applied.marked.length } }
          : {}),
      },
    }));
    run = state.run as FetchRun;
    onCheckpoint(run);
    for (const [modelId, modelCounts] of applied.counts) {
      emitRecordCounts(deps.metrics, modelId, modelId === model.modelId ? counts : modelCounts);
    }
    if (page.next === null)
      return { run, singlePage: fromFirstPage && pagesThisPass === 1, outOfTime: false };
    const now = deps.clock.now();
    slowestPageMs = Math.max(slowestPageMs, now - pageStarted);
    pageStarted = now;
    // Time is short: stop here. The page already requested is dropped; the continuation asks again.
    if (Math.max(MIN_SAFETY_MS, 3 * slowestPageMs) > invocation.remainingMs()) {
      void pages.return(undefined).catch(() => undefined);
      return { run, singlePage: false, outOfTime: true };
    }
  }
}
