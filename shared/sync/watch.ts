import type { LinkedAccount } from '../core/accounts';
import type { SyncState } from '../core/sync-state';
import { hasSettled, type ModelSignal } from './decisions';
import type { SyncDeps } from './ports';
import { isoNow } from './ports';

/**
 * Starts (or restarts) close watching of an account's sync: a poll soon, then more on Merge's
 * suggested cadence until every model has finished (see pollAccount). The id lets a newer watch
 * make older poll messages stale, so a relink does not double the polling.
 */
export async function startWatch(deps: SyncDeps, accountId: string, watchId: string): Promise<void> {
  await schedulePoll(deps, accountId, watchId, deps.settings.config.initialSyncWatch.fastEverySeconds);
}

export async function schedulePoll(deps: SyncDeps, accountId: string, watchId: string, delaySeconds: number) {
  await deps.queue.send(
    'polls',
    [{ v: 1, kind: 'poll', accountId, reason: 'watch', watchId, requestedAt: isoNow(deps.clock) }],
    { delaySeconds },
  );
}

/** Seconds until the next watch poll: fast for the first minutes, then slower (reference §8). */
export function nextWatchDelaySeconds(deps: SyncDeps, watchStartedAt: string): number | null {
  const watch = deps.settings.config.initialSyncWatch;
  const elapsedMs = deps.clock.now() - Date.parse(watchStartedAt);
  if (elapsedMs > watch.giveUpAfterHours * 3_600_000) return null;
  return elapsedMs < watch.fastForMinutes * 60_000 ? watch.fastEverySeconds : watch.slowEverySeconds;
}

/**
 * Once the watch has waited `unreportedGiveUpMinutes` for a model /sync-status does not list, it
 * stops waiting: the model is fetched once without a signal (this note says why on its sync state),
 * instead of /sync-status being polled for it until the watch gives up (48 hours, ~1,450 requests).
 * Undefined while it is still worth waiting, or when this watch already fetched it.
 */
export function unreportedFetchNote(
  deps: Pick<SyncDeps, 'settings' | 'clock'>,
  watch: NonNullable<LinkedAccount['watch']>,
  state: SyncState,
): string | undefined {
  const minutes = deps.settings.config.initialSyncWatch.unreportedGiveUpMinutes;
  if (deps.clock.now() - Date.parse(watch.startedAt) < minutes * 60_000) return undefined;
  if (state.requested && state.requested.at >= watch.startedAt && state.notReported) return undefined;
  return (
    `not listed in /sync-status within ${minutes} minute(s) of linking: fetched once without a ` +
    "signal; from now on at its cadence's polls and the daily reconciliation"
  );
}

/**
 * Whether the watch goes on: some model has not settled (hasSettled: a finished result counts, even
 * while Merge reports SYNCING for the next sync), counting unreported models only until the watch
 * stops waiting for them.
 */
export function watchHasUnsettledModels(
  deps: Pick<SyncDeps, 'settings' | 'clock'>,
  watch: NonNullable<LinkedAccount['watch']>,
  modelIds: readonly string[],
  signals: ReadonlyMap<string, ModelSignal>,
): boolean {
  const minutes = deps.settings.config.initialSyncWatch.unreportedGiveUpMinutes;
  const waitingForUnreported = deps.clock.now() - Date.parse(watch.startedAt) < minutes * 60_000;
  return modelIds.some((modelId) => {
    const signal = signals.get(modelId);
    return signal ? !hasSettled(signal) : waitingForUnreported;
  });
}

/** Ends the account's watch, unless a newer one (a relink) replaced it. */
export async function endWatch(deps: SyncDeps, accountId: string, watchId: string): Promise<void> {
  await deps.accounts.update(accountId, (current) => {
    if (!current || current.watch?.id !== watchId) return null;
    const { watch: _watch, ...rest } = current;
    return { ...rest, updatedAt: isoNow(deps.clock) };
  });
}
