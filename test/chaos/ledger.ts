import type { MergeSimulator } from '../../infra/local/merge-simulator';
import { emptyMismatches, totalMismatches, type MismatchSink, type Mismatches } from './checks/mismatches';
import type { RecordFigures } from './checks/store';
import { emptyFaults, type RunResult, type WebhookFigures } from './run-result';
import type { FaultKind } from './fault-kinds';

/** A message poisoned on purpose: the dead-letter queue it must reach, and how to recognize it. */
export interface PoisonExpectation {
  queue: 'eventsDlq' | 'jobsDlq';
  marker: string;
}

/** Lines of detail a run keeps: enough to diagnose, bounded for the report. */
const MAX_DETAILS = 40;

/**
 * The bookkeeping of one chaos run: what it sent (webhooks, faults injected), what it expects
 * (webhooks accepted, poisoned messages), what it observed (faults hit, HTTP answers) and what it
 * found wrong (mismatches, by kind and by check, with lines of detail).
 */
export class RunLedger implements MismatchSink {
  readonly faults = emptyFaults();
  readonly mismatches = emptyMismatches();
  readonly details: string[] = [];
  readonly webhooks: WebhookFigures = {
    sent: 0,
    accepted: 0,
    acceptedDistinct: 0,
    processed: 0,
    rejectedTooLarge: 0,
    lost: 0,
  };
  /** HTTP answers the run received: searched for secrets at the end. */
  readonly answers: string[] = [];
  /** Signatures of the webhooks the receiver accepted, each with what it was (for a report line). */
  readonly accepted = new Map<string, string>();
  readonly poison: PoisonExpectation[] = [];
  /** Names of the checks that found a mismatch. */
  readonly failedChecks = new Set<string>();
  /** Record events published after a newer version's event (a figure, not a mismatch: BUG-9). */
  eventOrderInversions = 0;
  private check: string | null = null;

  note(line: string): void {
    if (this.details.length < MAX_DETAILS) this.details.push(this.check ? `[${this.check}] ${line}` : line);
  }

  /** Counts a fault kind as injected and (unless told otherwise) hit. */
  count(kind: FaultKind, hit = true, injected = true): void {
    if (injected) this.faults[kind].injected++;
    if (hit) this.faults[kind].hit++;
  }

  mismatch(kind: keyof Mismatches, line?: string, n = 1): void {
    this.mismatches[kind] += n;
    if (line !== undefined) this.note(line);
  }

  accept(signature: string, what = `signature ${signature.slice(0, 8)}…`): void {
    this.accepted.set(signature, what);
  }

  total(): number {
    return totalMismatches(this.mismatches);
  }

  ok(): boolean {
    return this.total() === 0;
  }

  /**
   * Runs one named check: the lines it notes carry its name, and the run's result lists it if it
   * found a mismatch.
   */
  async runCheck<T>(name: string, check: () => Promise<T>): Promise<T> {
    const before = this.total();
    const outer = this.check;
    this.check = name;
    try {
      return await check();
    } finally {
      this.check = outer;
      if (this.total() > before) this.failedChecks.add(name);
    }
  }

  /** The run's result: this ledger, the run's own counts and what Merge's simulator saw. */
  result(
    sim: MergeSimulator,
    run: {
      seed: number;
      mode: RunResult['mode'];
      featured: FaultKind;
      started: number;
      accountIds: readonly string[];
      deletedAccounts: number;
      steps: number;
      records: RecordFigures;
      logLines: number;
      eventOrderInversions?: number;
    },
  ): RunResult {
    const requests = sim.requests;
    return {
      seed: run.seed,
      mode: run.mode,
      featured: run.featured,
      ok: this.ok(),
      durationMs: Date.now() - run.started,
      accounts: run.accountIds.length,
      deletedAccounts: run.deletedAccounts,
      steps: run.steps,
      faults: this.faults,
      records: run.records,
      mismatches: this.mismatches,
      webhooks: this.webhooks,
      merge: {
        requests: requests.length,
        failures: requests.filter((r) => r.status === 0 || (r.status >= 400 && r.status !== 429)).length,
        peakFailuresIn10s: sim.maxFailuresInWindow(),
        peakRequestsPerMinute: Math.max(0, ...run.accountIds.map((id) => sim.maxRequestsInWindow(id))),
      },
      logLines: run.logLines,
      ...(run.eventOrderInversions !== undefined ? { eventOrderInversions: run.eventOrderInversions } : {}),
      ...(this.failedChecks.size > 0 ? { failedChecks: [...this.failedChecks] } : {}),
      details: this.details,
    };
  }
}
