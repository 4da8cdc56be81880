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
