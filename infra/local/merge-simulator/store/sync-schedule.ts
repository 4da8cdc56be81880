import type { SyncStatusEntry } from '../types';
import { formatMicros } from '../time';

// A scripted sync cadence, evaluated on the simulator's clock: a sync of the models starts every
// `everyMs`, runs `durationMs`, and (with `queueNext`) the next one is queued as soon as one finishes.
// Merge reports SYNCING while a sync runs *or is queued* (help 8184193; merge-api.md §12), so an
// integration that syncs often shows SYNCING almost all the time while last_sync_result and
// last_sync_finished keep the values of the previous finished sync.

export interface ScheduleOptions {
  everyMs: number;
  /** How long each sync runs (default everyMs: back to back). */
  durationMs?: number;
  /** Whether the next sync is queued as soon as one finishes (default true: always SYNCING). */
  queueNext?: boolean;
  /** Result of every finished sync (default DONE). */
  result?: 'DONE' | 'FAILED' | 'PARTIALLY_SYNCED';
}

export interface ScheduledModelState {
  entry: SyncStatusEntry;
  /** Whether the last finished sync of the model (if any since the start) was its initial sync. */
  finishedInitial: boolean | null;
}

export class SyncSchedule {
  readonly everyMs: number;
  readonly durationMs: number;
  readonly queueNext: boolean;
  readonly result: 'DONE' | 'FAILED' | 'PARTIALLY_SYNCED';

  /** `baseline`: each model's entry when the schedule was installed. */
  constructor(
    readonly startMs: number,
    options: ScheduleOptions,
    readonly baseline: ReadonlyMap<string, SyncStatusEntry>,
    /** When the account's syncs started failing before the schedule, if they were. */
    readonly failingSinceBefore: number | null,
  ) {
    const every = options.everyMs;
    const duration = options.durationMs ?? every;
    if (!(every > 0) || !(duration > 0) || duration > every) {
      throw new Error('scheduleSyncs needs everyMs > 0 and 0 < durationMs <= everyMs');
    }
    this.everyMs = every;
    this.durationMs = duration;
    this.queueNext = options.queueNext ?? true;
    this.result = options.result ?? 'DONE';
  }

  /** Index of the last finished sync at `t`, or -1. */
  private lastFinished(t: number): number {
    if (t < this.startMs + this.durationMs) return -1;
    return Math.floor((t - this.startMs - this.durationMs) / this.everyMs);
  }

  /** Each model's sync-status entry at time `t` (ms, not before the start). */
  stateAt(t: number): Map<string, ScheduledModelState> {
    const i = Math.floor((Math.max(t, this.startMs) - this.startMs) / this.everyMs);
    const started = this.startMs + i * this.everyMs;
    const j = this.lastFinished(t);
    const running = t < started + this.durationMs;
    const iso = (ms: number): string => formatMicros(ms * 1000);
    const out = new Map<string, ScheduledModelState>();
    for (const [key, base] of this.baseline) {
      const entry: SyncStatusEntry = {
        ...base,
        last_sync_start: iso(started),
        next_sync_start: iso(started + this.everyMs),
        status: this.queueNext || running ? 'SYNCING' : this.result,
      };
      if (j >= 0) {
        entry.last_sync_result = this.result;
        entry.last_sync_finished = iso(this.startMs + j * this.everyMs + this.durationMs);
        entry.is_initial_sync = false;
      }
      out.set(key, { entry, finishedInitial: j >= 0 ? j === 0 && base.is_initial_sync : null });
    }
    return out;
  }

  /** Since when the account's syncs have been failing at `t` (merge-api.md §12 "Unpausing"), or null. */
  failingSinceAt(t: number): number | null {
    if (this.lastFinished(t) < 0) return this.failingSinceBefore;
    if (this.result !== 'FAILED') return null;
    return this.failingSinceBefore ?? this.startMs + this.durationMs;
  }
}
