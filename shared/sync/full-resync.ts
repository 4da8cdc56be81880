import type { FetchJob } from '../queue/messages';
import type { StoredRecord } from '../store/ports';
import { applyRecordsForActiveAccount, countsOf, type ApplyOptions } from './apply-records';
import { updateHeldRun } from './claim-run';
import { contentHash } from './content-hash';
import type { NormalizedRecord } from './normalize';
import { isoNow, type SyncDeps } from './ports';
import { emitRecordCounts } from './record-metrics';
import { addCounts, type FetchRun, type FullResyncProgress, type SyncState } from './types';

/**
 * A full resync with mark-and-sweep (`resync --full`) removes records that disappeared from Merge
 * without a delete signal. It is one fetch run in three phases, each checkpointed with the run so it
 * survives hand-overs, crashes and restarts, and never overlaps another fetch of the model:
 *
 * 1. listing: the full fetch (no `modified_after`). Records it rewrites get a syncedAt after the
 *    run's start; records it returns unchanged (or older than ours) get a seen mark of the epoch.
 * 2. catch-up: passes with `modified_after` = the previous pass's start less the overlap, until one
 *    pass is a single page. A record changed while a pass paged may have moved between pages and
 *    been skipped (Merge does not document its order); its change is newer than that pass's start,
 *    so the next pass returns it, and a single-page pass is one consistent read. So every record
 *    Merge has is returned by some pass. Between multi-page passes the run waits the overlap, so a
 *    burst of changes (a Merge sync) falls out of the window of the pass after next.
 * 3. sweeping: stored records that are not deleted, carry no mark of this epoch and were last
 *    written before the run started are tombstoned like a Merge delete (conditional write, change
 *    event through the outbox). Anything written after the start (a webhook, this run) is kept.
 *
 * Nothing is removed unless every pass finished: a failed, handed-over or abandoned run keeps its
 * checkpoint; a newer resync request supersedes it (no sweep); a deleted account stops it (the purge
 * guard of applyRecordsForActiveAccount).
 */

/** Catch-up passes before the sweep is given up (Merge's data kept changing under every one). */
export const MAX_CATCH_UP_PASSES = 5;
/** Seen marks expire (DynamoDB TTL) after this; they are only read by the sweep of their own run. */
export const SEEN_MARK_TTL_MS = 7 * 24 * 3_600_000;
/** A run older than this at its sweep gives up rather than read marks that may have expired. */
const SWEEP_MAX_RUN_AGE_MS = SEEN_MARK_TTL_MS - 24 * 3_600_000;
/** Clock skew between our own functions (syncedAt against the run's start). */
export const OWN_CLOCK_MARGIN_MS = 1000;
const SWEEP_PAGE_SIZE = 100;

/** The `modified_after` of the pass under way: the run's own, or the catch-up pass's. */
export const modifiedAfterOf = (run: FetchRun): string | null =>
  run.fullResync?.phase === 'catch-up' && run.fullResync.pass
    ? run.fullResync.pass.modifiedAfter
    : run.modifiedAfter;

/** Marking applies while a full resync is paging; never in an ordinary run. */
export function seenMarking(run: FetchRun, modelId: string, nowMs: number): ApplyOptions {
  const progress = run.fullResync;
  if (!progress || progress.phase === 'sweeping') return {};
  return { markSeen: { modelId, epoch: progress.epoch, expiresAtMs: nowMs + SEEN_MARK_TTL_MS } };
}

const minus = (iso: string, seconds: number) => new Date(Date.parse(iso) - seconds * 1000).toISOString();

/** A catch-up pass records its start when its first page is asked for (after any wait). */
export async function startCatchUpPass(
  deps: Pick<SyncDeps, 'states' | 'clock'>,
  job: FetchJob,
  holder: string,
  run: FetchRun,
): Promise<FetchRun> {
  const pass = run.fullResync?.pass;
  if (run.fullResync?.phase !== 'catch-up' || !pass || run.pageCursor !== null) return run;
  const state = await updateHeldRun(deps, job.accountId, job.modelId, holder, (s, r) => ({
    ...s,
    run: {
      ...r,
      fullResync: {
        ...(r.fullResync as FullResyncProgress),
        pass: { ...pass, startedAt: isoNow(deps.clock) },
      },
    },
  }));
  return state.run as FetchRun;
}

/**
 * A paging pass of a full resync reached its last page: on to the next pass, the sweep, or an end.
 * `delaySeconds`: how long to wait before the next pass (after a multi-page catch-up pass).
 */
export async function endOfPass(
  deps: Pick<SyncDeps, 'settings' | 'states' | 'clock' | 'log'>,
  job: FetchJob,
  holder: string,
  singlePage: boolean,
): Promise<{ run: FetchRun; delaySeconds: number }> {
  const overlap = deps.settings.config.cursorOverlapSeconds;
  const state = await updateHeldRun(deps, job.accountId, job.modelId, holder, (s, r) => {
    const progress = r.fullResync as FullResyncProgress;
    const now = isoNow(deps.clock);
    if (s.fullResyncRequest?.epoch !== progress.epoch) return endFullResync(s, r, 'superseded', now);
    const pass = (number: number, after: string) => ({
      ...s,
      run: {
        ...r,
        pageCursor: null,
        fullResync: { ...progress, phase: 'catch-up' as const, pass: { number, modifiedAfter: after } },
      },
    });
    if (progress.phase === 'listing' || !progress.pass) return pass(1, minus(r.startedAt, overlap));
    if (!singlePage) {
      if (progress.pass.number >= MAX_CATCH_UP_PASSES)
        return endFullResync(s, r, 'gave-up', now, 'Merge data kept changing during every catch-up pass');
      // Without a recorded start (cannot happen after paging), the pass's own window start is earlier: safe.
      const started = progress.pass.startedAt ?? progress.pass.modifiedAfter;
      return pass(progress.pass.number + 1, minus(started, overlap));
    }
    if (deps.clock.now() - Date.parse(r.startedAt) > SWEEP_MAX_RUN_AGE_MS)
      return endFullResync(s, r, 'gave-up', now, 'the full fetch took longer than its seen marks are kept');
    const { pass: _pass, ...rest } = progress;
    return {
      ...s,
      run: { ...r, pageCursor: null, fullResync: { ...rest, phase: 'sweeping', sweepPageToken: null } },
    };
  });
  const run = state.run as FetchRun;
  if (!run.fullResync) logEnd(deps, job, state);
  const nextPass = run.fullResync?.pass?.number ?? 0;
  return { run, delaySeconds: nextPass > 1 ? overlap : 0 };
}

/**
 * The run goes on as an ordinary full fetch (its data is good; only the sweep is dropped). A request
 * given up on is answered; a superseding request stays for the follow-up run to answer.
 */
function endFullResync(
  state: SyncState,
  run: FetchRun,
  outcome: 'superseded' | 'gave-up' | 'swept',
  at: string,
  reason?: string,
): SyncState {
  const progress = run.fullResync as FullResyncProgress;
  const { fullResync: _progress, ...ordinaryRun } = run;
  const { fullResyncRequest, ...rest } = state;
  const answered = fullResyncRequest?.epoch === progress.epoch;
  return {
    ...rest,
    ...(fullResyncRequest && !answered ? { fullResyncRequest } : {}),
    run: ordinaryRun,
    lastFullResync: {
      epoch: progress.epoch,
      outcome,
      ...(reason ? { reason } : {}),
      marked: progress.marked,
      swept: progress.swept,
      at,
    },
  };
}

/** A completing run's full resync, if any, is recorded as swept (fetch-completion.ts). */
export const recordSwept = (state: SyncState, run: FetchRun, at: string): SyncState =>
  run.fullResync ? endFullResync(state, run, 'swept', at) : state;

function logEnd(deps: Pick<SyncDeps, 'log'>, job: FetchJob, state: SyncState) {
  deps.log.warn('full resync ends without a sweep', {
    accountId: job.accountId,
    modelId: job.modelId,
    outcome: state.lastFullResync?.outcome,
    reason: state.lastFullResync?.reason,
  });
}

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

export interface SweepContext {
  deps: SyncDeps;
  job: FetchJob;
  holder: string;
  remainingMs: () => number;
  minSafetyMs: number;
}

/** Sweeps page by page from the checkpoint; returns false when time ran short (the caller hands over). */
export async function sweepUnseenRecords(
  ctx: SweepContext,
  startRun: FetchRun,
  onCheckpoint: (run: FetchRun) => void,
): Promise<boolean> {
  const { deps, job } = ctx;
  let run = startRun;
  for (;;) {
    const progress = run.fullResync as FullResyncProgress;
    if (deps.clock.now() - Date.parse(run.startedAt) > SWEEP_MAX_RUN_AGE_MS) {
      // A sweep left unfinished for days: its marks may be expiring, so it stops short (keeps records).
      const state = await updateHeldRun(deps, job.accountId, job.modelId, ctx.holder, (s, r) =>
        endFullResync(s, r, 'gave-up', isoNow(deps.clock), 'the sweep resumed after its seen marks expire'),
      );
      onCheckpoint(state.run as FetchRun);
      logEnd(deps, job, state);
      return true;
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
    const state = await updateHeldRun(deps, job.accountId, job.modelId, ctx.holder, (s, r) => {
      const current = r.fullResync as FullResyncProgress;
      const swept = { ...current, sweepPageToken: page.next, swept: current.swept + (counts?.deleted ?? 0) };
      const next = { ...r, ...(counts ? { counts: addCounts(r.counts, counts) } : {}), fullResync: swept };
      // A newer resync was asked for: stop here (what was tombstoned was missing from a complete fetch).
      if (s.fullResyncRequest?.epoch !== current.epoch)
        return endFullResync(s, next, 'superseded', isoNow(deps.clock));
      return { ...s, run: next };
    });
    run = state.run as FetchRun;
    onCheckpoint(run);
    if (!run.fullResync) {
      logEnd(deps, job, state);
      return true;
    }
    if (page.next === null) return true;
    if (ctx.remainingMs() < ctx.minSafetyMs) return false;
  }
}
