import { contentHash } from '../core/content-hash';
import { addCounts, type NormalizedRecord, type StoredRecord } from '../core/records';
import { applyRecordsForActiveAccount, countsOf, type AccountGone } from './apply-records';
import type { Deadline } from './deadline';
import { endFullResync, logEnd, SWEEP_MAX_RUN_AGE_MS } from './full-resync';
import type { HeldRun, LeaseLost } from './held-run';
import { isoNow, type SyncDeps } from './ports';
import { emitRecordCounts } from './record-metrics';

/**
 * The last phase of a full resync (full-resync.ts): stored records the fetch did not return are
 * tombstoned, page by page from the run's checkpoint.
 */

/** Clock skew between our own functions (syncedAt against the run's start). */
export const OWN_CLOCK_MARGIN_MS = 1000;
const SWEEP_PAGE_SIZE = 100;

/** Stored records the full fetch did not see: alive, unmarked for this epoch, written before the run. */
export function unseenRecords(
  records: readonly StoredRecord[],
  marks: ReadonlyMap<string, string>,
  epoch: string,
  runStartedAt: string,
): StoredRecord[] {
  const cutoff = new Date(Date.parse(runStartedAt) - OWN_CLOCK_MARGIN_MS).toISOString();
  return records.filter((r) => !r.deleted && marks.get(r.id) !== epoch && r.syncedAt < cutoff);
}

/**
 * The stored record as Merge would show it deleted: `remote_was_deleted` set, same `modified_at`
 * (so the record is restored if Merge lists it again at that version or later).
 */
export function tombstoneOf(record: StoredRecord): NormalizedRecord {
  const data = { ...record.data, remote_was_deleted: true };
  return {
    modelId: record.modelId,
    id: record.id,
    data,
    contentHash: contentHash(data),
    modifiedAtKey: record.modifiedAtKey,
    deleted: true,
    ...(record.droppedFields ? { droppedFields: record.droppedFields } : {}),
  };
}

/** How a sweep stopped: done (swept, superseded or given up), or short of time (the caller hands over). */
export type SweepEnd = { outcome: 'finished' } | { outcome: 'out-of-time' } | LeaseLost | AccountGone;

/** Sweeps page by page from the checkpoint. */
export async function sweepUnseenRecords(
  deps: SyncDeps,
  held: HeldRun,
  deadline: Deadline,
): Promise<SweepEnd> {
  const { job } = held;
  for (;;) {
    const run = held.run;
    const progress = run.fullResync;
    if (!progress) return { outcome: 'finished' };
    if (deps.clock.now() - Date.parse(run.startedAt) > SWEEP_MAX_RUN_AGE_MS) {
      // A sweep left unfinished for days: its marks may be expiring, so it stops short (keeps records).
      const reason = 'the sweep resumed after its seen marks expire';
      const ended = await held.update((s, r) =>
        r.fullResync
          ? endFullResync(s, r, r.fullResync, 'gave-up', isoNow(deps.clock), reason)
          : { ...s, run: r },
      );
      if (ended.outcome === 'lease-lost') return ended;
      logEnd(deps, job, ended.state);
      return { outcome: 'finished' };
    }
    const page = await deps.records.list(
      job.accountId,
      job.modelId,
      progress.sweepPageToken ?? null,
      SWEEP_PAGE_SIZE,
    );
    const first = page.items[0]?.id;
    const last = page.items.at(-1)?.id;
    const marks =
      first !== undefined && last !== undefined
        ? await deps.records.seenMarks(job.accountId, job.modelId, first, last)
        : new Map<string, string>();
    const unseen = unseenRecords(page.items, marks, progress.epoch, run.startedAt);
    const applied =
      unseen.length > 0
        ? await applyRecordsForActiveAccount(deps, job.accountId, unseen.map(tombstoneOf))
        : undefined;
    if (applied?.outcome === 'account-gone') return applied;
    const counts = applied ? countsOf(applied, job.modelId) : undefined;
    if (counts) {
      emitRecordCounts(deps.metrics, job.modelId, counts);
      deps.log.info('records missing from Merge tombstoned', {
        accountId: job.accountId,
        modelId: job.modelId,
        runId: run.id,
        records: counts.deleted,
      });
    }
    const checkpoint = await held.update((s, r) => {
      const current = r.fullResync;
      if (!current) return { ...s, run: r };
      const swept = { ...current, sweepPageToken: page.next, swept: current.swept + (counts?.deleted ?? 0) };
      const next = { ...r, ...(counts ? { counts: addCounts(r.counts, counts) } : {}), fullResync: swept };
      // A newer resync was asked for: stop here (what was tombstoned was missing from a complete fetch).
      if (current.kind !== 'full-listing' && s.fullResyncRequest?.epoch !== current.epoch)
        return endFullResync(s, next, swept, 'superseded', isoNow(deps.clock));
      return { ...s, run: next };
    });
    if (checkpoint.outcome === 'lease-lost') return checkpoint;
    if (!checkpoint.state.run.fullResync) {
      logEnd(deps, job, checkpoint.state);
      return { outcome: 'finished' };
    }
    if (page.next === null) return { outcome: 'finished' };
    if (deadline.isNear()) return { outcome: 'out-of-time' };
  }
}
