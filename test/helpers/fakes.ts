import type { Clock } from '../../shared/runtime/clock';
import { VersionConflictError, type RateScheduleStore, type SyncStateStore } from '../../shared/store/ports';
import { newSyncState, type SyncState } from '../../shared/core/sync-state';

/** A clock that only moves when told to; sleep advances it (and records how long was asked). */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(private ms = Date.parse('2026-01-01T00:00:00Z')) {}
  now = () => this.ms;
  sleep = async (ms: number) => {
    this.sleeps.push(ms);
    this.ms += Math.max(0, ms);
  };
  advance(ms: number) {
    this.ms += ms;
  }
}

/** SyncStateStore in memory, with the same version check as the DynamoDB adapter. */
export class MemorySyncStateStore implements SyncStateStore {
  readonly items = new Map<string, SyncState>();
  async get(accountId: string, modelId: string) {
    return structuredClone(this.items.get(`${accountId}|${modelId}`) ?? newSyncState(accountId, modelId));
  }
  async listForAccount(accountId: string) {
    return [...this.items.values()].filter((s) => s.accountId === accountId);
  }
  async save(state: SyncState) {
    const key = `${state.accountId}|${state.modelId}`;
    if ((this.items.get(key)?.version ?? 0) !== state.version) throw new VersionConflictError('changed');
    const next = { ...structuredClone(state), version: state.version + 1 };
    this.items.set(key, next);
    return structuredClone(next);
  }
  async delete(accountId: string, modelId: string) {
    this.items.delete(`${accountId}|${modelId}`);
  }
}

export class MemoryRateScheduleStore implements RateScheduleStore {
  readonly items = new Map<string, { nextSlotAt: number; version: number }>();
  /** Accounts' own plan limits, as `accounts configure --plan-limit` would set them. */
  readonly planLimits = new Map<string, number>();
  planLimitReads = 0;
  writes = 0;
  async planLimit(accountId: string) {
    this.planLimitReads++;
    return this.planLimits.get(accountId);
  }
  async read(accountId: string) {
    return { ...(this.items.get(accountId) ?? { nextSlotAt: 0, version: 0 }) };
  }
  async write(accountId: string, nextSlotAt: number, version: number) {
    if ((this.items.get(accountId)?.version ?? 0) !== version) return false;
    this.writes++;
    this.items.set(accountId, { nextSlotAt, version: version + 1 });
    return true;
  }
}

/**
 * Virtual time for concurrent code: sleep() parks until the clock reaches its wake time, and
 * run() advances time from one wake-up to the next until the given work finishes.
 */
export class VirtualClock implements Clock {
  private timers: { at: number; wake: () => void }[] = [];
  constructor(private ms = Date.parse('2026-01-01T00:00:00Z')) {}
  now = () => this.ms;
  sleep = (ms: number) =>
    new Promise<void>((wake) => {
      this.timers.push({ at: this.ms + Math.max(0, ms), wake });
    });
  async run<T>(work: Promise<T>): Promise<T> {
    let done = false;
    const result = work.finally(() => {
      done = true;
    });
    while (!done) {
      await new Promise((r) => setImmediate(r));
      if (done || this.timers.length === 0) continue;
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers.shift()!;
      this.ms = Math.max(this.ms, next.at);
      next.wake();
    }
    return result;
  }
}
