import type { Fault } from './types';

// Scripted failures. Each request takes, in injection order, every matching `slow` fault (delays add up)
// and at most one terminal fault (429, 5xx, timeout, reset, malformed), decrementing their `times`.
// A slow answer takes up to 60 s: Merge's own SDK waits that long, and slow third parties make slow
// pages (merge-api.md §12 "Timeouts").

export const MAX_SLOW_MS = 60_000;

export interface FaultTarget {
  accountId: string | null;
  /** Path and query string as the client sent them. */
  url: string;
}

interface ActiveFault {
  fault: Fault;
  remaining: number;
}

export interface FaultPlan {
  delayMs: number;
  terminal: Exclude<Fault, { kind: 'slow' }> | null;
  sawSlow: boolean;
}

export class FaultQueue {
  private active: ActiveFault[] = [];

  inject(fault: Fault): void {
    const times = fault.times ?? 1;
    if (!(times > 0)) throw new Error('fault.times must be positive');
    if (fault.kind === 'slow' && !(fault.delayMs >= 0 && fault.delayMs <= MAX_SLOW_MS)) {
      throw new Error(`a slow fault waits 0 to ${MAX_SLOW_MS} ms`);
    }
    this.active.push({ fault, remaining: times });
  }

  clear(): void {
    this.active = [];
  }

  take(target: FaultTarget): FaultPlan {
    const plan: FaultPlan = { delayMs: 0, terminal: null, sawSlow: false };
    for (const a of this.active) {
      if (!matches(a.fault, target)) continue;
      if (a.fault.kind === 'slow') {
        plan.delayMs += a.fault.delayMs;
        plan.sawSlow = true;
      } else if (plan.terminal === null) {
        plan.terminal = a.fault;
      } else {
        continue;
      }
      a.remaining -= 1;
    }
    this.active = this.active.filter((a) => a.remaining > 0);
    return plan;
  }
}

function matches(fault: Fault, target: FaultTarget): boolean {
  const m = fault.match;
  if (!m) return true;
  if (m.accountId !== undefined && m.accountId !== target.accountId) return false;
  if (m.pathIncludes !== undefined && !target.url.includes(m.pathIncludes)) return false;
  return true;
}
