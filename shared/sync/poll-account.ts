import type { LinkedAccount } from '../core/accounts';
import type { PollOutcome } from '../core/outcomes';
import type { ConfiguredModel } from '../config/sync-config-schema';
import { MergeAuthError } from '../merge/errors';
import { METRIC } from '../observability/ports';
import { clearAuthFailure, hasAuthFailure, recordAuthFailure } from './auth-failures';
import type { PollMessage } from '../queue/messages';
import { Deadline } from './deadline';
import { decideFromSyncStatus, REQUEST_TTL_MS, type ModelSignal } from './decisions';
import { isDuplicate } from './duplicates';
import { drainOutbox } from '../events/outbox';
import { mergeDeferralOf, secondsUntil } from './merge-deferral';
import { recordUnmatchedModelIds } from './model-ids';
import { actOnDecision } from './model-signals';
import { readSyncStatus, refreshAccountDetails } from './poll-reads';
import type { MergeDeps, SyncDeps } from './ports';
import { usableToken } from './usable-token';
import {
  endWatch,
  nextWatchDelaySeconds,
  schedulePoll,
  unreportedFetchNote,
  watchHasUnsettledModels,
} from './watch';

/** A fetch enqueued for a Merge sync is not enqueued again for this long (it may still be queued). */

/**
 * Reads one account's /sync-status and decides per model (decideFromSyncStatus), enqueueing fetch
 * jobs. A deleted account is never polled: nothing is sent with its token. A duplicate (Merge's
 * is_duplicate) is not polled either, except by the reconciliation, which asks account-details
 * whether it still is one. The reconciliation sends at least one request for every active account,
 * models or not: Merge pauses an account after two weeks without an API request. While the initial
 * sync is watched, schedules the next look until every model has settled. Rate limits and a
 * deadline too close put the poll back on its queue for later instead of failing it.
 */
export async function pollAccount(
  deps: SyncDeps & MergeDeps,
  message: PollMessage,
  deadline: Deadline = Deadline.none(),
): Promise<PollOutcome> {
  let account = await deps.accounts.get(message.accountId);
  if (!account || account.status !== 'ACTIVE') return { outcome: 'skipped', reason: 'account-not-active' };
  if (message.reason === 'watch' && account.watch?.id !== message.watchId)
    return { outcome: 'skipped', reason: 'stale-watch' };
  const reconcile = message.reason === 'reconcile';
  if (isDuplicate(account) && !reconcile) return skipDuplicate(deps, account);
  // The account's own plan (accounts configure): its models, at their tiers.
  const plan = deps.settings.forAccount(account);
  const models =
    message.reason === 'schedule' && message.tier ? plan.modelsForTier(message.tier) : plan.models;
  if (models.length === 0 && !reconcile) return { outcome: 'skipped', reason: 'no-models' };
  // Checks with Merge a token a LinkedAccount.linked could not have confirmed (usable-token.ts).
  const accountToken = await usableToken(deps, account);
  if (!accountToken) return { outcome: 'skipped', reason: 'no-token' };
  await drainOutbox(deps, account.id);

  const context = { accountId: account.id, accountToken, category: account.category };
  const deadlineAtMs = deadline.mergeDeadlineAtMs(deps.clock.now());
  const limits = deadlineAtMs === undefined ? {} : { deadlineAtMs };
  let signals: Map<string, ModelSignal>;
  try {
    if (reconcile) {
      account = await refreshAccountDetails(deps, account, context, limits);
      if (isDuplicate(account)) return skipDuplicate(deps, account);
    }
    const read = await readSyncStatus(deps, account, context, limits);
    signals = read.signals;
    await recordUnmatchedModelIds(deps, account, read.unmatched, 'sync-status');
  } catch (error) {
    const deferral = mergeDeferralOf(error);
    if (deferral) {
      const delaySeconds = secondsUntil(deferral.retryAtMs, deps.clock.now(), 1);
      // The same message again, later: a watch stays the same watch, a schedule the same tier.
      await deps.queue.send('polls', [message], { delaySeconds });
      deps.metrics.add(METRIC.pollsDeferred, 1, 'Count', { reason: deferral.kind });
      deps.log.info('poll deferred', { accountId: account.id, reason: deferral.kind, delaySeconds });
      return { outcome: 'deferred', reason: deferral.kind, delaySeconds };
    }
    if (!(error instanceof MergeAuthError)) throw error;
    await recordAuthFailure(deps, account.id, 'sync-status');
    return { outcome: 'skipped', reason: 'auth-failed' };
  }
  // Merge accepted the token: a refusal was transient (their incident, a rotation); poll at cadence again.
  if (hasAuthFailure(account)) await clearAuthFailure(deps, account.id);

  const fetches = await decideModels(deps, account, message, models, signals);
  const watching = message.reason === 'watch' && (await continueWatch(deps, account, models, signals));
  // Most polls find nothing new: those log at debug level (CloudWatch Logs is billed by the byte).
  const polled = { accountId: account.id, reason: message.reason, fetches, watching };
  if (fetches > 0 || watching) deps.log.info('account polled', polled);
  else deps.log.debug('account polled, nothing new', polled);
  return { outcome: 'polled', fetches, watching };
}

/** One decision per model of the poll; returns how many fetches were asked for. */
async function decideModels(
  deps: SyncDeps,
  account: LinkedAccount,
  message: PollMessage,
  models: readonly ConfiguredModel[],
  signals: ReadonlyMap<string, ModelSignal>,
): Promise<number> {
  let fetches = 0;
  const reason = message.reason === 'schedule' ? 'poll' : message.reason;
  for (const model of models) {
    const signal = signals.get(model.modelId);
    const state = await deps.states.get(account.id, model.modelId);
    const fetchUnreported =
      !signal && message.reason === 'watch' && account.watch
        ? unreportedFetchNote(deps, account.watch, state)
        : undefined;
    const decision = decideFromSyncStatus(signal, state, {
      reconcile: message.reason === 'reconcile',
      nowMs: deps.clock.now(),
      requestTtlMs: REQUEST_TTL_MS,
      skewAllowanceMs: deps.settings.config.cursorOverlapSeconds * 1000,
      ...cadenceOf(deps, model),
      ...(fetchUnreported ? { fetchUnreported } : {}),
    });
    if (decision.action === 'fetch') fetches++;
    if (signal || decision.action === 'fetch')
      await actOnDecision(deps, account.id, model.modelId, signal, decision, reason, state);
  }
  return fetches;
}

/** The model's tier interval (the account's plan may re-tier it): when an untimed DONE is fetched again. */
function cadenceOf(deps: SyncDeps, model: ConfiguredModel): { cadenceMs?: number } {
  const everyMinutes = deps.settings.tier(model.tier)?.everyMinutes;
  return everyMinutes === undefined ? {} : { cadenceMs: everyMinutes * 60_000 };
}

/** Schedules the watch's next look while a model has not settled; otherwise ends it. */
async function continueWatch(
  deps: SyncDeps,
  account: LinkedAccount,
  models: readonly ConfiguredModel[],
  signals: ReadonlyMap<string, ModelSignal>,
): Promise<boolean> {
  const watch = account.watch;
  if (!watch) return false;
  const unsettled = watchHasUnsettledModels(
    deps,
    watch,
    models.map((m) => m.modelId),
    signals,
  );
  const delay = unsettled ? nextWatchDelaySeconds(deps, watch.startedAt) : null;
  if (delay === null) {
    await endWatch(deps, account.id, watch.id);
    return false;
  }
  await schedulePoll(deps, account.id, watch.id, delay);
  return true;
}

/** A duplicate is not polled: its watch (if any) ends, and nothing is asked of Merge. */
async function skipDuplicate(deps: SyncDeps, account: LinkedAccount): Promise<PollOutcome> {
  if (account.watch) await endWatch(deps, account.id, account.watch.id);
  deps.log.info('account not polled: Merge flags it as a duplicate', { accountId: account.id });
  return { outcome: 'skipped', reason: 'duplicate' };
}
