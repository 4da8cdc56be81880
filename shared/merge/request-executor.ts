/**
 * The attempt loop every Merge request goes through: the failure guard, the account's pacing, the
 * caller's deadline, one HTTP attempt, then retry, defer or fail by the retry policy and the request's
 * safety (a write without an Idempotency-Key is never repeated after an ambiguous failure).
 */
import { FailureBurstError, RateLimitedError, RetriesExhaustedError } from './errors';
import type { MergeClientError } from './errors';
import type { ResolvedClientOptions } from './client-options';
import type { MergeClientEvent } from './events';
import { interpretAttempt } from './attempt-outcome';
import type { AttemptOutcome, BodyReader } from './attempt-outcome';
import { sendHttpAttempt } from './http';
import type { PreparedRequest } from './request-builder';
import { DeadlineTooCloseError, OutcomeUnknownError } from './request-errors';
import { countsTowardFailureBurst, decideRetry } from './retry-policy';
import type { AttemptFailure } from './retry-policy';

export interface RequestExecutor {
  execute<T>(request: PreparedRequest, read: BodyReader<T>): Promise<T>;
  /** Attempts sent so far (retries included). */
  attemptsSent(): number;
}

export function createRequestExecutor(
  options: ResolvedClientOptions,
  emit: (event: MergeClientEvent) => void,
): RequestExecutor {
  const { pacer, clock, random, timeoutMs, retry, failureBurst, failureGuard, fetchImpl } = options;
  let sentAttempts = 0;

  async function assertGuardAllows(request: PreparedRequest, attempt: number): Promise<void> {
    const check = await failureGuard.check(clock.now(), failureBurst);
    if (check.allowed) return;
    const { retryAtMs, failuresInWindow } = check;
    emit({ type: 'failure-burst', ...request.target, attempt, failuresInWindow, retryAtMs });
    throw new FailureBurstError(request.target, retryAtMs, failuresInWindow);
  }

  /**
   * Refuses to start an attempt at `startAtMs` that could not finish before the caller's deadline. The
   * full timeout is assumed: a slow third party can make any page take that long (reference §12).
   */
  function assertTimeFor(
    request: PreparedRequest,
    attempt: number,
    startAtMs: number,
    lastError?: MergeClientError,
  ): void {
    const { deadlineAtMs } = request;
    if (deadlineAtMs === undefined || startAtMs + timeoutMs <= deadlineAtMs) return;
    const retryAtMs = Math.max(startAtMs, clock.now());
    emit({ type: 'deadline', ...request.target, attempt, deadlineAtMs, retryAtMs });
    throw new DeadlineTooCloseError(request.target, {
      deadlineAtMs,
      retryAtMs,
      attemptsSent: attempt - 1,
      ...(lastError ? { lastError } : {}),
    });
  }

  async function acquireSlot(request: PreparedRequest, attempt: number, lastError?: MergeClientError) {
    const accountId = request.pacedAccountId;
    assertTimeFor(request, attempt, clock.now(), lastError);
    // Organization-wide requests carry no account token, so no linked account's budget applies.
    if (accountId === undefined) return;
    const { deadlineAtMs } = request;
    const acquired = await pacer.acquire(accountId, {
      priority: request.priority,
      ...(deadlineAtMs === undefined ? {} : { latestStartMs: deadlineAtMs - timeoutMs }),
    });
    if (acquired && !acquired.granted) assertTimeFor(request, attempt, acquired.slotAtMs, lastError);
    // Checked again: a pacer may have waited without knowing the deadline.
    assertTimeFor(request, attempt, clock.now(), lastError);
  }

  async function attemptOnce<T>(
    request: PreparedRequest,
    attempt: number,
    read: BodyReader<T>,
  ): Promise<AttemptOutcome<T>> {
    sentAttempts += 1;
    emit({ type: 'request', ...request.target, attempt });
    const startedAt = clock.now();
    const result = await sendHttpAttempt({
      fetchImpl,
      url: request.url,
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      timeoutMs,
    });
    const now = clock.now();
    return interpretAttempt({
      request,
      attempt,
      result,
      durationMs: now - startedAt,
      timeoutMs,
      nowMs: now,
      read,
      emit,
    });
  }

  /** Tells the pacer (so every worker of this account pauses) and the event sink about a 429. */
  async function noteRateLimit(
    request: PreparedRequest,
    attempt: number,
    failure: AttemptFailure,
    waitMs: number,
    window = false,
  ): Promise<number | undefined> {
    if (failure.kind !== 'status' || failure.status !== 429) return undefined;
    const retryAtMs = clock.now() + waitMs;
    if (request.pacedAccountId !== undefined) await pacer.backOff(request.pacedAccountId, retryAtMs);
    const source = failure.serverWait?.source ?? (window ? 'window' : 'backoff');
    emit({ type: 'rate-limited', ...request.target, attempt, status: 429, waitMs, retryAtMs, source });
    return retryAtMs;
  }

  async function execute<T>(request: PreparedRequest, read: BodyReader<T>): Promise<T> {
    const { target } = request;
    let lastError: MergeClientError | undefined;
    for (let attempt = 1; ; attempt += 1) {
      await assertGuardAllows(request, attempt);
      await acquireSlot(request, attempt, lastError);
      // Checked again: acquiring may have waited while other requests failed.
      await assertGuardAllows(request, attempt);

      const outcome = await attemptOnce(request, attempt, read);
      if (outcome.ok) return outcome.value;
      const { failure, error } = outcome;
      lastError = error;
      if (countsTowardFailureBurst(failure)) await failureGuard.recordFailure(clock.now());

      const decision = decideRetry(failure, attempt, retry, random, request.replaySafe);
      const status = failure.kind === 'status' ? failure.status : undefined;
      switch (decision.action) {
        case 'give-up':
          throw error;
        case 'outcome-unknown':
          throw new OutcomeUnknownError(target, error);
        case 'defer': {
          const retryAtMs =
            (await noteRateLimit(request, attempt, failure, decision.waitMs, decision.window)) ??
            clock.now() + decision.waitMs;
          throw new RateLimitedError(target, status ?? 429, retryAtMs, decision.waitMs);
        }
        case 'exhausted': {
          const retryAtMs = await noteRateLimit(request, attempt, failure, decision.waitMs);
          const last =
            retryAtMs === undefined ? error : new RateLimitedError(target, 429, retryAtMs, decision.waitMs);
          throw new RetriesExhaustedError(target, attempt, last);
        }
        case 'retry':
          await noteRateLimit(request, attempt, failure, decision.delayMs);
          // Not worth sleeping for an attempt that could not finish in time anyway.
          assertTimeFor(request, attempt + 1, clock.now() + decision.delayMs, error);
          emit({
            type: 'retry',
            ...target,
            attempt,
            reason: failure.kind,
            ...(status === undefined ? {} : { status }),
            delayMs: decision.delayMs,
          });
          await clock.sleep(decision.delayMs);
      }
    }
  }

  return { execute, attemptsSent: () => sentAttempts };
}
