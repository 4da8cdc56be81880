/**
 * Typed failures of the Merge client.
 *
 * Every message is built here from values the client chose to expose (method, path, status, a redacted body
 * snippet); no request header, API key or account token is ever part of a message, a field or a `cause`.
 */

/**
 * Where a failed request was going; `path` is relative to the base URL and includes the query.
 * `accountId` is empty for organization-wide requests (API key only, e.g. linked-accounts).
 */
export interface MergeRequestTarget {
  method: string;
  path: string;
  accountId: string;
}

export type MergeErrorKind =
  | 'invalid-request'
  | 'http'
  | 'auth'
  | 'rate-limited'
  | 'failure-burst'
  | 'timeout'
  | 'network'
  | 'malformed'
  | 'retries-exhausted'
  // request-errors.ts
  | 'outcome-unknown'
  | 'deadline';

export abstract class MergeClientError extends Error {
  abstract readonly kind: MergeErrorKind;
  readonly method: string;
  readonly path: string;
  readonly accountId: string;

  protected constructor(message: string, target: MergeRequestTarget, options?: { cause?: MergeClientError }) {
    super(message, options);
    this.method = target.method;
    this.path = target.path;
    this.accountId = target.accountId;
  }
}

/** The request could not be built (bad model path, a token that is not a valid header value); nothing was sent. */
export class InvalidMergeRequestError extends MergeClientError {
  override readonly name = 'InvalidMergeRequestError';
  readonly kind = 'invalid-request';

  constructor(target: MergeRequestTarget, reason: string) {
    super(`Merge ${target.method} ${target.path} not sent: ${reason}`, target);
  }
}

/** Merge answered with a status this client does not retry (4xx other than 408/429, or a redirect). */
export class MergeHttpError extends MergeClientError {
  override readonly name: string = 'MergeHttpError';
  readonly kind: MergeErrorKind = 'http';
  readonly status: number;
  /** Start of the response body, with any secret redacted; Merge puts its reason here (`detail`, `errors`). */
  readonly bodySnippet: string;
  /**
   * The whole body parsed as JSON (secrets redacted), when it is JSON of a sensible size: a write's
   * caller reads Merge's `errors` list from it. Never part of the message.
   */
  readonly responseBody: unknown;

  constructor(target: MergeRequestTarget, status: number, bodySnippet: string, responseBody?: unknown) {
    const detail = bodySnippet ? `: ${bodySnippet}` : '';
    super(`Merge ${target.method} ${target.path} answered ${status}${detail}`, target);
    this.status = status;
    this.bodySnippet = bodySnippet;
    this.responseBody = responseBody;
  }
}

/** 401/403: the API key or the linked account's token is not accepted; callers mark the account, not retry. */
export class MergeAuthError extends MergeHttpError {
  override readonly name = 'MergeAuthError';
  override readonly kind = 'auth';
}

/**
 * Merge asked us to wait (Retry-After / X-RateLimit-Reset) longer than the client is willing to sleep, or
 * it rate-limited the last allowed attempt. The caller checkpoints and comes back at `retryAtMs`.
 */
export class RateLimitedError extends MergeClientError {
  override readonly name = 'RateLimitedError';
  readonly kind = 'rate-limited';
  readonly status: number;
  readonly retryAtMs: number;
  readonly waitMs: number;

  constructor(target: MergeRequestTarget, status: number, retryAtMs: number, waitMs: number) {
    super(
      `Merge ${target.method} ${target.path} answered ${status}; retry after ${new Date(retryAtMs).toISOString()}`,
      target,
    );
    this.status = status;
    this.retryAtMs = retryAtMs;
    this.waitMs = waitMs;
  }
}

/**
 * Not sent: this process saw too many failing requests recently, and Merge blocks an IP after 20 failures in
 * a rolling 10 s (reference section 8, "Global limit"). Come back at `retryAtMs`.
 */
export class FailureBurstError extends MergeClientError {
  override readonly name = 'FailureBurstError';
  readonly kind = 'failure-burst';
  readonly retryAtMs: number;
  readonly failuresInWindow: number;

  constructor(target: MergeRequestTarget, retryAtMs: number, failuresInWindow: number) {
    super(
      `Merge ${target.method} ${target.path} not sent: ${failuresInWindow} failing requests in the burst window; ` +
        `retry after ${new Date(retryAtMs).toISOString()}`,
      target,
    );
    this.retryAtMs = retryAtMs;
    this.failuresInWindow = failuresInWindow;
  }
}

export class MergeTimeoutError extends MergeClientError {
  override readonly name = 'MergeTimeoutError';
  readonly kind = 'timeout';
  readonly timeoutMs: number;

  constructor(target: MergeRequestTarget, timeoutMs: number) {
    super(`Merge ${target.method} ${target.path} timed out after ${timeoutMs} ms`, target);
    this.timeoutMs = timeoutMs;
  }
}

/** The connection failed or broke mid-response (ECONNRESET, socket hang up, DNS...). */
export class MergeNetworkError extends MergeClientError {
  override readonly name = 'MergeNetworkError';
  readonly kind = 'network';
  /** Node/undici error code such as ECONNRESET or UND_ERR_SOCKET, when there is one. */
  readonly code: string | undefined;

  constructor(target: MergeRequestTarget, code: string | undefined, description: string) {
    super(`Merge ${target.method} ${target.path} network error: ${description}`, target);
    this.code = code;
  }
}

/** A success status whose body is not a JSON page (truncated, HTML from a proxy, wrong shape). */
export class MalformedResponseError extends MergeClientError {
  override readonly name = 'MalformedResponseError';
  readonly kind = 'malformed';
  readonly status: number;
  readonly reason: string;

  constructor(target: MergeRequestTarget, status: number, reason: string) {
    super(
      `Merge ${target.method} ${target.path} answered ${status} with a malformed body: ${reason}`,
      target,
    );
    this.status = status;
    this.reason = reason;
  }
}

/** Every allowed attempt failed in a retryable way; `lastError` (also the `cause`) says how the last one did. */
export class RetriesExhaustedError extends MergeClientError {
  override readonly name = 'RetriesExhaustedError';
  readonly kind = 'retries-exhausted';
  readonly attempts: number;
  readonly lastError: MergeClientError;
  /** HTTP status of the last attempt, if it got one. */
  readonly status: number | undefined;
  /** Set when the last attempt was rate limited: the earliest time worth trying again. */
  readonly retryAtMs: number | undefined;

  constructor(target: MergeRequestTarget, attempts: number, lastError: MergeClientError) {
    super(
      `Merge ${target.method} ${target.path} failed after ${attempts} attempts: ${lastError.message}`,
      target,
      {
        cause: lastError,
      },
    );
    this.attempts = attempts;
    this.lastError = lastError;
    this.status =
      'status' in lastError && typeof lastError.status === 'number' ? lastError.status : undefined;
    this.retryAtMs = lastError instanceof RateLimitedError ? lastError.retryAtMs : undefined;
  }
}
