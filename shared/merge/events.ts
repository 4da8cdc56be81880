/**
 * What the client reports through `onEvent`, for metrics and logs. Events carry where a request went
 * (method, path with its query: cursors and dates, not secrets) and how it went; never a header, the API key
 * or an account token.
 */
import type { ServerWaitSource } from './retry-after';

interface EventBase {
  method: string;
  /** Relative to the base URL, with the query, e.g. `/hris/v1/employees?page_size=100&cursor=...`. */
  path: string;
  /** Empty for organization-wide requests (API key only). */
  accountId: string;
  /** 1 for the first try. */
  attempt: number;
}

/** Why an attempt is retried (or failed). */
export type AttemptFailureReason = 'status' | 'timeout' | 'network' | 'malformed';

export type MergeClientEvent =
  | (EventBase & { type: 'request' })
  | (EventBase & { type: 'response'; status: number; durationMs: number })
  | (EventBase & {
      type: 'transport-error';
      reason: 'timeout' | 'network';
      code?: string;
      durationMs: number;
    })
  | (EventBase & { type: 'malformed-response'; status: number; reason: string })
  | (EventBase & {
      type: 'rate-limited';
      status: number;
      /**
       * How long this account now pauses: the server's wait when it gave one (`source` names the header),
       * else the next per-minute window (`window`, a 429 without headers) or our backoff.
       */
      waitMs: number;
      retryAtMs: number;
      source: ServerWaitSource | 'window' | 'backoff';
    })
  | (EventBase & { type: 'retry'; reason: AttemptFailureReason; status?: number; delayMs: number })
  | (EventBase & { type: 'failure-burst'; failuresInWindow: number; retryAtMs: number })
  /** An attempt was not started: it could not finish before the caller's deadline. */
  | (EventBase & { type: 'deadline'; deadlineAtMs: number; retryAtMs: number });

export type MergeClientEventListener = (event: MergeClientEvent) => void;
