/**
 * A small Merge unified-API client for Lambda: list pages, follow cursors, read sync status, account
 * endpoints and general requests (writes included), with retries by safety, pacing, and a guard against
 * Merge's per-IP failure limit. Only Node's global fetch; the official SDK costs ~6 MB bundled and
 * ~400 ms of start-up, and does not retry timeouts.
 */
import { accountEndpoints } from './account-endpoints';
import type { AccountEndpoints } from './account-endpoints';
import type { BodyReader } from './attempt-outcome';
import { resolveClientOptions } from './client-options';
import type { MergeClientOptions } from './client-options';
import { MalformedResponseError } from './errors';
import type { MergeClientEvent } from './events';
import { readPage } from './page';
import { followCursors } from './pagination';
import { prepareRequest } from './request-builder';
import type { RequestScope } from './request-builder';
import { createRequestExecutor } from './request-executor';
import { buildListQuery, MAX_PAGE_SIZE } from './request-url';
import type {
  AccountContext,
  CallLimits,
  ListOptions,
  MergePage,
  MergeRequest,
  MergeResponse,
} from './types';

export type { MergeClientOptions } from './client-options';
export { MERGE_CLIENT_DEFAULTS } from './client-options';
export type { MergeClientEvent, MergeClientEventListener, AttemptFailureReason } from './events';
export type { FailureBurstLimit, FailureGuard } from './failure-burst-guard';
export { resetProcessFailureBurstGuard } from './failure-burst-guard';
export type { AccountEndpoints, LinkedAccountFilters, LinkedAccountsPage } from './account-endpoints';

export interface MergeClient extends AccountEndpoints {
  listPage(account: AccountContext, modelPath: string, options?: ListOptions): Promise<MergePage>;
  /** Every page from `options.cursor` (or the first) until `next` is null, one at a time for checkpointing. */
  pages(account: AccountContext, modelPath: string, options?: ListOptions): AsyncGenerator<MergePage>;
  /** `GET /{category}/v1/sync-status`, every page; yields each raw SyncStatus object. */
  syncStatus(account: AccountContext, limits?: CallLimits): AsyncGenerator<unknown>;
  /**
   * Any request below `/{category}/v1/` for a linked account: a 2xx answer's status and parsed JSON
   * body; anything else a typed MergeClientError. A GET is retried like a list page; a POST/PATCH only
   * when Merge cannot have applied it (a 429), or after an ambiguous failure when it carries an
   * Idempotency-Key; without one, an ambiguous failure is an OutcomeUnknownError.
   */
  request(account: AccountContext, request: MergeRequest): Promise<MergeResponse>;
  /** Attempts this client has sent (retries included). */
  requestCount(): number;
}

const asResponse: BodyReader<MergeResponse> = (response) => ({ ok: true, value: response });

export function createMergeClient(options: MergeClientOptions): MergeClient {
  const resolved = resolveClientOptions(options);
  const { baseUrl, apiKey, onEvent } = resolved;

  const emit = (event: MergeClientEvent): void => {
    try {
      onEvent?.(event);
    } catch {
      // A broken metrics or log sink must not fail a sync.
    }
  };
  const executor = createRequestExecutor(resolved, emit);

  function run<T>(scope: RequestScope, request: MergeRequest, read: BodyReader<T>): Promise<T> {
    // Inside the promise: an invalid request rejects like any other failure, never throws synchronously.
    return Promise.resolve().then(() =>
      executor.execute(prepareRequest(baseUrl, apiKey, scope, request), read),
    );
  }

  const listRequest = (modelPath: string, options: ListOptions): MergeRequest => ({
    method: 'GET',
    path: modelPath,
    query: Object.fromEntries(buildListQuery(options)),
    ...(options.deadlineAtMs === undefined ? {} : { deadlineAtMs: options.deadlineAtMs }),
  });

  const getPage = (account: AccountContext, modelPath: string, options: ListOptions) =>
    run({ kind: 'account', account }, listRequest(modelPath, options), (response) => readPage(response.body));

  function pages(account: AccountContext, modelPath: string, options: ListOptions = {}) {
    return followCursors(
      options.cursor ?? null,
      (cursor) => getPage(account, modelPath, { ...options, cursor }),
      (cursor) => {
        // Following it would request the same page forever.
        const scope: RequestScope = { kind: 'account', account };
        const { target } = prepareRequest(
          baseUrl,
          apiKey,
          scope,
          listRequest(modelPath, { ...options, cursor }),
        );
        return new MalformedResponseError(target, 200, '"next" repeats the cursor of the page it came with');
      },
    );
  }

  async function* syncStatus(account: AccountContext, limits: CallLimits = {}) {
    for await (const page of pages(account, 'sync-status', { ...limits, pageSize: MAX_PAGE_SIZE })) {
      yield* page.results;
    }
  }

  return {
    listPage: (account, modelPath, options = {}) => getPage(account, modelPath, options),
    pages,
    syncStatus,
    request: (account, request) => run({ kind: 'account', account }, request, asResponse),
    ...accountEndpoints(run),
    requestCount: () => executor.attemptsSent(),
  };
}
