import { Prng } from './lib/prng';
import type { WriteFault } from './scenario-types';

/** A write the run had accepted through the API: what the checker holds it to. */
export interface AcceptedWrite {
  accountId: string;
  writeId: string;
  modelId: string;
  operation: 'create' | 'update';
  /** The Merge record an update changes. */
  recordId: string | null;
  fault: WriteFault;
  /** Lacks a field `meta` requires: must fail without a request to Merge. */
  lacksRequiredField: boolean;
}

/** What a run's writes steps did, in figures for the report. */
export interface WriteFigures {
  accepted: number;
  requestedOnTheBus: number;
  resubmitted: number;
  succeeded: number;
  failed: number;
  appliedAtMerge: number;
}

export const emptyWriteFigures = (): WriteFigures => ({
  accepted: 0,
  requestedOnTheBus: 0,
  resubmitted: 0,
  succeeded: 0,
  failed: 0,
  appliedAtMerge: 0,
});

/**
 * The writes of one run: those accepted through the API (in acceptance order), the Write Requested
 * events put on the bus per account (their writes are found by the checker), and the figures.
 */
export class WriteBook {
  readonly accepted: AcceptedWrite[] = [];
  readonly busRequests = new Map<string, { count: number; lacksRequiredField: number }>();
  readonly figures = emptyWriteFigures();
  /** The writes steps' own choices, so the rest of a seed's run draws what it always drew. */
  readonly rng: Prng;

  constructor(seed: number) {
    this.rng = new Prng(seed ^ 0x3717e);
  }

  accept(write: AcceptedWrite): void {
    this.accepted.push(write);
    this.figures.accepted++;
  }

  requestedOnTheBus(accountId: string, lacksRequiredField: boolean): void {
    const entry = this.busRequests.get(accountId) ?? { count: 0, lacksRequiredField: 0 };
    entry.count++;
    if (lacksRequiredField) entry.lacksRequiredField++;
    this.busRequests.set(accountId, entry);
    this.figures.requestedOnTheBus++;
  }

  /** Accounts the run wrote to, through the API or the bus. */
  accountIds(): string[] {
    return [...new Set([...this.accepted.map((w) => w.accountId), ...this.busRequests.keys()])];
  }
}
