// Merge limits requests per linked account, as identified by the account token: 100, 400 or 600 per
// minute by plan (reference section 8). A sliding 60 s window on the simulator's clock. Only requests
// that were let through occupy the window, so Retry-After is exactly when the oldest of them leaves it.

export const RATE_WINDOW_MS = 60_000;

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class SlidingWindowLimiter {
  private readonly windows = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly now: () => number,
  ) {}

  tryAcquire(key: string): RateDecision {
    const now = this.now();
    let times = this.windows.get(key);
    if (!times) {
      times = [];
      this.windows.set(key, times);
    }
    // Drop requests that left the window [now - 60 s, now].
    let drop = 0;
    while (drop < times.length && now - (times[drop] ?? now) >= RATE_WINDOW_MS) drop++;
    if (drop > 0) times.splice(0, drop);
    if (times.length < this.limit) {
      times.push(now);
      return { allowed: true };
    }
    const oldest = times[0] ?? now;
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((oldest + RATE_WINDOW_MS - now) / 1000)),
    };
  }
}
