/**
 * Writes back to Merge as every layer speaks of them: a create or update of a customer's record,
 * accepted by us, sent to Merge once (one Idempotency-Key for every attempt), and finished.
 */

export type WriteOperation = 'create' | 'update';
export const WRITE_OPERATIONS: readonly WriteOperation[] = ['create', 'update'];

/**
 * queued: accepted, not yet sent. sending: handed to Merge at least once (Merge may have applied
 * it; every further attempt carries the same key). succeeded / failed: final.
 */
export type WriteStatus = 'queued' | 'sending' | 'succeeded' | 'failed';
export const WRITE_STATUSES: readonly WriteStatus[] = ['queued', 'sending', 'succeeded', 'failed'];

/** One of Merge's `warnings` or `errors` (merge-common-models §3.0), as Merge spells it. */
export interface MergeProblem {
  title: string;
  detail: string;
  problem_type: string;
  source?: { pointer?: string };
}

export type WriteErrorCode =
  /** `meta` says the account requires fields the write does not have: not sent. */
  | 'missing_required_fields'
  /** `meta` says no request can be made for the account now: not sent. */
  | 'cannot_make_request'
  /** Merge refused it (400, 403, 404, 422 ...); `merge.errors` says why. Never retried. */
  | 'merge_rejected'
  /** Merge refused the account's token (401): the account needs a relink. */
  | 'relink_needed'
  /** The account was deleted while the write waited. */
  | 'account_deleted'
  /** Every allowed attempt failed in a retryable way (429s, 5xx, timeouts): dead-lettered, redrivable. */
  | 'gave_up'
  /** A create first sent longer ago than Merge keeps its key: it may have been applied; not sent again. */
  | 'outcome_unknown'
  /** A Write Requested event that is not a valid write. */
  | 'invalid_request';

export interface WriteError {
  code: WriteErrorCode;
  /** What happened, for a person; never the write's data. */
  message: string;
  /** The fields a `missing_required_fields` failure names. */
  fields?: string[];
}

/** Merge's 2xx answer, kept until the returned record is in our table (a crash in between resends nothing). */
export interface WriteAnswer {
  status: number;
  /** The record in read shape, or null when Merge returned none. */
  model: Record<string, unknown> | null;
}

/** A write as we keep it (one item per write). */
export interface WriteRecord {
  writeId: string;
  accountId: string;
  modelId: string;
  operation: WriteOperation;
  /** The record written: the target of an update, the created record's id once Merge answers. */
  recordId: string | null;
  /** The Merge fields to send; dropped once Merge answered (personal data is kept no longer than needed). */
  data?: Record<string, unknown>;
  /** ATS writes: the Merge id of the user the write is made as. */
  remoteUserId?: string;
  /** Size of `data` as JSON, for logs (a write's body is never logged). */
  dataBytes: number;
  /** Fingerprint of the request, so the same idempotency key with another body is told apart. */
  requestHash: string;
  /** For an update: its place among the writes to the same record (they are sent in this order). */
  orderSeq?: number;
  status: WriteStatus;
  /** Times the write was handed to Merge's client (each may include the client's own quick retries). */
  attempts: number;
  /** When it was first handed to Merge's client: Merge keeps the idempotency key 24 h from about then. */
  firstSentAt?: string;
  /** Attempts since the write was last (re)started: bounded; a redrive starts again from zero. */
  roundAttempts: number;
  merge: { warnings: MergeProblem[]; errors: MergeProblem[] };
  error: WriteError | null;
  answer?: WriteAnswer;
  /** A writer instance owns the write until then (epoch ms). */
  leaseUntil?: number;
  /** When the write is tried again after a retryable failure. */
  nextAttemptAt?: string;
  /** The write's message is on the writes queue. */
  enqueuedAt?: string;
  source: 'api' | 'event';
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
}

export const isFinished = (write: Pick<WriteRecord, 'status'>): boolean =>
  write.status === 'succeeded' || write.status === 'failed';
