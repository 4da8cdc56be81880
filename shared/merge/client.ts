/**
 * A small Merge unified-API client for Lambda: list pages, follow cursors, read sync status, with retries,
 * pacing and a guard against Merge's per-IP failure limit. Only Node's global fetch; the official SDK costs
 * ~6 MB bundled and ~400 ms of start-up, and does not retry timeouts.
 */
import {
  FailureBurstError,
  InvalidMergeRequestError,
  MalformedResponseError,
  MergeAuthError,
  MergeHttpError,
  MergeNetworkError,
  MergeTimeoutError,
  RateLimitedError,
  RetriesExhaustedError,
} from './errors';
import type { MergeClientError, MergeRequestTarget } from './errors';
import { HEADER_TOKEN, resolveClientOptions } from './client-options';
import type { MergeClientOptions } from './client-options';
import type { MergeClientEvent } from './events';
import { processFailureBurstGuard } from './failure-burst-guard';
import { sendHttpAttempt } from './http';
import type { HttpAttemptResult } from './http';
import { parsePage } from './page';
import { redactSecrets, safeSnippet } from './redact';
import { buildListQuery, buildRequestPath, MAX_PAGE_SIZE, normalizeModelPath } from './request-url';
import { serverRequestedWait } from './retry-after';
import { countsTowardFailureBurst, decideRetry } from './retry-policy';
import type { AttemptFailure } from './retry-policy';
import { isCategory } from './types';
import type { AccountContext, ListOptions, MergePage } from './types';

export type { MergeClientOptions } from './client-options';
export { MERGE_CLIENT_DEFAULTS } from './client-options';
export type { MergeClientEvent, MergeClientEventListener, AttemptFailureReason } from './events';
export type { FailureBurstLimit } from './failure-burst-guard';
export { resetProcessFailureBurstGuard } from './failure-burst-guard';

export interface MergeClient {
  listPage(account: AccountContext, modelPath: string, options?: ListOptions): Promise<MergePage>;
  /** Every page from `options.cursor` (or the first) until `next` is null, one at a time for checkpointing. */
  pages(account: AccountContext, modelPath: string, options?: ListOptions): AsyncGenerator<MergePage>;
  /** `GET /{category}/v1/sync-status`, every page; yields each raw SyncStatus object. */
  syncStatus(account: AccountContext): AsyncGenerator<unknown>;
  /** Attempts this client has sent (retries included). */
  requestCount(): number;
}

interface PreparedRequest {
  target: MergeRequestTarget;
  url: string;
  headers: Record<string, string>;
  secrets: readonly string[];
}

type AttemptOutcome = { page: MergePage } | { failure: AttemptFailure; error: MergeClientError };

export function createMergeClient(options: MergeClientOptions): MergeClient {
  const { baseUrl, apiKey, pacer, clock, random, timeoutMs, retry, failureBurst, fetchImpl, onEvent } =
    resolveClientOptions(options);
  let sentAttempts = 0;

  const emit = (event: MergeClientEvent): void => {
    try {
      onEvent?.(event);
    } catch {
      // A broken metrics or log sink must not fail a sync.
    }
  };

  function prepare(account: AccountContext, modelPath: string, options: ListOptions): PreparedRequest {
    const secrets = [apiKey, account.accountToken];
    const modelSegment = normalizeModelPath(modelPath);
    const category = isCategory(account.category) ? account.category : undefined;
    const path = buildRequestPath(category ?? 'unknown', modelSegment ?? 'invalid', buildListQuery(options));
    const target: MergeRequestTarget = { method: 'GET', path, accountId: account.accountId };
    if (category === undefined) {
      throw new InvalidMergeRequestError(
        target,
        `unknown category ${safeSnippet(String(account.category), secrets)}`,
      );
    }
    if (modelSegment === undefined) {
      throw new InvalidMergeRequestError(target, `invalid model path ${safeSnippet(modelPath, secrets)}`);
    }
    if (!HEADER_TOKEN.test(account.accountToken)) {
      throw new InvalidMergeRequestError(target, 'account token is empty or not a valid header value');
    }
    const headers = {
      Authorization: `Bearer ${apiKey}`,
      'X-Account-Token': account.accountToken,
      Accept: 'application/json',
    };
    return { target, url: `${baseUrl}${path}`, headers, secrets };
  }

  function assertBurstAllows(target: MergeRequestTarget, attempt: number): void {
    const check = processFailureBurstGuard.check(clock.now(), failureBurst);
    if (check.allowed) return;
    const { retryAtMs, failuresInWindow } = check;
    emit({ type: 'failure-burst', ...target, attempt, failuresInWindow, retryAtMs });
    throw new FailureBurstError(target, retryAtMs, failuresInWindow);
  }

  function interpret(
    request: PreparedRequest,
    attempt: number,
    result: HttpAttemptResult,
    durationMs: number,
  ): AttemptOutcome {
    const { target, secrets } = request;
    const base = { ...target, attempt };
    if (result.kind === 'timeout') {
      emit({ type: 'transport-error', ...base, reason: 'timeout', durationMs });
      return { failure: { kind: 'timeout' }, error: new MergeTimeoutError(target, timeoutMs) };
    }
    if (result.kind === 'network') {
      const description = redactSecrets(result.description, secrets);
      emit({ type: 'transport-error', ...base, reason: 'network', ...codeOf(result.code), durationMs });
      return { failure: { kind: 'network' }, error: new MergeNetworkError(target, result.code, description) };
    }
    const { status, headers, body } = result;
    emit({ type: 'response', ...base, status, durationMs });
    if (status >= 200 && status < 300) {
      const parsed = parsePage(body);
      if (parsed.ok) return { page: parsed.page };
      emit({ type: 'malformed-response', ...base, status, reason: parsed.reason });
      // Retried: a cut-off or garbled body is a transport fault, and a GET is safe to repeat.
      return {
        failure: { kind: 'malformed' },
        error: new MalformedResponseError(target, status, parsed.reason),
      };
    }
    const snippet = safeSnippet(body, secrets);
    const error =
      status === 401 || status === 403
        ? new MergeAuthError(target, status, snippet)
        : new MergeHttpError(target, status, snippet);
    const serverWait = serverRequestedWait(headers, clock.now());
    const failure: AttemptFailure = serverWait
      ? { kind: 'status', status, serverWait }
      : { kind: 'status', status };
    return { failure, error };
  }

  async function attemptOnce(request: PreparedRequest, attempt: number): Promise<AttemptOutcome> {
    sentAttempts += 1;
    emit({ type: 'request', ...request.target, attempt });
    const startedAt = clock.now();
    const result = await sendHttpAttempt({
      fetchImpl,
      url: request.url,
      method: 'GET',
      headers: request.headers,
      timeoutMs,
    });
    return interpret(request, attempt, result, clock.now() - startedAt);
  }

  /** Tells the pacer (so every worker of this account pauses) and the event sink about a 429. */
  async function noteRateLimit(
    request: PreparedRequest,
    attempt: number,
    failure: AttemptFailure,
    waitMs: number,
  ) {
    if (failure.kind !== 'status' || failure.status !== 429) return undefined;
    const retryAtMs = clock.now() + waitMs;
    await pacer.backOff(request.target.accountId, retryAtMs);
    const source = failure.serverWait?.source ?? 'backoff';
    emit({ type: 'rate-limited', ...request.target, attempt, status: 429, waitMs, retryAtMs, source });
    return retryAtMs;
  }

  async function getPage(
    account: AccountContext,
    modelPath: string,
    options: ListOptions,
  ): Promise<MergePage> {
    const request = prepare(account, modelPath, options);
    const { target } = request;
    for (let attempt = 1; ; attempt += 1) {
      assertBurstAllows(target, attempt);
      await pacer.acquire(account.accountId);
      // Checked again: acquiring may have waited while other requests of this process failed.
      assertBurstAllows(target, attempt);

      const outcome = await attemptOnce(request, attempt);
      if ('page' in outcome) return outcome.page;
      const { failure, error } = outcome;
      if (countsTowardFailureBurst(failure)) processFailureBurstGuard.recordFailure(clock.now());

      const decision = decideRetry(failure, attempt, retry, random);
      const status = failure.kind === 'status' ? failure.status : undefined;
      switch (decision.action) {
        case 'give-up':
          throw error;
        case 'defer': {
          const retryAtMs =
            (await noteRateLimit(request, attempt, failure, decision.waitMs)) ??
            clock.now() + decision.waitMs;
          throw new RateLimitedError(target, status ?? 429, retryAtMs, decision.waitMs);
        }
        case 'exhausted': {
          const retryAtMs = await noteRateLimit(request, attempt, failure, decision.waitMs);
          const lastError =
            retryAtMs === undefined ? error : new RateLimitedError(target, 429, retryAtMs, decision.waitMs);
          throw new RetriesExhaustedError(target, attempt, lastError);
        }
        case 'retry':
          await noteRateLimit(request, attempt, failure, decision.delayMs);
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

  async function* pages(account: AccountContext, modelPath: string, options: ListOptions = {}) {
    let cursor = options.cursor ?? null;
    for (;;) {
      const page = await getPage(account, modelPath, { ...options, cursor });
      yield page;
      if (page.next === null) return;
      if (page.next === cursor) {
        // Following it would request the same page forever.
        const { target } = prepare(account, modelPath, { ...options, cursor });
        throw new MalformedResponseError(target, 200, '"next" repeats the cursor of the page it came with');
      }
      cursor = page.next;
    }
  }

  async function* syncStatus(account: AccountContext) {
    for await (const page of pages(account, 'sync-status', { pageSize: MAX_PAGE_SIZE })) {
      yield* page.results;
    }
  }

  return {
    listPage: (account, modelPath, options = {}) => getPage(account, modelPath, options),
    pages,
    syncStatus,
    requestCount: () => sentAttempts,
  };
}

function codeOf(code: string | undefined): { code?: string } {
  return code === undefined ? {} : { code };
}
