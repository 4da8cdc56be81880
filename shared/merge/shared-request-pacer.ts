import type { Clock } from '../runtime/clock';
import type { RateScheduleStore } from '../store/ports';
import type { AcquireOptions, AcquireResult, RequestPacer } from './types';

export interface SharedPacerOptions {
  /** Our share of the deployment's plan limit, per linked account. */
  requestsPerMinute: number;
  /**
   * The share of an account's own plan limit (set with `accounts configure --plan-limit`) we use.
   * Default 0.95, the default config's `budgetShare`; the runtime passes the configured one.
   */
  budgetShare?: number;
  /** How long an account's own plan limit is used before it is read again, default 60 s. */
  planLimitTtlMs?: number;
  clock: Clock;
  /** How much of the schedule one reservation of reads takes (fewer store writes), default 1 s worth. */
  leaseMs?: number;
  /**
   * How far a run of reads (an initial sync's pages) may grow its lease, default 6 s worth (at most
   * 10 slots): each lease used up in full and followed at once by the next makes the next 4x larger.
   */
  maxLeaseMs?: number;
  /** A reserved slot not used within this long is dropped, so late requests cannot bunch up. */
  graceMs?: number;
}

/** Store writes lost to other instances before a reservation gives up (each one re-reads first). */
const MAX_CONTENDED_WRITES = 50;

/**
 * Paces requests per linked account across every function instance: a shared schedule of slots
 * spaced 60 s / limit apart (a GCRA "next slot" time in the store). Every request, read or write,
 * takes its slot from that one schedule, so all instances together never exceed the limit in any
 * 60-second window, and the budget is used evenly instead of bouncing off 429s.
 *
 * Writes go first. Reads reserve a lease of consecutive slots in one conditional write, but only
 * once the schedule has caught up with the present: a read that finds the next slot in the future
 * waits for it without reserving anything. So the schedule is never more than one read lease ahead
 * of now, and a write, which reserves exactly one slot and does not wait for that, is sent after at
 * most the lease already handed out (none when the budget has room), ahead of every read still
 * waiting. A lease starts at about one second of requests and grows 4x while an instance uses each
 * one up and asks again at once (a run of pages), up to `maxLeaseMs` (a write waits at most that):
 * an initial sync costs about one store write per 9-10 requests, a lone request one write. A lease only ever holds slots of the
 * one schedule, spaced 60 s / limit apart, so its size never lets the account pass its limit; an
 * unused rest only leaves budget unused.
 */
export class SharedRequestPacer implements RequestPacer {
  private readonly graceMs: number;
  private readonly reserved = new Map<string, number[]>();
  private readonly queues = new Map<string, Promise<void>>();
  /** Per account: requests per minute and until when that figure is used (its own plan limit, cached). */
  private readonly budgets = new Map<string, { requestsPerMinute: number; until: number }>();
  /** Per account: this instance's last read lease (its size, its last slot), while used up in full. */
  private readonly leases = new Map<string, { slots: number; lastSlotAt: number }>();

  constructor(
    private readonly store: RateScheduleStore,
    private readonly options: SharedPacerOptions,
  ) {
    if (!(options.requestsPerMinute > 0)) throw new Error('requestsPerMinute must be positive');
    const share = options.budgetShare ?? DEFAULT_BUDGET_SHARE;
    if (!(share > 0 && share <= 1)) throw new Error('budgetShare must be in (0, 1]');
    this.graceMs = options.graceMs ?? 1000;
  }

  acquire(accountId: string, options: AcquireOptions = {}): Promise<AcquireResult> {
    const write = options.priority === 'write';
    // One acquisition at a time per account and kind within this instance keeps slots in order;
    // writes queue apart so they never wait behind this instance's reads.
    const queueKey = write ? `${accountId}\u0000write` : accountId;
    const previous = this.queues.get(queueKey) ?? Promise.resolve();
    const next = previous.then(() =>
      write
        ? this.takeWriteSlot(accountId, options.latestStartMs)
        : this.takeReadSlot(accountId, options.latestStartMs),
    );
    const settled: Promise<void> = next.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(queueKey, settled);
    // Forget accounts that went quiet, so a long-running process does not keep one entry per account.
    void settled.then(() => {
      if (this.queues.get(queueKey) === settled) this.queues.delete(queueKey);
    });
    return next;
  }

  async backOff(accountId: string, untilMs: number): Promise<void> {
    this.reserved.delete(accountId);
    this.leases.delete(accountId);
    for (let attempt = 0; attempt < 10; attempt++) {
      const current = await this.store.read(accountId);
      if (current.nextSlotAt >= untilMs) return;
      if (await this.store.write(accountId, untilMs, current.version)) return;
    }
  }

  private async takeReadSlot(accountId: string, latestStartMs: number | undefined): Promise<AcquireResult> {
    const clock = this.options.clock;
    const held = this.reserved.get(accountId) ?? [];
    let slots = held.filter((slot) => slot >= clock.now() - this.graceMs);
    // A slot dropped unused ends the run of reads: the next lease starts small again.
    if (slots.length < held.length) this.leases.delete(accountId);
    if (slots.length === 0) {
      const reservation = await this.reserveReads(accountId, latestStartMs);
      if (!reservation.granted) return reservation;
      slots = reservation.slots;
    }
    const [slot, ...rest] = slots as [number, ...number[]];
    if (latestStartMs !== undefined && slot > latestStartMs) {
      // Too late for this caller: the slot stays reserved here for the next request, not wasted.
      this.reserved.set(accountId, slots);
      return { granted: false, slotAtMs: slot };
    }
    if (rest.length > 0) this.reserved.set(accountId, rest);
    else this.reserved.delete(accountId);
    await this.waitFor(slot);
    return { granted: true };
  }

  /** One slot, the schedule's next, whatever reads are waiting for. */
  private async takeWriteSlot(accountId: string, latestStartMs: number | undefined): Promise<AcquireResult> {
    const interval = 60_000 / (await this.requestsPerMinute(accountId));
    for (let lost = 0; lost < MAX_CONTENDED_WRITES;) {
      const current = await this.store.read(accountId);
      const slot = Math.max(current.nextSlotAt, this.options.clock.now());
      if (latestStartMs !== undefined && slot > latestStartMs) return { granted: false, slotAtMs: slot };
      if (await this.store.write(accountId, slot + interval, current.version)) {
        await this.waitFor(slot);
        return { granted: true };
      }
      lost++;
    }
    throw new Error(`could not reserve a request slot for account ${accountId}: schedule contended`);
  }

  /**
   * A lease of read slots starting at the schedule's next slot, reserved only once that slot is
   * due: until then the read waits (or, past the caller's latest start, is told when it would be).
   */
  private async reserveReads(
    accountId: string,
    latestStartMs: number | undefined,
  ): Promise<{ granted: true; slots: number[] } | { granted: false; slotAtMs: number }> {
    const clock = this.options.clock;
    const interval = 60_000 / (await this.requestsPerMinute(accountId));
    const leaseSlots = this.nextLeaseSize(accountId, interval);
    for (let lost = 0; lost < MAX_CONTENDED_WRITES;) {
      const current = await this.store.read(accountId);
      const now = clock.now();
      if (current.nextSlotAt > now) {
        if (latestStartMs !== undefined && current.nextSlotAt > latestStartMs)
          return { granted: false, slotAtMs: current.nextSlotAt };
        // Not reserved while waiting: a write that comes meanwhile takes the slot first.
        await clock.sleep(current.nextSlotAt - now);
        continue;
      }
      const slots = Array.from({ length: leaseSlots }, (_, i) => now + i * interval);
      if (await this.store.write(accountId, now + leaseSlots * interval, current.version)) {
        this.noteLease(accountId, leaseSlots, now + (leaseSlots - 1) * interval);
        return { granted: true, slots };
      }
      lost++;
    }
    throw new Error(`could not reserve a request slot for account ${accountId}: schedule contended`);
  }

  /**
   * About one second of slots, or 4x the last lease when that one was used up in full and this
   * reservation follows it at once (within a slot and the grace), up to `maxLeaseMs` and 10 slots.
   */
  private nextLeaseSize(accountId: string, interval: number): number {
    const base = Math.max(1, Math.min(MAX_LEASE_SLOTS, Math.ceil((this.options.leaseMs ?? 1000) / interval)));
    const max = Math.max(
      base,
      Math.min(MAX_LEASE_SLOTS, Math.floor((this.options.maxLeaseMs ?? 6000) / interval)),
    );
    const last = this.leases.get(accountId);
    const following = last && this.options.clock.now() <= last.lastSlotAt + interval + this.graceMs;
    return following ? Math.min(max, Math.max(base, last.slots * 4)) : base;
  }

  private noteLease(accountId: string, slots: number, lastSlotAt: number): void {
    if (this.leases.size >= MAX_CACHED_BUDGETS) {
      const now = this.options.clock.now();
      for (const [id, lease] of this.leases) if (lease.lastSlotAt < now - 60_000) this.leases.delete(id);
    }
    this.leases.set(accountId, { slots, lastSlotAt });
  }

  private async waitFor(slot: number): Promise<void> {
    const wait = slot - this.options.clock.now();
    if (wait > 0) await this.options.clock.sleep(wait);
  }

  /**
   * The account's budget: our share of its own plan limit when an operator set one, else of the
   * deployment's. Read at most once a minute per account (a reservation happens about every second),
   * so a changed limit applies within a minute.
   */
  private async requestsPerMinute(accountId: string): Promise<number> {
    const now = this.options.clock.now();
    const cached = this.budgets.get(accountId);
    if (cached && cached.until > now) return cached.requestsPerMinute;
    const planLimit = await this.store.planLimit(accountId);
    const share = this.options.budgetShare ?? DEFAULT_BUDGET_SHARE;
    const requestsPerMinute =
      planLimit === undefined ? this.options.requestsPerMinute : Math.max(1, Math.floor(planLimit * share));
    if (this.budgets.size >= MAX_CACHED_BUDGETS) {
      for (const [id, budget] of this.budgets) if (budget.until <= now) this.budgets.delete(id);
    }
    this.budgets.set(accountId, { requestsPerMinute, until: now + (this.options.planLimitTtlMs ?? 60_000) });
    return requestsPerMinute;
  }
}

const DEFAULT_BUDGET_SHARE = 0.95;
/** The most slots one read lease holds. */
const MAX_LEASE_SLOTS = 10;
/** Above this many cached budgets, expired ones are dropped (a long-lived process, many accounts). */
const MAX_CACHED_BUDGETS = 1000;
