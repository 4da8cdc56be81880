/**
 * Options of the Merge client, their defaults, and their validation at construction (so a bad value fails
 * at cold start, not on the first sync).
 */
import { systemClock } from '../runtime/clock';
import type { Clock } from '../runtime/clock';
import type { MergeClientEventListener } from './events';
import { processFailureGuard } from './failure-burst-guard';
import type { FailureBurstLimit, FailureGuard } from './failure-burst-guard';
import type { RetryConfig } from './retry-policy';
import { unpacedRequests } from './types';
import type { RequestPacer } from './types';

export interface MergeClientOptions {
  /** e.g. https://api.merge.dev/api; resolve it with resolveMergeBaseUrl. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey: string;
  /** Acquired before every attempt, retries included. Default: no pacing. */
  pacer?: RequestPacer;
  clock?: Clock;
  /** For jitter; [0, 1). */
  random?: () => number;
  /**
   * Per attempt, headers and body. Default 60000, what Merge's own SDK waits: a page that takes tens of
   * seconds because the third party behind Merge is slow is an answer, not a failure (reference §12).
   */
  timeoutMs?: number;
  /** First try included. Default 5. */
  maxAttempts?: number;
  /** Default 500. */
  baseDelayMs?: number;
  /** Cap of one backoff. Default 30000. */
  maxDelayMs?: number;
  /** A longer server-requested wait is not slept: RateLimitedError with retryAtMs instead. Default 60000. */
  maxRetryAfterMs?: number;
  /**
   * A 429 without a wait header defers the account this long (a full per-minute window). Default 60000.
   */
  rateLimitWindowMs?: number;
  /** Failing requests allowed in a rolling window. Default { maxFailures: 10, windowMs: 10000 }. */
  failureBurst?: FailureBurstLimit;
  /**
   * Where failures are counted against `failureBurst`. Default: this process only; the runtime passes a
   * SharedFailureGuard so every function instance counts the deployment's failures.
   */
  failureGuard?: FailureGuard;
  fetchImpl?: typeof fetch;
  /** Notifications for metrics and logs; never carries a secret. Exceptions thrown by it are ignored. */
  onEvent?: MergeClientEventListener;
}

export const MERGE_CLIENT_DEFAULTS = {
  timeoutMs: 60_000,
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
  rateLimitWindowMs: 60_000,
  failureBurst: { maxFailures: 10, windowMs: 10_000 },
} as const;

/** Visible ASCII without spaces: what API keys and account tokens look like, and always a valid header value. */
export const HEADER_TOKEN = /^[\x21-\x7e]+$/;

export interface ResolvedClientOptions {
  baseUrl: string;
  apiKey: string;
  pacer: RequestPacer;
  clock: Clock;
  random: () => number;
  timeoutMs: number;
  retry: RetryConfig;
  failureBurst: FailureBurstLimit;
  failureGuard: FailureGuard;
  fetchImpl: typeof fetch;
  onEvent: MergeClientEventListener | undefined;
}

function atLeast(name: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < min) {
    throw new Error(`Merge client option ${name} must be a number >= ${min}`);
  }
  return value;
}

/** Fills in defaults; throws on unusable values. Messages never include the API key. */
export function resolveClientOptions(options: MergeClientOptions): ResolvedClientOptions {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const protocol = URL.canParse(baseUrl) ? new URL(baseUrl).protocol : '';
  if (protocol !== 'https:' && protocol !== 'http:') throw new Error('Merge base URL must be an http(s) URL');
  // Checked here so that fetch never builds an error message around a malformed key.
  if (!HEADER_TOKEN.test(options.apiKey)) {
    throw new Error('Merge API key is empty or not a valid header value');
  }
  const defaults = MERGE_CLIENT_DEFAULTS;
  return {
    baseUrl,
    apiKey: options.apiKey,
    pacer: options.pacer ?? unpacedRequests,
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
    timeoutMs: atLeast('timeoutMs', options.timeoutMs, defaults.timeoutMs, 1),
    retry: {
      maxAttempts: Math.trunc(atLeast('maxAttempts', options.maxAttempts, defaults.maxAttempts, 1)),
      baseDelayMs: atLeast('baseDelayMs', options.baseDelayMs, defaults.baseDelayMs, 0),
      maxDelayMs: atLeast('maxDelayMs', options.maxDelayMs, defaults.maxDelayMs, 0),
      maxRetryAfterMs: atLeast('maxRetryAfterMs', options.maxRetryAfterMs, defaults.maxRetryAfterMs, 0),
      rateLimitWindowMs: atLeast(
        'rateLimitWindowMs',
        options.rateLimitWindowMs,
        defaults.rateLimitWindowMs,
        1,
      ),
    },
    failureBurst: {
      maxFailures: Math.trunc(
        atLeast(
          'failureBurst.maxFailures',
          options.failureBurst?.maxFailures,
          defaults.failureBurst.maxFailures,
          1,
        ),
      ),
      windowMs: atLeast(
        'failureBurst.windowMs',
        options.failureBurst?.windowMs,
        defaults.failureBurst.windowMs,
        1,
      ),
    },
    failureGuard: options.failureGuard ?? processFailureGuard,
    fetchImpl: options.fetchImpl ?? fetch,
    onEvent: options.onEvent,
  };
}
