import type { FetchRun, SyncState } from '../core/sync-state';
import type { FetchJob } from '../queue/messages';
import { claimRun } from './claim-run';
import type { Deadline } from './deadline';
import { isoNow, type SyncDeps } from './ports';
import { updateSyncState } from './state-updates';

/** A sync state with its run: what a change to a held run makes. */
export type HeldState = SyncState & { run: FetchRun };

/** Another invocation took the run over (our lease expired): this one stops, writing nothing more. */
export interface LeaseLost {
  outcome: 'lease-lost';
}
export const LEASE_LOST: LeaseLost = { outcome: 'lease-lost' };

export type HeldRunUpdate = { outcome: 'updated'; state: HeldState } | LeaseLost;

/** A run's lease outlives its invocation by this much, so nobody resumes it while it may still write. */
const LEASE_MARGIN_MS = 30_000;

export type HeldRunDeps = Pick<SyncDeps, 'states' | 'queue' | 'clock' | 'log'>;

/**
 * A fetch run this invocation holds (claimRun): its last checkpoint, always there, and the writes
 * that move it on. Each write checks that we still hold the run; when another invocation took it
 * over, the write is not made and the lease is reported lost.
 */
export class HeldRun {
  constructor(
    private readonly deps: HeldRunDeps,
    readonly job: FetchJob,
    readonly holder: string,
    private checkpointed: FetchRun,
  ) {}

  /** Claims the job's run for this invocation, leased until the deadline (and a margin). */
  static async claim(
    deps: HeldRunDeps & Pick<SyncDeps, 'newId'>,
    job: FetchJob,
    deadline: Deadline,
    /** The sync state as the caller just read it, if it did: the claim starts from it. */
    readJustNow?: SyncState,
  ): Promise<{ outcome: 'claimed'; held: HeldRun } | { outcome: 'skipped'; reason: string }> {
    const holder = deps.newId();
    const leaseUntil = deps.clock.now() + deadline.remainingMs() + LEASE_MARGIN_MS;
    const claim = await claimRun(deps, job, holder, leaseUntil, readJustNow);
    if (claim.outcome === 'skipped') return claim;
    return { outcome: 'claimed', held: new HeldRun(deps, job, holder, claim.run) };
  }

  /** The run as last checkpointed (or, after its last page, as the completion will write it). */
  get run(): FetchRun {
    return this.checkpointed;
  }

  /**
   * The run's last page is stored but not checkpointed: the completion writes the run's final
   * counts in its own write, so a fetch costs one write fewer (none for a fetch that finds nothing
   * new beyond its claim and completion). A crash before the completion resumes from the previous
   * checkpoint and reads that page again, which stores nothing new (invariant 5).
   */
  advanceUnwritten(change: (run: FetchRun) => FetchRun): void {
    this.checkpointed = change(this.checkpointed);
  }

  /** Whether `state` (as read now) still has this invocation's run. */
  heldIn(state: SyncState): state is HeldState {
    return state.run?.holder === this.holder;
  }

  /** Changes the sync state and the run together, while we hold the run. */
  async update(change: (state: SyncState, run: FetchRun) => HeldState): Promise<HeldRunUpdate> {
    const { accountId, modelId } = this.job;
    const { state, result } = await updateSyncState<FetchRun | LeaseLost>(
      this.deps.states,
      accountId,
      modelId,
      (current) => {
        if (!this.heldIn(current)) return { next: null, result: LEASE_LOST };
        const next = change(current, current.run);
        return { next, result: next.run };
      },
    );
    if ('outcome' in result) return result;
    this.checkpointed = result;
    return { outcome: 'updated', state: { ...state, run: result } };
  }

  /** A new checkpoint of the run alone. */
  checkpoint(change: (run: FetchRun) => FetchRun): Promise<HeldRunUpdate> {
    return this.update((state, run) => ({ ...state, run: change(run) }));
  }

  /** Gives the run up (its lease ends now), keeping its checkpoint, with the error that stopped it. */
  release(error?: { kind: string; message: string }): Promise<HeldRunUpdate> {
    return this.update((state, run) => ({
      ...state,
      run: { ...run, leaseUntil: 0 },
      ...(error ? { lastError: { ...error, at: isoNow(this.deps.clock) } } : {}),
    }));
  }

  /** Asks for a continuation of the run: another invocation resumes it from its checkpoint. */
  async continueIn(delaySeconds?: number): Promise<void> {
    const continuation = { ...this.job, v: 1 as const, kind: 'fetch' as const, runId: this.run.id };
    await this.deps.queue.send(
      'jobs',
      [continuation],
      delaySeconds === undefined ? undefined : { delaySeconds },
    );
  }

  /** Releases the run to a continuation, after `delaySeconds` (a catch-up pass's wait) or at once. */
  async handOver(
    delaySeconds: number,
  ): Promise<{ outcome: 'handed-off'; runId: string; pages: number } | LeaseLost> {
    const released = await this.release();
    if (released.outcome === 'lease-lost') return released;
    await this.continueIn(delaySeconds);
    const { id: runId, pages } = this.run;
    this.deps.log.info('fetch handed over to a continuation', {
      accountId: this.job.accountId,
      modelId: this.job.modelId,
      runId,
      pages,
      delaySeconds,
    });
    return { outcome: 'handed-off', runId, pages };
  }
}
