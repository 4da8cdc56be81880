import type { MergeSimulator } from '../../infra/local/merge-simulator';
import type { Fault } from '../../infra/local/merge-simulator/types';
import type { RunLedger } from './ledger';
import type { Prng } from './lib/prng';
import type { SimFaultKind } from './fault-kinds';

interface InjectedFault {
  kind: SimFaultKind;
  accountId: string;
  pathIncludes: string | null;
  family: Fault['kind'];
  remaining: number;
}

/** The simulator fault for a fault kind, for one account (and one path, if given). */
export function simulatorFault(
  kind: SimFaultKind,
  match: { accountId: string; pathIncludes?: string },
  times: number,
  rng: Prng,
): Fault {
  switch (kind) {
    case 'http429-retry-after-seconds':
      return { kind: 'http429', retryAfter: 'seconds', retryAfterSeconds: rng.int(1, 2), times, match };
    case 'http429-retry-after-date':
      return { kind: 'http429', retryAfter: 'http-date', retryAfterSeconds: 2, times, match };
    case 'http429-no-retry-after':
      return { kind: 'http429', retryAfter: 'none', times, match };
    case 'http500':
      return { kind: 'http5xx', status: 500, times, match };
    case 'http502':
      return { kind: 'http5xx', status: 502, times, match };
    case 'http503':
      return { kind: 'http5xx', status: 503, times, match };
    case 'timeout':
      return { kind: 'timeout', times, match };
    case 'connection-reset':
      return { kind: 'reset', times, match };
    case 'slow-page':
      return { kind: 'slow', delayMs: rng.int(200, 1500), times, match };
    case 'slow-page-long':
      // Merge's slow third parties, scaled as the chaos world's client timeout is (a 25-40 s page
      // against the SDK's 60 s): an answer, not a failure.
      return { kind: 'slow', delayMs: rng.int(4_000, 6_000), times, match };
    case 'malformed-page':
      return { kind: 'malformed', times, match };
  }
}

/**
 * The faults a run injected into the simulator, by kind, and the attribution of the faults its
 * requests took back to them (a fault kind is hit once per request that took it).
 */
export class SimFaultBook {
  private readonly injected: InjectedFault[] = [];

  constructor(
    private readonly sim: MergeSimulator,
    private readonly ledger: RunLedger,
  ) {}

  inject(kind: SimFaultKind, fault: Fault): void {
    const times = fault.times ?? 1;
    this.sim.injectFault(fault);
    this.injected.push({
      kind,
      accountId: fault.match?.accountId ?? '',
      pathIncludes: fault.match?.pathIncludes ?? null,
      family: fault.kind,
      remaining: times,
    });
    this.ledger.faults[kind].injected += times;
  }

  /** Credits each simulator fault a request took to the fault injected for it (FIFO, as the simulator takes them). */
  attribute(): void {
    for (const entry of this.sim.requests) {
      if (!entry.fault) continue;
      const url = `${entry.path}?${new URLSearchParams(
        Object.entries(entry.query).flatMap(([k, v]): [string, string][] =>
          Array.isArray(v) ? v.map((x): [string, string] => [k, x]) : [[k, v]],
        ),
      ).toString()}`;
      const fault = this.injected.find(
        (f) =>
          f.remaining > 0 &&
          f.family === entry.fault &&
          f.accountId === entry.accountId &&
          (f.pathIncludes === null || url.includes(f.pathIncludes)),
      );
      if (!fault) continue;
      fault.remaining--;
      if (
        fault.kind === 'slow-page-long' &&
        entry.status !== 200 &&
        entry.status !== 429 &&
        entry.status < 500
      ) {
        // A slow page inside the client's timeout is an answer: the client must not give it up.
        this.ledger.mismatch(
          'decisions',
          `a slow page (${entry.path}) was given up (status ${entry.status})`,
        );
        continue;
      }
      this.ledger.faults[fault.kind].hit++;
    }
  }
}
