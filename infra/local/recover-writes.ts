import type { SyncDeps } from '../../shared/sync/ports';
import type { WriteStore } from '../../shared/writes/ports';

/**
 * Local queues live in memory, so a write accepted before a stop (or a crash) may have lost its
 * message: every unfinished write of every account is queued again. A write whose message did
 * survive gets a duplicate, which the writer recognizes (its lease, its status, its next attempt).
 */
export async function requeueUnfinishedWrites(deps: SyncDeps, writes: WriteStore): Promise<number> {
  let queued = 0;
  for (const account of await deps.accounts.listAll()) {
    if (account.status !== 'ACTIVE') continue;
    for (const status of ['queued', 'sending'] as const) {
      let pageToken: string | null = null;
      do {
        const page = await writes.list(account.id, { status, pageToken, limit: 100 });
        for (const write of page.items) {
          // A retry keeps its time: the writer drops a message that comes before it.
          const due = write.nextAttemptAt ? Date.parse(write.nextAttemptAt) - deps.clock.now() : 0;
          await deps.queue.send(
            'writes',
            [{ v: 1, kind: 'write', accountId: write.accountId, writeId: write.writeId }],
            {
              delaySeconds: Math.max(0, Math.ceil(due / 1000)),
            },
          );
          queued++;
        }
        pageToken = page.next;
      } while (pageToken);
    }
  }
  return queued;
}
