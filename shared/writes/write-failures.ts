/**
 * What a failed Merge request means for a write. Merge refused it (400, 403, 404, 422 ...): final,
 * with Merge's reasons. It refused the account's token (401): final, the account needs a relink.
 * Anything that may pass later (429, 5xx, timeouts, a broken connection, our deadline, the
 * deployment's failure guard): tried again with the same Idempotency-Key.
 */
import type { MergeProblem } from '../core/writes';
import { InvalidMergeRequestError, MergeAuthError, MergeClientError, MergeHttpError } from '../merge/errors';
import { DeadlineTooCloseError } from '../merge/request-errors';
import { FailureBurstError } from '../merge/errors';
import { isRetryableStatus } from '../merge/retry-policy';
import { readProblems } from './merge-problems';

export type WriteFailure =
  | { kind: 'rejected'; status: number; warnings: MergeProblem[]; errors: MergeProblem[]; message: string }
  | { kind: 'relink'; errors: MergeProblem[]; message: string }
  /** `sent`: an attempt reached (or may have reached) Merge; a failure before sending is not an attempt. */
  | { kind: 'retry'; retryAtMs?: number; sent: boolean; message: string };

/** The failure of a Merge request made for a write; undefined when it is not the client's (a bug, the store). */
export function classifyWriteFailure(error: unknown): WriteFailure | undefined {
  if (!(error instanceof MergeClientError)) return undefined;
  const message = `${error.name}: ${error.message}`;
  if (error instanceof MergeHttpError && !isRetryableStatus(error.status)) {
    const refusal = { status: error.status, snippet: error.bodySnippet };
    const { warnings, errors } = readProblems(error.responseBody, refusal);
    if (error instanceof MergeAuthError && error.status === 401) return { kind: 'relink', errors, message };
    return { kind: 'rejected', status: error.status, warnings, errors, message };
  }
  if (error instanceof InvalidMergeRequestError) {
    // Not sent, and it never will be: the request cannot be built (say, a token that is not a header).
    const detail = error.message;
    return {
      kind: 'rejected',
      status: 0,
      warnings: [],
      errors: [{ title: 'Not sent', detail, problem_type: 'INVALID_REQUEST' }],
      message,
    };
  }
  const retryAtMs = 'retryAtMs' in error && typeof error.retryAtMs === 'number' ? error.retryAtMs : undefined;
  const notSent =
    error instanceof FailureBurstError ||
    (error instanceof DeadlineTooCloseError && error.attemptsSent === 0);
  return { kind: 'retry', ...(retryAtMs !== undefined ? { retryAtMs } : {}), sent: !notSent, message };
}
