import { countScope, LISTING_BUCKETS, listingBucket, OTHER_CATEGORIES_BUCKET } from '../core/account-listing';
import type { LinkedAccount } from '../core/accounts';
import { HEALTH_STATES, type HealthState } from '../core/health';
import {
  accountFilters,
  accountTest,
  isPlainListing,
  listedState,
  type AccountFilters,
  type AccountListQuery,
} from '../health/account-list';
import type { AccountStore } from '../store/ports';
import { DEFAULT_ACCOUNTS_PAGE_SIZE, listAccounts, MAX_ACCOUNTS_PAGE_SIZE } from './account-list';
import { listInHealthOrder } from './health-order-listing';
import { ACCOUNT_LISTING_LIMITS, type AccountListingLimits } from './listing-limits';
import {
  decodeCursorStrings,
  encodeCursorStrings,
  ReadInputError,
  wholeNumberParameter,
} from './query-params';
import { accountView } from './views';

type Deps = { accounts: AccountStore };

/** Every listed account: the read API's account view and its health `state`. */
const listedView = (account: LinkedAccount) => ({ ...accountView(account), state: listedState(account) });

/** The problems order's cursor: the last key read, tagged so a cursor of the other order is refused. */
const HEALTH_CURSOR_TAG = 'health';

function decodeHealthCursor(cursor: string): string {
  const [tag, position] = decodeCursorStrings('cursor', cursor, 2) as [string, string];
  if (tag !== HEALTH_CURSOR_TAG) throw new ReadInputError('cursor is not a cursor this API returned');
  return position;
}

/**
 * `order=problems`: the health index, one partition per category bucket (just the category's when
 * filtered by one) and one key range per state asked for. Integration and `q` (and a category we
 * do not sync, which shares a bucket) are checked on each account read.
 */
async function problemsFirst(
  deps: Deps,
  filters: AccountFilters,
  query: AccountListQuery,
  limits: AccountListingLimits,
) {
  const pageSize = wholeNumberParameter('page_size', query.page_size, {
    min: 1,
    max: MAX_ACCOUNTS_PAGE_SIZE,
    fallback: DEFAULT_ACCOUNTS_PAGE_SIZE,
  });
  const bucket = filters.category ? listingBucket(filters.category) : null;
  const plan = {
    buckets: bucket ? [bucket] : LISTING_BUCKETS,
    states: filters.states,
    test: accountTest(filters, { states: false, category: bucket === OTHER_CATEGORIES_BUCKET }),
  };
  const after = query.cursor ? decodeHealthCursor(query.cursor) : null;
  const page = await listInHealthOrder(deps.accounts, plan, { pageSize, after, view: listedView, limits });
  const next = page.hasMore && page.position ? encodeCursorStrings([HEALTH_CURSOR_TAG, page.position]) : null;
  return { results: page.results, next, has_more: page.hasMore };
}

/**
 * GET /accounts (and the console's list): one page of accounts, each with its `state`, doing
 * bounded work whatever the account count (docs/read-api.md, "GET /accounts"):
 * - no filter, default order: a page of the accounts index (status, then id);
 * - `order=problems`: the health index, by state (worst first) and category;
 * - a filter in the default order: the accounts index, at most `limits.maxTestedReads` accounts a
 *   request, the filters checked on each (a page may hold fewer than asked, with `has_more`).
 * With a filter or `order=problems`, `counts` (per state, over every filter but `state`) and
 * `total` come from the maintained counts, one read; with `q`, which no count follows, both are null.
 */
export async function listAccountsPage(
  deps: Deps,
  query: AccountListQuery,
  limits: AccountListingLimits = ACCOUNT_LISTING_LIMITS,
) {
  const filters = accountFilters(query);
  const paging = {
    ...(query.page_size !== undefined ? { pageSize: query.page_size } : {}),
    ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
  };
  if (isPlainListing(filters)) return listAccounts(deps, paging, listedView);
  const [page, counts] = await Promise.all([
    filters.problemsFirst
      ? problemsFirst(deps, filters, query, limits)
      : listAccounts(
          deps,
          { ...paging, test: accountTest(filters, { states: true, category: true }), limits },
          listedView,
        ),
    filters.q
      ? null
      : deps.accounts.listingCounts(
          countScope({
            category: filters.category ?? undefined,
            integration: filters.integration ?? undefined,
          }),
        ),
  ]);
  const states: readonly HealthState[] = filters.states ?? HEALTH_STATES;
  const total = counts ? states.reduce((sum, state) => sum + counts[state], 0) : null;
  return { ...page, counts, total };
}
