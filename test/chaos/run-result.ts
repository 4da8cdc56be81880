import type { Mismatches } from './checks/mismatches';
import type { RecordFigures } from './checks/store';
import { ALL_FAULT_KINDS, type FaultKind } from './fault-kinds';

export interface FaultCount {
  injected: number;
  /** Times the fault actually hit (a simulator fault consumed by a request, a kill that landed...). */
  hit: number;
}

export interface WebhookFigures {
  sent: number;
  accepted: number;
  acceptedDistinct: number;
  processed: number;
  rejectedTooLarge: number;
  lost: number;
}

export interface RunResult {
  seed: number;
  mode: 'in-process' | 'runtime';
  featured: FaultKind;
  ok: boolean;
  durationMs: number;
  accounts: number;
  deletedAccounts: number;
  steps: number;
  faults: Record<FaultKind, FaultCount>;
  records: RecordFigures;
  mismatches: Mismatches;
  webhooks: WebhookFigures;
  merge: { requests: number; failures: number; peakFailuresIn10s: number; peakRequestsPerMinute: number };
  logLines: number;
  /** Record events published after a newer version's event (a figure, not a mismatch: see BUG-9). */
  eventOrderInversions?: number;
  /** The checks that found a mismatch, by name (absent when none did). */
  failedChecks?: string[];
  details: string[];
}

export const emptyFaults = (): Record<FaultKind, FaultCount> =>
  Object.fromEntries(ALL_FAULT_KINDS.map((k) => [k, { injected: 0, hit: 0 }])) as Record<
    FaultKind,
    FaultCount
  >;

export const emptyRecordFigures = (): RecordFigures => ({ compared: 0, truth: 0, stored: 0, truncated: 0 });
