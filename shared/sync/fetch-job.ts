import type { ConfiguredModel } from '../config/sync-config-schema';
import type { SyncState } from '../core/sync-state';
import type { FetchOutcome } from '../core/outcomes';
import { drainOutbox } from '../events/outbox';
import type { FetchJob } from '../queue/messages';
import type { AccountGone } from './apply-records';
import type { Deadline } from './deadline';
import { isDuplicate } from './duplicates';
import { completeRun } from './fetch-completion';
import { handleFailure } from './fetch-failure';
import { yieldDelaySeconds } from './fetch-priority';
import { pageThrough, type PassContext } from './fetch-pass';
import { endOfPass, startCatchUpPass } from './full-resync';
import { sweepUnseenRecords } from './full-resync-sweep';
import { HeldRun, type LeaseLost } from './held-run';
import type { MergeDeps, SyncDeps } from './ports';

/**
 * One fetch job: claims the (account, model) run, pages through Merge with the run's
 * `modified_after` and `include_deleted_data=true`, stores each page's changes, checkpoints after
 * every page, hands the rest to a continuation before the Lambda time runs out, and on completion
 * moves the cursor (invariants 4, 5, 6). A full resync also marks and sweeps (full-resync.ts).
 */
export async function runFetchJob(
  deps: SyncDeps & MergeDeps,
  job: FetchJob,
  deadline: Deadline,
): Promise<FetchOutcome> {
  const account = await deps.accounts.get(job.accountId);
  if (!account || account.status !== 'ACTIVE') return skipped(deps, job, 'account-not-active');
  // Merge's is_duplicate: its data is synced through the account it duplicates, not twice.
  if (isDuplicate(account)) return skipped(deps, job, 'duplicate-account');
  // The account's own plan: a model it does not sync (accounts configure --models) is not fetched.
  const plan = deps.settings.forAccount(account);
  const model = plan.model(job.modelId);
  if (!model) return skipped(deps, job, 'model-not-configured');
  const { delaySeconds, state } = await priorityDelay(deps, job, plan.models, model);
  if (delaySeconds !== undefined) {
    // The account's budget is booked by more urgent fetches: the same job, later (fetch-priority.ts).
    await deps.queue.send('jobs', [job], { delaySeconds });
    return skipped(deps, job, 'gave-way-to-faster-tier');
  }

  const claim = await HeldRun.claim(deps, job, deadline, state);
  if (claim.outcome === 'skipped') return skipped(deps, job, claim.reason);
  const { held } = claim;
  const token = await deps.accounts.getToken(account.id);
  if (!token) {
    await held.release({ kind: 'no-token', message: 'no account token is stored for this account' });
    return { outcome: 'failed', reason: 'no-token' };
  }
  // Change events a crashed earlier batch of this account left planned but unpublished.
  await drainOutbox(deps, account.id);
  // One info line per fetch (its completion): CloudWatch Logs is billed by the byte.
  deps.log.debug('fetch started', {
    accountId: job.accountId,
    modelId: job.modelId,
    runId: held.run.id,
    resumedAtPage: held.run.pages,
    ...(held.run.fullResync ? { fullResync: held.run.fullResync.phase } : {}),
  });
  try {
    const end = await runPhases({ deps, account, model, token, held, deadline });
    const outcome =
      end.outcome === 'finished'
        ? await completeRun(deps, held)
        : end.outcome === 'hand-over'
          ? await held.handOver(end.delaySeconds)
          : end;
    return stoppedOr(deps, job, outcome);
  } catch (error) {
    return stoppedOr(deps, job, await handleFailure(deps, held, error));
  }
}

/**
 * Seconds this fetch gives way to the account's initial syncs and fastest tier, or undefined; with
 * the sync state it read to decide, which the claim starts from.
 */
async function priorityDelay(
  deps: SyncDeps & MergeDeps,
  job: FetchJob,
  models: readonly ConfiguredModel[],
  model: ConfiguredModel,
): Promise<{ delaySeconds?: number; state?: SyncState }> {
  if (!deps.scheduleBacklogMs || job.runId) return {}; // a continuation keeps its place
  const state = await deps.states.get(job.accountId, job.modelId);
  const delaySeconds = yieldDelaySeconds({
    model,
    models,
    tiers: deps.settings.config.tiers,
    state,
    requestedAt: job.requestedAt,
    nowMs: deps.clock.now(),
    backlogMs: await deps.scheduleBacklogMs(job.accountId),
  });
  return delaySeconds === undefined ? { state } : { delaySeconds };
}

type PhasesEnd =
  { outcome: 'finished' } | { outcome: 'hand-over'; delaySeconds: number } | LeaseLost | AccountGone;

/**
 * An ordinary run is one paging pass. A full resync (full-resync.ts) is its listing, catch-up passes
 * and sweep, each resumed from the run's checkpoint. Handed over: time ran short, or the next pass
 * waits (with that delay).
 */
async function runPhases(context: PassContext): Promise<PhasesEnd> {
  const { deps, held, deadline } = context;
  const handOverNow = { outcome: 'hand-over', delaySeconds: 0 } as const;
  for (let first = true; ; first = false) {
    if (!first && deadline.isNear()) return handOverNow;
    if (held.run.fullResync?.phase === 'sweeping') {
      const swept = await sweepUnseenRecords(deps, held, deadline);
      return swept.outcome === 'out-of-time' ? handOverNow : swept;
    }
    const started = await startCatchUpPass(deps, held);
    if (started.outcome === 'lease-lost') return started;
    const pass = await pageThrough(context);
    if (pass.outcome === 'out-of-time') return handOverNow;
    if (pass.outcome !== 'last-page') return pass;
    if (!held.run.fullResync) return { outcome: 'finished' };
    const next = await endOfPass(deps, held, pass.singlePage);
    if (next.outcome === 'lease-lost') return next;
    if (!next.run.fullResync) return { outcome: 'finished' };
    if (next.delaySeconds > 0) return { outcome: 'hand-over', delaySeconds: next.delaySeconds };
  }
}

/** A run taken over or an account deleted meanwhile ends the job without a failure. */
function stoppedOr(
  deps: SyncDeps,
  job: FetchJob,
  outcome: FetchOutcome | LeaseLost | AccountGone,
): FetchOutcome {
  if (outcome.outcome === 'lease-lost') return skipped(deps, job, 'lease-lost');
  if (outcome.outcome === 'account-gone') return skipped(deps, job, 'account-deleted-during-fetch');
  return outcome;
}

function skipped(deps: SyncDeps, job: FetchJob, reason: string): FetchOutcome {
  deps.log.info('fetch job skipped', { accountId: job.accountId, modelId: job.modelId, reason });
  return { outcome: 'skipped', reason };
}
