/** Merge categories this product syncs; path segment of `/api/{category}/v1/...`. */
export const CATEGORIES = ['hris', 'ats', 'crm', 'accounting', 'ticketing', 'filestorage'] as const;
export type Category = (typeof CATEGORIES)[number];

export const isCategory = (value: unknown): value is Category =>
  typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);

/**
 * A category path segment as Merge spells them: ours, and the ones we do not sync (knowledgebase,
 * chat, mktg, and any Merge adds), whose accounts' tokens are still checked (account-details).
 */
export const isMergeCategory = (value: unknown): value is string =>
  typeof value === 'string' && /^[a-z][a-z0-9]{1,31}$/.test(value);

/** Who a request is made for: Merge meters and authorizes per linked account token. */
export interface AccountContext {
  accountId: string;
  accountToken: string;
  /** A Category for data; account endpoints accept any Merge category (isMergeCategory). */
  category: string;
}

/**
 * One page of a Merge list endpoint. `next` is the cursor to send for the following page (read out of a
 * URL-shaped `next`, see next-cursor.ts), null on the last page.
 */
export interface MergePage {
  results: unknown[];
  next: string | null;
}

/** Limits a caller puts on one call, from its own time budget. */
export interface CallLimits {
  /**
   * Epoch ms (on the client's clock) by which the caller must be done, e.g. its Lambda deadline minus
   * its own bookkeeping. No attempt starts that could not finish (its full timeout) before it: the call
   * fails with a retryable DeadlineTooCloseError instead of being cut off mid-request.
   */
  deadlineAtMs?: number;
}

export interface ListOptions extends CallLimits {
  /** ISO-8601; only objects Merge modified after it. */
  modifiedAfter?: string;
  includeDeletedData?: boolean;
  includeRemoteData?: boolean;
  /** `include_sensitive_fields=true` (HRIS: an employee's `ssn`); left out otherwise. */
  includeSensitiveFields?: boolean;
  /** Relation names, sent as ONE comma-separated `expand` value (Merge ignores all but the last repeated one). */
  expand?: readonly string[];
  /** 1..100; the client defaults to 100, Merge's maximum. */
  pageSize?: number;
  /** Resume from this cursor (a checkpoint) instead of the first page. */
  cursor?: string | null;
}

export type MergeMethod = 'GET' | 'POST' | 'PATCH';
export const MERGE_METHODS: readonly MergeMethod[] = ['GET', 'POST', 'PATCH'];

/** A query value; arrays are sent as ONE comma-separated value (Merge keeps only the last repeated one). */
export type QueryValue = string | number | boolean | readonly string[] | null | undefined;

/** Any request below `/{category}/v1/`: what reads, account endpoints and (later) writes are built on. */
export interface MergeRequest extends CallLimits {
  method: MergeMethod;
  /** Below `/{category}/v1/`, e.g. `employees`, `sync-status/resync`, `tickets/{id}`. */
  path: string;
  /** Absent, null and undefined values are left out. */
  query?: Readonly<Record<string, QueryValue>>;
  /** Sent as JSON (`Content-Type: application/json`); not allowed on a GET. */
  body?: unknown;
  /**
   * Merge's (beta) `Idempotency-Key`, remembered by Merge for 24 h. A POST/PATCH that carries one is
   * retried after an ambiguous failure (5xx, timeout, broken connection); one without is not, and
   * fails with OutcomeUnknownError, because Merge may already have applied it.
   */
  idempotencyKey?: string;
  /** Default: `write` for a POST or PATCH, `read` for a GET (a write's `meta` read passes `write`). */
  priority?: RequestPriority;
}

/** A 2xx answer: its status and its parsed JSON body (undefined when the body was empty). */
export interface MergeResponse {
  status: number;
  body: unknown;
}

/**
 * Whose turn a request takes in its account's schedule: a `write` (ours to a customer's system, or
 * what it needs first, such as its `meta`) takes the next slot ahead of reads still waiting for one.
 */
export type RequestPriority = 'read' | 'write';

export interface AcquireOptions {
  /** Do not wait for a slot after this time (epoch ms): answer `{ granted: false }` instead. */
  latestStartMs?: number;
  /** Default `read`. */
  priority?: RequestPriority;
}

/** `granted: false`: the account's next slot is at `slotAtMs`, after the caller's latest start. */
export type AcquireResult = { granted: true } | { granted: false; slotAtMs: number };

/** Spends a linked account's request budget; implemented over the store so concurrent functions share it. */
export interface RequestPacer {
  /**
   * Resolves when one more request for this account may be sent now. Pacers that predate
   * `latestStartMs` resolve with nothing (always granted); the client checks the time itself after.
   */
  acquire(accountId: string, options?: AcquireOptions): Promise<AcquireResult | void>;
  /** Merge said 429: nobody sends for this account before `untilMs`. */
  backOff(accountId: string, untilMs: number): Promise<void>;
}

export const unpacedRequests: RequestPacer = {
  acquire: async () => undefined,
  backOff: async () => undefined,
};
