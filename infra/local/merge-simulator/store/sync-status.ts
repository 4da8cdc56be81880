import { modelKey, wireModelId } from '../catalog';
import type { ModelIdSpelling, ModelSpec } from '../model-spec';
import { formatMicros } from '../time';
import type { Stamper } from '../time';
import type { SyncStatusEntry } from '../types';
import { AccountActivity } from './activity';
import { SyncSchedule } from './sync-schedule';
import type { ScheduleOptions } from './sync-schedule';

// One linked account's /sync-status entries and how they move (merge-api.md §5). Linking starts the
// initial sync: SYNCING, is_initial_sync true, nothing finished yet, as in Merge's help-center sample.
// A finished sync (any result) ends the initial sync. `model_id` is spelled as Merge's examples spell
// it (merge-common-models §1.1); models are addressed by key or by any spelling. SYNCING means running
// or queued (help 8184193): starting or queueing a sync keeps the last finished result and time.

export type SyncResult = 'DONE' | 'FAILED' | 'PARTIALLY_SYNCED';

interface ModelSync {
  entry: SyncStatusEntry;
  /** Whether the most recently finished sync of this model was its initial sync (for webhooks). */
  lastFinishedWasInitial: boolean;
}

export class SyncTracker {
  private readonly models = new Map<string, ModelSync>();
  private lastFinishedInitial = false;
  private schedule: SyncSchedule | null = null;
  readonly activity: AccountActivity;

  constructor(
    specs: readonly ModelSpec[],
    spelling: ModelIdSpelling,
    private readonly stamper: Stamper,
    private readonly now: () => number,
    private readonly intervalMs: number,
    pauseAfterMs: number | null,
  ) {
    this.activity = new AccountActivity(now(), pauseAfterMs);
    const start = stamper.nextIso();
    for (const spec of specs) {
      this.models.set(spec.modelId, {
        entry: {
          model_name: spec.modelName,
          model_id: wireModelId(spec, spelling),
          last_sync_start: start,
          next_sync_start: null,
          last_sync_result: null,
          last_sync_finished: null,
          status: 'SYNCING',
          is_initial_sync: true,
          selective_sync_configurations_usage: null,
        },
        lastFinishedWasInitial: false,
      });
    }
  }

  get paused(): boolean {
    return this.activity.paused;
  }

  private select(modelIds: readonly string[] | undefined, fallback: (m: ModelSync) => boolean): ModelSync[] {
    if (!modelIds) return [...this.models.values()].filter(fallback);
    return modelIds.map((id) => {
      const m = this.models.get(modelKey(id));
      if (!m) throw new Error(`Model ${id} is not enabled on this linked account`);
      return m;
    });
  }

  /** Brings the entries up to the clock: the schedule's syncs, then pausing. */
  refresh(): void {
    if (this.paused) return;
    const now = this.now();
    const failing = this.schedule ? this.schedule.failingSinceAt(now) : this.activity.failingSinceMs;
    const due = this.activity.dueAt(failing);
    const pauseAt = due !== null && due <= now ? due : null;
    this.applySchedule(pauseAt ?? now);
    if (pauseAt !== null) this.pause(pauseAt);
  }

  private applySchedule(t: number): void {
    const schedule = this.schedule;
    if (!schedule) return;
    for (const [key, state] of schedule.stateAt(t)) {
      const m = this.models.get(key);
      if (!m) continue;
      m.entry = state.entry;
      if (state.finishedInitial !== null) m.lastFinishedWasInitial = state.finishedInitial;
    }
    this.lastFinishedInitial = [...this.models.values()].some((m) => m.lastFinishedWasInitial);
    this.activity.failingSinceMs = schedule.failingSinceAt(t);
  }

  /** Brings everything up to the clock and ends the schedule (explicit syncs end it). */
  stopSchedule(): void {
    this.refresh();
    this.schedule = null;
  }

  private pause(atMs: number): void {
    this.schedule = null;
    this.activity.pausedAtMs = atMs;
    for (const m of this.models.values()) if (m.entry.status !== 'DISABLED') m.entry.status = 'PAUSED';
  }

  /** Pauses now, as the clock would after two weeks idle or failing (a no-op while paused). */
  pauseNow(): void {
    this.refresh();
    if (!this.paused) this.pause(this.now());
  }

  /** Relink or force resync: active again, and a sync starts. */
  resume(): void {
    this.activity.resume(this.now());
    this.start();
  }

  scheduleSyncs(options: ScheduleOptions & { models?: readonly string[] }): void {
    this.stopSchedule();
    const selected = this.select(options.models, (x) => x.entry.status !== 'DISABLED');
    const baseline = new Map<string, SyncStatusEntry>();
    for (const [key, m] of this.models) if (selected.includes(m)) baseline.set(key, { ...m.entry });
    this.schedule = new SyncSchedule(this.now(), options, baseline, this.activity.failingSinceMs);
    this.refresh();
  }

  /** Starts a sync of the given models (default: every model not DISABLED). No-op while paused. */
  start(modelIds?: readonly string[]): void {
    this.stopSchedule();
    if (this.paused) return;
    const stamp = this.stamper.next();
    const next = formatMicros(Math.max(stamp, Math.floor(this.now()) * 1000) + this.intervalMs * 1000);
    for (const m of this.select(modelIds, (x) => x.entry.status !== 'DISABLED')) {
      m.entry.status = 'SYNCING';
      m.entry.last_sync_start = formatMicros(stamp);
      m.entry.next_sync_start = next;
    }
  }

  /** Queues a sync: SYNCING, nothing else moves until it starts (help 8184193). No-op while paused. */
  queue(modelIds?: readonly string[]): void {
    this.stopSchedule();
    if (this.paused) return;
    for (const m of this.select(modelIds, (x) => x.entry.status !== 'DISABLED')) m.entry.status = 'SYNCING';
  }

  /** Finishes the sync of the given models (default: every model currently SYNCING). */
  finish(modelIds: readonly string[] | undefined, result: SyncResult): void {
    this.stopSchedule();
    const finished = this.stamper.nextIso();
    const selected = this.select(modelIds, (x) => x.entry.status === 'SYNCING');
    if (selected.length === 0 || this.paused) return;
    this.lastFinishedInitial = false;
    for (const m of selected) {
      m.lastFinishedWasInitial = m.entry.is_initial_sync;
      if (m.lastFinishedWasInitial) this.lastFinishedInitial = true;
      m.entry.last_sync_result = result;
      m.entry.last_sync_finished = finished;
      m.entry.status = result;
      m.entry.is_initial_sync = false;
    }
    this.activity.syncFinished(result, this.now());
  }

  setStatus(modelId: string, status: string): void {
    this.stopSchedule();
    const m = this.select([modelId], () => true)[0];
    if (m) m.entry.status = status;
  }

  entries(): SyncStatusEntry[] {
    this.refresh();
    return [...this.models.values()].map((m) => ({ ...m.entry }));
  }

  entry(modelId: string): SyncStatusEntry {
    this.refresh();
    const m = this.select([modelId], () => true)[0];
    if (!m) throw new Error(`Model ${modelId} is not enabled`);
    return { ...m.entry };
  }

  /** Model keys of the account's sync-status entries. */
  keys(): string[] {
    return [...this.models.keys()];
  }

  lastFinishedWasInitial(modelId?: string): boolean {
    this.refresh();
    if (modelId === undefined) return this.lastFinishedInitial;
    return this.models.get(modelKey(modelId))?.lastFinishedWasInitial ?? false;
  }
}
