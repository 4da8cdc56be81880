/**
 * Failures of the general request path (writes, deadlines, account endpoints), next to the read errors
 * in errors.ts. The same rule holds: messages are built from method, path, status and a redacted body
 * snippet only, never a header, the API key or an account token.
 */
import { MergeClientError, MergeHttpError } from './errors';
import type { MergeRequestTarget } from './errors';

/**
 * A POST or PATCH without an Idempotency-Key failed in a way that does not say whether Merge applied it
 * (5xx, 408, a timeout, a connection broken after sending). It was not repeated, since a repeat could
 * apply it twice (or spend a second sync credit). The caller checks Merge's state before trying again,
 * or retries with an Idempotency-Key. `lastError` (also the `cause`) says how the attempt failed.
 */
export class OutcomeUnknownError extends MergeClientError {
  override readonly name = 'OutcomeUnknownError';
  readonly kind = 'outcome-unknown';
  readonly lastError: MergeClientError;
  /** HTTP status of the attempt, when it got one. */
  readonly status: number | undefined;

  constructor(target: MergeRequestTarget, lastError: MergeClientError) {
    super(
      `Merge ${target.method} ${target.path}: outcome unknown, Merge may have applied it; not repeated ` +
        `without an Idempotency-Key (${lastError.message})`,
      target,
      { cause: lastError },
    );
    this.lastError = lastError;
    this.status =
      'status' in lastError && typeof lastError.status === 'number' ? lastError.status : undefined;
  }
}

/**
 * Not sent: the next attempt could not finish (its full timeout) before the caller's `deadlineAtMs`.
 * Retryable: the caller hands the work to a later invocation, from `retryAtMs` on. When an earlier
 * attempt of the same call failed, `lastError` says how; after an ambiguous write failure the retry must
 * reuse the same Idempotency-Key.
 */
export class DeadlineTooCloseError extends MergeClientError {
  override readonly name = 'DeadlineTooCloseError';
  readonly kind = 'deadline';
  readonly deadlineAtMs: number;
  readonly retryAtMs: number;
  /** Attempts already sent by this call. */
  readonly attemptsSent: number;
  readonly lastError: MergeClientError | undefined;

  constructor(
    target: MergeRequestTarget,
    details: { deadlineAtMs: number; retryAtMs: number; attemptsSent: number; lastError?: MergeClientError },
  ) {
    super(
      `Merge ${target.method} ${target.path} not sent: an attempt could not finish before the caller's ` +
        `deadline ${new Date(details.deadlineAtMs).toISOString()}`,
      target,
      details.lastError ? { cause: details.lastError } : undefined,
    );
    this.deadlineAtMs = details.deadlineAtMs;
    this.retryAtMs = details.retryAtMs;
    this.attemptsSent = details.attemptsSent;
    this.lastError = details.lastError;
  }
}

/**
 * Merge refused `POST /sync-status/resync`. Force resync through the API is plan-gated (Professional or
 * Enterprise with monthly, quarterly or highest sync frequency) and only for production accounts
 * (reference section 5); Merge's own reason is in `bodySnippet`. Still a MergeHttpError, never a
 * MergeAuthError: a refused resync says nothing about the account's token.
 */
export class ForceResyncRefusedError extends MergeHttpError {
  override readonly name = 'ForceResyncRefusedError';

  constructor(target: MergeRequestTarget, status: number, bodySnippet: string) {
    super(target, status, bodySnippet);
    const generic = this.message;
    this.message =
      `Merge refused the force resync (${target.method} ${target.path} answered ${status}): ` +
      `${bodySnippet || 'no reason given'}. Force resync via the API needs a Professional or Enterprise ` +
      `plan with monthly, quarterly or highest sync frequency, and a production linked account.`;
    // The stack's first line was written with the generic message.
    this.stack = this.stack?.replace(generic, this.message);
  }
}
