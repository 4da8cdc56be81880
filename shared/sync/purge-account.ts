import { MODEL_CATALOG } from '../config/model-catalog';
import type { PurgeOutcome } from '../core/outcomes';
import { accountPurgedEvent } from '../events/account-events';
import { flushDeletedAccountOutbox } from '../events/outbox';
import { METRIC } from '../observability/ports';
import type { PurgeJob } from '../queue/messages';
import type { Deadline } from './deadline';
import { isoNow, type SyncDeps } from './ports';

/**
 * Removes a deleted account's records, seen marks, sync states, outbox and token (invariant 7). The
 * account item stays as a DELETED tombstone so a late or replayed LinkedAccount.linked cannot bring it
 * back. Long purges continue in a follow-up job rather than race the Lambda deadline. Its Account
 * Removed is published first (if the outbox still holds it), Account Purged last; a bus that refuses
 * either fails the job, which is retried.
 */
export async function purgeAccount(
  deps: SyncDeps,
  job: PurgeJob,
  deadline: Deadline,
  /** Told the running total after every page of records deleted (the CLI shows it). */
  onProgress: (records: number) => void = () => undefined,
): Promise<PurgeOutcome> {
  const account = await deps.accounts.get(job.accountId);
  if (account && account.status !== 'DELETED') return { outcome: 'skipped', reason: 'account-active' };
  // Every model of the category, configured or not: expanded relations are stored under theirs.
  const modelIds = MODEL_CATALOG.filter((m) => !account || m.category === account.category).map(
    (m) => m.modelId,
  );
  await flushDeletedAccountOutbox(deps, job.accountId);
  let removed = 0;
  for (const modelId of modelIds) {
    let page = await deps.records.list(job.accountId, modelId, null, 500);
    while (page.items.length > 0) {
      await deps.records.deleteMany(
        job.accountId,
        modelId,
        page.items.map((r) => r.id),
      );
      removed += page.items.length;
      onProgress(removed);
      if (deadline.isNear()) return continueLater(deps, job, removed);
      // Deleted items are gone, so the next page starts from the beginning again.
      page = await deps.records.list(job.accountId, modelId, null, 500);
    }
    // A full resync's seen marks (record ids) go too.
    for (let ids = await deps.records.seenMarkIds(job.accountId, modelId, 500); ids.length > 0;) {
      await deps.records.deleteSeenMarks(job.accountId, modelId, ids);
      if (deadline.isNear()) return continueLater(deps, job, removed);
      ids = await deps.records.seenMarkIds(job.accountId, modelId, 500);
    }
    await deps.states.delete(job.accountId, modelId);
  }
  // What a fetch racing the purge planned since it began.
  await flushDeletedAccountOutbox(deps, job.accountId);
  await deps.accounts.deleteToken(job.accountId);
  await deps.events?.publisher.publish([accountPurgedEvent(job.accountId, removed, isoNow(deps.clock))]);
  deps.metrics.add(METRIC.accountsPurged, 1);
  deps.log.info('account purged', { accountId: job.accountId, records: removed });
  return { outcome: 'purged', records: removed };
}

async function continueLater(deps: SyncDeps, job: PurgeJob, removed: number): Promise<PurgeOutcome> {
  await deps.queue.send('jobs', [job]);
  return { outcome: 'continued', records: removed };
}
