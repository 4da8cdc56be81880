// When a linked account pauses (help 8184193, merge-api.md §5 "Paused"): "The Linked Account has not
// had an inbound API request for over 2 weeks, or has been failing syncs for over 2 weeks". Only a
// relink or a force resync brings it back (merge-api.md §12 "Unpausing"). Times are ms on the
// simulator's clock, so tests move through two weeks by advancing it.

export const TWO_WEEKS_MS = 14 * 86_400_000;

export class AccountActivity {
  lastInboundMs: number;
  /** Start of the current run of FAILED syncs, or null. */
  failingSinceMs: number | null = null;
  pausedAtMs: number | null = null;

  constructor(
    nowMs: number,
    private readonly pauseAfterMs: number | null,
  ) {
    this.lastInboundMs = nowMs;
  }

  get paused(): boolean {
    return this.pausedAtMs !== null;
  }

  /** An API request carrying the account's token. */
  inbound(nowMs: number): void {
    this.lastInboundMs = Math.max(this.lastInboundMs, nowMs);
  }

  syncFinished(result: string, atMs: number): void {
    if (result === 'FAILED') this.failingSinceMs ??= atMs;
    else this.failingSinceMs = null;
  }

  /** When the account pauses given these facts, or null if it never does. */
  dueAt(failingSinceMs: number | null): number | null {
    if (this.pauseAfterMs === null) return null;
    const idle = this.lastInboundMs + this.pauseAfterMs;
    return failingSinceMs === null ? idle : Math.min(idle, failingSinceMs + this.pauseAfterMs);
  }

  /** A relink or a force resync: the account is active again. */
  resume(nowMs: number): void {
    this.pausedAtMs = null;
    this.failingSinceMs = null;
    this.lastInboundMs = Math.max(this.lastInboundMs, nowMs);
  }
}
