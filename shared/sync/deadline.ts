/** Stop while this much time is left at the least (a checkpoint write and a hand-over fit in it). */
export const SAFETY_MARGIN_MS = 10_000;

/**
 * When work must stop: at the next checkpoint before the Lambda time runs out. Built from the
 * Lambda context's remaining time; it knows the safety margin, and learns the slowest page so far,
 * since the next page may take as long (three times as long is kept in hand).
 */
export class Deadline {
  private slowestPageMs = 0;

  constructor(
    private readonly remaining: () => number,
    readonly safetyMarginMs: number = SAFETY_MARGIN_MS,
  ) {}

  /** The invocation's deadline, from its Lambda context. */
  static of(context: { getRemainingTimeInMillis(): number }): Deadline {
    return new Deadline(() => context.getRemainingTimeInMillis());
  }

  /** No deadline: work runs to its end (an operator's purge on the terminal). */
  static none(): Deadline {
    return new Deadline(() => Number.POSITIVE_INFINITY);
  }

  /** Time left before the invocation must have returned. */
  remainingMs(): number {
    return this.remaining();
  }

  /**
   * The Merge client's `deadlineAtMs` (epoch ms on `nowMs`'s clock): the time left less the safety
   * margin, so no request starts that could not end (its full timeout) with time to checkpoint and
   * hand over. Undefined without a deadline.
   */
  mergeDeadlineAtMs(nowMs: number): number | undefined {
    const remaining = this.remaining();
    return Number.isFinite(remaining) ? nowMs + remaining - this.safetyMarginMs : undefined;
  }

  /** A page (its request, its writes and its checkpoint) took this long. */
  pageTook(ms: number): void {
    this.slowestPageMs = Math.max(this.slowestPageMs, ms);
  }

  /** True when the next step might not end in time: stop at this checkpoint and hand over. */
  isNear(): boolean {
    return Math.max(this.safetyMarginMs, 3 * this.slowestPageMs) > this.remaining();
  }
}
