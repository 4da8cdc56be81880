import type { FetchRun, FullResyncProgress, SyncState } from '../core/sync-state';
import type { FetchJob } from '../queue/messages';
import type { ApplyOptions } from './apply-records';
import type { HeldRun, HeldRunUpdate, HeldState, LeaseLost } from './held-run';
import { isoNow, type SyncDeps } from './ports';

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
 *    See full-resync-sweep.ts.
 *
 * A model whose list has no `modified_after` (full-listing runs, claim-run.ts) marks and sweeps on
 * every run, without catch-up passes: it has no filter to catch up with. Merge pages by cursor; a
 * record its listing missed is tombstoned, and restored as soon as a later listing returns it.
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
export const SWEEP_MAX_RUN_AGE_MS = SEEN_MARK_TTL_MS - 24 * 3_600_000;

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
  deps: Pick<SyncDeps, 'clock'>,
  held: HeldRun,
): Promise<HeldRunUpdate | { outcome: 'unchanged' }> {
  const { fullResync, pageCursor } = held.run;
  if (fullResync?.phase !== 'catch-up' || !fullResync.pass || pageCursor !== null)
    return { outcome: 'unchanged' };
  const startedAt = isoNow(deps.clock);
  return held.checkpoint((run) =>
    run.fullResync?.pass
      ? { ...run, fullResync: { ...run.fullResync, pass: { ...run.fullResync.pass, startedAt } } }
      : run,
  );
}

/**
 * A paging pass of a full resync reached its last page: on to the next pass, the sweep, or an end.
 * `delaySeconds`: how long to wait before the next pass (after a multi-page catch-up pass).
 */
export async function endOfPass(
  deps: Pick<SyncDeps, 'settings' | 'clock' | 'log'>,
  held: HeldRun,
  singlePage: boolean,
): Promise<{ outcome: 'updated'; run: FetchRun; delaySeconds: number } | LeaseLost> {
  const overlap = deps.settings.config.cursorOverlapSeconds;
  const updated = await held.update((s, r) => {
    const progress = r.fullResync;
    if (!progress) return { ...s, run: r };
    const now = isoNow(deps.clock);
    // A full listing is complete whatever was asked meanwhile (a newer request is the follow-up's).
    const listing = progress.kind === 'full-listing';
    if (!listing && s.fullResyncRequest?.epoch !== progress.epoch)
      return endFullResync(s, r, progress, 'superseded', now);
    const pass = (number: number, after: string) => ({
      ...s,
      run: {
        ...r,
        pageCursor: null,
        fullResync: { ...progress, phase: 'catch-up' as const, pass: { number, modifiedAfter: after } },
      },
    });
    // Without modified_after there is nothing to catch up with: the listing is the read to trust.
    if (!listing) {
      if (progress.phase === 'listing' || !progress.pass) return pass(1, minus(r.startedAt, overlap));
      if (!singlePage) {
        if (progress.pass.number >= MAX_CATCH_UP_PASSES)
          return endFullResync(
            s,
            r,
            progress,
            'gave-up',
            now,
            'Merge data kept changing during every catch-up pass',
          );
        // Without a recorded start (cannot happen after paging), the pass's own window start is earlier: safe.
        const started = progress.pass.startedAt ?? progress.pass.modifiedAfter;
        return pass(progress.pass.number + 1, minus(started, overlap));
      }
    }
    if (deps.clock.now() - Date.parse(r.startedAt) > SWEEP_MAX_RUN_AGE_MS)
      return endFullResync(
        s,
        r,
        progress,
        'gave-up',
        now,
        'the full fetch took longer than its seen marks are kept',
      );
    const { pass: _pass, ...rest } = progress;
    return {
      ...s,
      run: { ...r, pageCursor: null, fullResync: { ...rest, phase: 'sweeping', sweepPageToken: null } },
    };
  });
  if (updated.outcome === 'lease-lost') return updated;
  const { run } = updated.state;
  if (!run.fullResync) logEnd(deps, held.job, updated.state);
  const nextPass = run.fullResync?.pass?.number ?? 0;
  return { outcome: 'updated', run, delaySeconds: nextPass > 1 ? overlap : 0 };
}

/**
 * The run goes on as an ordinary full fetch (its data is good; only the sweep is dropped). A request
 * given up on is answered; a superseding request stays for the follow-up run to answer.
 */
export function endFullResync(
  state: SyncState,
  run: FetchRun,
  progress: FullResyncProgress,
  outcome: 'superseded' | 'gave-up' | 'swept',
  at: string,
  reason?: string,
): HeldState {
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
  run.fullResync ? endFullResync(state, run, run.fullResync, 'swept', at) : state;

export function logEnd(deps: Pick<SyncDeps, 'log'>, job: FetchJob, state: SyncState) {
  deps.log.warn('full resync ends without a sweep', {
    accountId: job.accountId,
    modelId: job.modelId,
    outcome: state.lastFullResync?.outcome,
    reason: state.lastFullResync?.reason,
  });
}
