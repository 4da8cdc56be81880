import type { PollOutcome } from '../core/outcomes';
import { MergeAuthError } from '../merge/errors';
import { syncStatusSchema } from '../merge/schemas/sync-status';
import { clearAuthFailure, hasAuthFailure, recordAuthFailure } from './auth-failures';
import type { PollMessage } from '../queue/messages';
import { decideFromSyncStatus, effectiveStatus, type ModelSignal } from './decisions';
import { drainOutbox } from '../events/outbox';
import { actOnDecision } from './model-signals';
import { isoNow, type MergeDeps, type SyncDeps } from './ports';
import { usableToken } from './usable-token';
import { nextWatchDelaySeconds, schedulePoll } from './watch';

/** A fetch enqueued for a Merge sync is not enqueued again for this long (it may still be queued). */
const REQUEST_TTL_MS = 15 * 60_000;

/**
 * Reads one account's /sync-status and decides per model (decideFromSyncStatus), enqueueing fetch
 * jobs. A deleted account is never polled: nothing is sent with its token. While the initial sync
 * is watched, schedules the next look until every model has finished.
 */
export async function pollAccount(deps: SyncDeps & MergeDeps, message: PollMessage): Promise<PollOutcome> {
  const account = await deps.accounts.get(message.accountId);
  if (!account || account.status !== 'ACTIVE') return { outcome: 'skipped', reason: 'account-not-active' };
  if (message.reason === 'watch' && account.watch?.id !== message.watchId)
    return { outcome: 'skipped', reason: 'stale-watch' };
  // The account's own plan (accounts configure): its models, at their tiers.
  const plan = deps.settings.forAccount(account);
  const models =
    message.reason === 'schedule' && message.tier ? plan.modelsForTier(message.tier) : plan.models;
  if (models.length === 0) return { outcome: 'skipped', reason: 'no-models' };
  // Checks with Merge a token a LinkedAccount.linked could not have confirmed (usable-token.ts).
  const accountToken = await usableToken(deps, account);
  if (!accountToken) return { outcome: 'skipped', reason: 'no-token' };
  await drainOutbox(deps, account.id);

  const signals = new Map<string, ModelSignal>();
  try {
    for await (const raw of deps.merge.syncStatus({
      accountId: account.id,
      accountToken,
      category: account.category,
    })) {
      const entry = syncStatusSchema.safeParse(raw);
      if (!entry.success) continue; // tolerate an entry we cannot read; the others still count
      signals.set(entry.data.model_id, {
        status: entry.data.status,
        lastSyncStart: entry.data.last_sync_start ?? null,
        lastSyncResult: entry.data.last_sync_result ?? null,
        lastSyncFinished: entry.data.last_sync_finished ?? null,
      });
    }
  } catch (error) {
    if (!(error instanceof MergeAuthError)) throw error;
    await recordAuthFailure(deps, account.id, 'sync-status');
    return { outcome: 'skipped', reason: 'auth-failed' };
  }
  // Merge accepted the token: a refusal was transient (their incident, a rotation); poll at cadence again.
  if (hasAuthFailure(account)) await clearAuthFailure(deps, account.id);

  let fetches = 0;
  const reason = message.reason === 'schedule' ? 'poll' : message.reason;
  for (const model of models) {
    const signal = signals.get(model.modelId);
    const state = await deps.states.get(account.id, model.modelId);
    const decision = decideFromSyncStatus(signal, state, {
      reconcile: message.reason === 'reconcile',
      nowMs: deps.clock.now(),
      requestTtlMs: REQUEST_TTL_MS,
      skewAllowanceMs: deps.settings.config.cursorOverlapSeconds * 1000,
    });
    if (decision.action === 'fetch') fetches++;
    if (signal) await actOnDecision(deps, account.id, model.modelId, signal, decision, reason);
  }

  let watching = false;
  if (message.reason === 'watch' && account.watch) {
    const unfinished = models.some((m) => {
      const signal = signals.get(m.modelId);
      const status = signal ? effectiveStatus(signal) : 'UNKNOWN';
      return status === 'SYNCING' || status === 'UNKNOWN';
    });
    const delay = unfinished ? nextWatchDelaySeconds(deps, account.watch.startedAt) : null;
    if (delay !== null) {
      await schedulePoll(deps, account.id, account.watch.id, delay);
      watching = true;
    } else {
      const watchId = account.watch.id;
      await deps.accounts.update(account.id, (current) => {
        if (!current || current.watch?.id !== watchId) return null;
        const { watch: _watch, ...rest } = current;
        return { ...rest, updatedAt: isoNow(deps.clock) };
      });
    }
  }
  deps.log.info('account polled', { accountId: account.id, reason: message.reason, fetches, watching });
  return { outcome: 'polled', fetches, watching };
}
