/** What a run counts as wrong. Every figure must be 0. */
export interface Mismatches {
  /** In Merge's data (tombstones included) but not stored. */
  missing: number;
  /** Stored, but not Merge's latest version. */
  stale: number;
  /** Deleted at Merge, live in the store. */
  resurrected: number;
  /** Stored, but not in Merge's data. */
  extra: number;
  /** Stored under one account but belonging to another (tenant isolation). */
  foreign: number;
  /** Records, sync states or a token left behind by a deleted account. */
  deletedAccountLeftovers: number;
  /** Invariant 4 broken: a cursor that moved back, moved without a completed fetch, or ran ahead. */
  cursor: number;
  /** Dead-letter messages the run did not poison on purpose. */
  dlqUnexpected: number;
  /** Messages the run poisoned that did not reach a dead-letter queue. */
  dlqMissing: number;
  /** Log lines or HTTP answers containing a key or an account token. */
  secretLeaks: number;
  /** Read API answers or Merge requests crossing accounts. */
  tenant: number;
  /** Accepted (2xx) webhooks never processed. */
  unprocessedWebhooks: number;
  /** Merge requests for a deleted account after it was purged. */
  postDeleteRequests: number;
  /** Records rewritten by a fetch of unchanged data (invariant 9). */
  wastedWrites: number;
  /** Differences found by a second comparison after an idle pass. */
  idleDrift: number;
  /** Stored records whose latest version never reached the change-event bus. */
  eventsMissing: number;
  /** Record change events emitted by the idle pass (nothing changed upstream: invariant 9). */
  wastedEvents: number;
  /** 5xx answers of the receiver (the enqueue never fails in these runs). */
  receiver5xx: number;
  /** A cursor-free invariant the run checks along the way (e.g. a FAILED sync not recorded). */
  decisions: number;
  /** Accepted writes missing, never finished, or succeeded without reaching Merge. */
  writesLost: number;
  /** A write Merge applied twice (or without a write to explain it); a resubmission given another id. */
  writesDuplicated: number;
  /**
   * A write's outcome the run cannot explain: failed without a reason or when nothing stopped it,
   * succeeded without its record at Merge, updates of a record applied out of order, a refused write.
   */
  writesUnexplained: number;
  /** The harness itself failed (a step threw, the queues never settled): a failed run. */
  harness: number;
}

export const emptyMismatches = (): Mismatches => ({
  missing: 0,
  stale: 0,
  resurrected: 0,
  extra: 0,
  foreign: 0,
  deletedAccountLeftovers: 0,
  cursor: 0,
  dlqUnexpected: 0,
  dlqMissing: 0,
  secretLeaks: 0,
  tenant: 0,
  unprocessedWebhooks: 0,
  postDeleteRequests: 0,
  wastedWrites: 0,
  idleDrift: 0,
  eventsMissing: 0,
  wastedEvents: 0,
  receiver5xx: 0,
  decisions: 0,
  writesLost: 0,
  writesDuplicated: 0,
  writesUnexplained: 0,
  harness: 0,
});

export const totalMismatches = (m: Mismatches): number => Object.values(m).reduce((a, b) => a + b, 0);

/** Where a check counts what it finds wrong, with a line saying what (the run ledger, or scratch). */
export interface MismatchSink {
  readonly mismatches: Mismatches;
  note(line: string): void;
}

/** A sink whose lines are dropped: for a comparison whose count alone matters. */
export const scratchSink = (): MismatchSink => ({ mismatches: emptyMismatches(), note: () => undefined });

/** An account as the checks see it. */
export interface CheckedAccount {
  id: string;
  category: string;
  deleted: boolean;
  /** The models the account syncs (its overrides); absent: every configured model of its category. */
  models?: readonly string[];
  /** Records Merge served that cannot be stored as they are (checks/bad-records.ts). */
  badRecords?: readonly InjectedBadRecord[];
}

/**
 * A record the run made Merge serve that the engine cannot store as it is, and what the engine
 * promises for it (docs/configuration.md): `deep`, stored without the field nested too deep and
 * naming it dropped (`expected` is the stored data it promises); `not-a-model`, nothing stored and
 * a `not-a-record` entry in the model's sync state.
 */
export type InjectedBadRecord =
  | { kind: 'deep'; model: string; id: string; field: string; expected: Record<string, unknown> }
  | { kind: 'not-a-model'; model: string; id: string; body: string };
