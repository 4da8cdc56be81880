/**
 * Merge's account endpoints (reference §5, §9) on top of the general request path: account details,
 * force resync, delete account, and the organization-wide list of linked accounts.
 */
import * as z from 'zod/mini';
import { MalformedResponseError, MergeHttpError } from './errors';
import type { BodyReader } from './attempt-outcome';
import { cursorFromNext } from './next-cursor';
import { followCursors } from './pagination';
import type { RequestScope } from './request-builder';
import { ForceResyncRefusedError } from './request-errors';
import { clampPageSize } from './request-url';
import { accountDetailsSchema, linkedAccountDetailsSchema } from './schemas/account-details';
import type { AccountDetails, LinkedAccountDetails } from './schemas/account-details';
import { syncStatusSchema } from './schemas/sync-status';
import type { SyncStatusEntry } from './schemas/sync-status';
import type { AccountContext, CallLimits, Category, MergeRequest } from './types';

/** Prepares and executes one request in a scope, reading a 2xx answer with `read`. */
export type RunRequest = <T>(scope: RequestScope, request: MergeRequest, read: BodyReader<T>) => Promise<T>;

export type LinkedAccountStatus = 'COMPLETE' | 'IDLE' | 'INCOMPLETE' | 'RELINK_NEEDED';

/** Filters of `GET /{category}/v1/linked-accounts` (reference §9). */
export interface LinkedAccountFilters extends CallLimits {
  /** Only accounts of this category (the path's category does not filter). */
  category?: string;
  status?: LinkedAccountStatus;
  id?: string;
  ids?: readonly string[];
  endUserOriginId?: string;
  endUserOriginIds?: readonly string[];
  endUserEmailAddress?: string;
  endUserOrganizationName?: string;
  integrationName?: string;
  includeDuplicates?: boolean;
  /**
   * Test linked accounts instead of production ones. Merge's `is_test_account` works by presence ("if
   * included, will only include test linked accounts"), so it is sent only when this is true.
   */
  testAccountsOnly?: boolean;
  /** 1..100, default 100. */
  pageSize?: number;
  /** Resume from this cursor instead of the first page. */
  cursor?: string | null;
}

export interface LinkedAccountsPage {
  results: LinkedAccountDetails[];
  next: string | null;
}

export interface AccountEndpoints {
  /** `GET /{category}/v1/account-details`: the linked account as Merge sees it (status, duplicates...). */
  accountDetails(account: AccountContext, limits?: CallLimits): Promise<AccountDetails>;
  /**
   * `POST /{category}/v1/sync-status/resync`: Merge re-syncs every model. Each call spends a sync credit,
   * so it is repeated only after a 429 (refused, not applied): an ambiguous failure is an
   * OutcomeUnknownError, and a plan-gated refusal a ForceResyncRefusedError with Merge's reason.
   * Entries Merge returns that cannot be read are left out, as the poller does.
   */
  forceResync(account: AccountContext, limits?: CallLimits): Promise<SyncStatusEntry[]>;
  /**
   * `POST /{category}/v1/delete-account`: Merge stops syncing (and billing) the account; answers 200
   * without a body. Not repeated after an ambiguous failure: the caller checks account-details (a 401
   * then means it is gone) before trying again.
   */
  deleteAccount(account: AccountContext, limits?: CallLimits): Promise<void>;
  /**
   * `GET /{category}/v1/linked-accounts`, every page: organization-wide, with the API key alone (no
   * X-Account-Token). No linked account's budget applies, so it is not paced per account; it is still
   * under the shared failure guard, a 429 hands back a deferral instead of retrying into the limit, and
   * pages are requested one at a time. Meant for operator and reconciliation paths, not hot loops.
   */
  linkedAccounts(category: Category, filters?: LinkedAccountFilters): AsyncGenerator<LinkedAccountsPage>;
}

export function accountEndpoints(run: RunRequest): AccountEndpoints {
  const forAccount = (account: AccountContext): RequestScope => ({ kind: 'account', account });

  return {
    accountDetails: (account, limits = {}) =>
      run(forAccount(account), { ...limits, method: 'GET', path: 'account-details' }, (response) =>
        readWith(accountDetailsSchema, response.body),
      ),

    async forceResync(account, limits = {}) {
      const request: MergeRequest = { ...limits, method: 'POST', path: 'sync-status/resync' };
      try {
        return await run(forAccount(account), request, (response) => readSyncStatuses(response.body));
      } catch (error) {
        throw asResyncRefusal(error);
      }
    },

    deleteAccount: (account, limits = {}) =>
      run(forAccount(account), { ...limits, method: 'POST', path: 'delete-account' }, () => ({
        ok: true,
        value: undefined,
      })),

    linkedAccounts(category, filters = {}) {
      const scope: RequestScope = { kind: 'organization', category };
      const fetchPage = (cursor: string | null) =>
        run(scope, linkedAccountsRequest(filters, cursor), (response) => readLinkedAccounts(response.body));
      return followCursors(filters.cursor ?? null, fetchPage, (cursor) => {
        const path = `/${category}/v1/linked-accounts`;
        return new MalformedResponseError(
          { method: 'GET', path: cursor ? `${path}?cursor=${cursor}` : path, accountId: '' },
          200,
          '"next" repeats the cursor of the page it came with',
        );
      });
    },
  };
}

function linkedAccountsRequest(filters: LinkedAccountFilters, cursor: string | null): MergeRequest {
  return {
    method: 'GET',
    path: 'linked-accounts',
    ...(filters.deadlineAtMs === undefined ? {} : { deadlineAtMs: filters.deadlineAtMs }),
    query: {
      page_size: clampPageSize(filters.pageSize),
      cursor,
      category: filters.category,
      status: filters.status,
      id: filters.id,
      ids: filters.ids,
      end_user_origin_id: filters.endUserOriginId,
      end_user_origin_ids: filters.endUserOriginIds,
      end_user_email_address: filters.endUserEmailAddress,
      end_user_organization_name: filters.endUserOrganizationName,
      integration_name: filters.integrationName,
      include_duplicates: filters.includeDuplicates,
      is_test_account: filters.testAccountsOnly ? true : undefined,
    },
  };
}

/**
 * A schema's verdict as a body read. The reason names fields and issue codes only: zod messages can
 * quote values, and these bodies carry end users' names and email addresses.
 */
function readWith<S extends z.ZodMiniType>(schema: S, value: unknown) {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true as const, value: parsed.data as z.infer<S> };
  const issues = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(body)'} ${issue.code}`);
  return { ok: false as const, reason: `unexpected shape: ${issues.join(', ')}` };
}

function readSyncStatuses(value: unknown) {
  if (!Array.isArray(value)) {
    return { ok: false as const, reason: 'resync accepted, but the body is not a SyncStatus array' };
  }
  const entries = value.flatMap((item) => {
    const entry = syncStatusSchema.safeParse(item);
    return entry.success ? [entry.data] : [];
  });
  return { ok: true as const, value: entries };
}

const linkedAccountsPageSchema = z.looseObject({
  results: z.array(linkedAccountDetailsSchema),
  next: z.optional(z.nullable(z.string())),
});

function readLinkedAccounts(value: unknown) {
  const page = readWith(linkedAccountsPageSchema, value);
  if (!page.ok) return page;
  const next = cursorFromNext(page.value.next);
  if (!next.ok) return next;
  return { ok: true as const, value: { results: page.value.results, next: next.cursor } };
}

/** Any 4xx but 401 (the token), 408 and 429 (retried or deferred) is Merge saying no to the resync. */
function asResyncRefusal(error: unknown): unknown {
  if (!(error instanceof MergeHttpError)) return error;
  const { status } = error;
  const refused = status >= 400 && status < 500 && status !== 401 && status !== 408 && status !== 429;
  if (!refused) return error;
  const target = { method: error.method, path: error.path, accountId: error.accountId };
  return new ForceResyncRefusedError(target, status, error.bodySnippet);
}
