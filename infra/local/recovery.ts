import type { SyncDeps } from '../../shared/sync/ports';
import { isoNow } from '../../shared/sync/ports';
import { updateSyncState } from '../../shared/sync/state-updates';

/**
 * After a restart with `.data/` kept, the table still knows what was under way but the local queues
 * (in memory) are empty. This re-issues that work: a continuation for every unfinished fetch (its
 * holder was the previous process, so its lease is released), every fetch asked for but not started,
 * the next look for every watched
 * initial sync, and the purge of every deleted account that still has a token.
 */
export async function recoverUnfinishedWork(
  deps: SyncDeps,
): Promise<{ fetches: number; watches: number; purges: number }> {
  const counts = { fetches: 0, watches: 0, purges: 0 };
  const now = isoNow(deps.clock);
  for (const account of await deps.accounts.listAll()) {
    if (account.status === 'DELETED') {
      if (await deps.accounts.hasToken(account.id)) {
        await deps.queue.send('jobs', [{ v: 1, kind: 'purge', accountId: account.id, requestedAt: now }]);
        counts.purges++;
      }
      continue;
    }
    if (account.watch) {
      await deps.queue.send('polls', [
        {
          v: 1,
          kind: 'poll',
          accountId: account.id,
          reason: 'watch',
          watchId: account.watch.id,
          requestedAt: now,
        },
      ]);
      counts.watches++;
    }
    for (const state of await deps.states.listForAccount(account.id)) {
      const requested = state.requested;
      if (!state.run && requested && (!state.lastRun || state.lastRun.startedAt < requested.at)) {
        // Asked for, never started: the job was still in the queue when the previous process stopped.
        await deps.queue.send('jobs', [
          {
            v: 1,
            kind: 'fetch',
            accountId: account.id,
            modelId: state.modelId,
            reason: 'follow-up',
            requestedAt: requested.at,
            ...(requested.syncStart ? { syncStart: requested.syncStart } : {}),
            ...(requested.syncFinished ? { syncFinished: requested.syncFinished } : {}),
          },
        ]);
        counts.fetches++;
      }
      if (!state.run) continue;
      const run = state.run;
      await updateSyncState(deps.states, account.id, state.modelId, (current) =>
        current.run?.id === run.id
          ? { next: { ...current, run: { ...current.run, leaseUntil: 0 } }, result: undefined }
          : { next: null, result: undefined },
      );
      await deps.queue.send('jobs', [
        {
          v: 1,
          kind: 'fetch',
          accountId: account.id,
          modelId: state.modelId,
          reason: run.reason,
          requestedAt: run.requestedAt,
          runId: run.id,
          ...(run.syncStart ? { syncStart: run.syncStart } : {}),
          ...(run.syncFinished ? { syncFinished: run.syncFinished } : {}),
        },
      ]);
      counts.fetches++;
    }
  }
  return counts;
}
