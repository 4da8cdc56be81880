import type { Clock } from '../runtime/clock';
import type { RateScheduleStore } from '../store/ports';
import type { RequestPacer } from './types';

export interface SharedPacerOptions {
  /** Our share of the plan limit, per linked account. */
  requestsPerMinute: number;
  clock: Clock;
  /** How much of the schedule one reservation takes (fewer store writes), default 1 s worth. */
  leaseMs?: number;
  /** A reserved slot not used within this long is dropped, so late requests cannot bunch up. */
  graceMs?: number;
}

/**
 * Paces requests per linked account across every function instance: a shared schedule of slots
 * spaced 60 s / limit apart (a GCRA "next slot" time in the store). An instance reserves a few
 * consecutive slots with one conditional write and sends each request at its slot, so all
 * instances together never exceed the limit in any 60-second window, and the budget is used
 * evenly instead of bouncing off 429s.
 */
export class SharedRequestPacer implements RequestPacer {
  private readonly interval: number;
  private readonly leaseSlots: number;
  private readonly graceMs: number;
  private readonly reserved = new Map<string, number[]>();
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly store: RateScheduleStore,
    private readonly options: SharedPacerOptions,
  ) {
    if (!(options.requestsPerMinute > 0)) throw new Error('requestsPerMinute must be positive');
    this.interval = 60_000 / options.requestsPerMinute;
    this.leaseSlots = Math.max(1, Math.min(10, Math.ceil((options.leaseMs ?? 1000) / this.interval)));
    this.graceMs = options.graceMs ?? 1000;
  }

  acquire(accountId: string): Promise<void> {
    // One acquisition at a time per account within this instance keeps slots in order.
    const previous = this.queues.get(accountId) ?? Promise.resolve();
    const next = previous.then(() => this.takeSlot(accountId));
    const settled = next.catch(() => undefined);
    this.queues.set(accountId, settled);
    // Forget accounts that went quiet, so a long-running process does not keep one entry per account.
    void settled.then(() => {
      if (this.queues.get(accountId) === settled) this.queues.delete(accountId);
    });
    return next;
  }

  async backOff(accountId: string, untilMs: number): Promise<void> {
    this.reserved.delete(accountId);
    for (let attempt = 0; attempt < 10; attempt++) {
      const current = await this.store.read(accountId);
      if (current.nextSlotAt >= untilMs) return;
      if (await this.store.write(accountId, untilMs, current.version)) return;
    }
  }

  private async takeSlot(accountId: string): Promise<void> {
    const clock = this.options.clock;
    let slots = (this.reserved.get(accountId) ?? []).filter((slot) => slot >= clock.now() - this.graceMs);
    if (slots.length === 0) slots = await this.reserve(accountId);
    const [slot, ...rest] = slots as [number, ...number[]];
    if (rest.length > 0) this.reserved.set(accountId, rest);
    else this.reserved.delete(accountId);
    const wait = slot - clock.now();
    if (wait > 0) await clock.sleep(wait);
  }

  private async reserve(accountId: string): Promise<number[]> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const current = await this.store.read(accountId);
      const start = Math.max(current.nextSlotAt, this.options.clock.now());
      const slots = Array.from({ length: this.leaseSlots }, (_, i) => start + i * this.interval);
      if (await this.store.write(accountId, start + this.leaseSlots * this.interval, current.version))
        return slots;
    }
    throw new Error(`could not reserve a request slot for account ${accountId}: schedule contended`);
  }
}
