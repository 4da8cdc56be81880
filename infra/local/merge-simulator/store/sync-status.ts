import type { ModelSpec } from '../catalog';
import { formatMicros } from '../time';
import type { Stamper } from '../time';
import type { SyncStatusEntry } from '../types';

// One linked account's /sync-status entries and how they move as syncs run (reference section 5).
// Linking starts the initial sync: SYNCING, is_initial_sync true, nothing finished yet, as in Merge's
// help-center sample. A finished sync (any result) ends the initial sync, as the brief specifies.

export type SyncResult = 'DONE' | 'FAILED' | 'PARTIALLY_SYNCED';

interface ModelSync {
  entry: SyncStatusEntry;
  /** Whether the most recently finished sync of this model was its initial sync (for webhooks). */
  lastFinishedWasInitial: boolean;
}

export class SyncTracker {
  private readonly models = new Map<string, ModelSync>();
  private lastFinishedInitial = false;

  constructor(
    specs: readonly ModelSpec[],
    private readonly stamper: Stamper,
    private readonly now: () => number,
    private readonly intervalMs: number,
  ) {
    const start = stamper.nextIso();
    for (const spec of specs) {
      this.models.set(spec.modelId, {
        entry: {
          model_name: spec.modelName,
          model_id: spec.modelId,
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

  private select(modelIds: readonly string[] | undefined, fallback: (m: ModelSync) => boolean): ModelSync[] {
    if (!modelIds) return [...this.models.values()].filter(fallback);
    return modelIds.map((id) => {
      const m = this.models.get(id);
      if (!m) throw new Error(`Model ${id} is not enabled on this linked account`);
      return m;
    });
  }

  /** Starts a sync of the given models (default: every model not DISABLED). */
  start(modelIds?: readonly string[]): void {
    const stamp = this.stamper.next();
    const next = formatMicros(Math.max(stamp, Math.floor(this.now()) * 1000) + this.intervalMs * 1000);
    for (const m of this.select(modelIds, (x) => x.entry.status !== 'DISABLED')) {
      m.entry.status = 'SYNCING';
      m.entry.last_sync_start = formatMicros(stamp);
      m.entry.next_sync_start = next;
    }
  }

  /** Finishes the sync of the given models (default: every model currently SYNCING). */
  finish(modelIds: readonly string[] | undefined, result: SyncResult): void {
    const finished = this.stamper.nextIso();
    const selected = this.select(modelIds, (x) => x.entry.status === 'SYNCING');
    if (selected.length === 0) return;
    this.lastFinishedInitial = false;
    for (const m of selected) {
      m.lastFinishedWasInitial = m.entry.is_initial_sync;
      if (m.lastFinishedWasInitial) this.lastFinishedInitial = true;
      m.entry.last_sync_result = result;
      m.entry.last_sync_finished = finished;
      m.entry.status = result;
      m.entry.is_initial_sync = false;
    }
  }

  setStatus(modelId: string, status: string): void {
    const m = this.select([modelId], () => true)[0];
    if (m) m.entry.status = status;
  }

  entries(): SyncStatusEntry[] {
    return [...this.models.values()].map((m) => ({ ...m.entry }));
  }

  entry(modelId: string): SyncStatusEntry {
    const m = this.select([modelId], () => true)[0];
    if (!m) throw new Error(`Model ${modelId} is not enabled`);
    return { ...m.entry };
  }

  lastFinishedWasInitial(modelId?: string): boolean {
    if (modelId === undefined) return this.lastFinishedInitial;
    return this.models.get(modelId)?.lastFinishedWasInitial ?? false;
  }
}
