import type { LinkedAccount } from '../core/accounts';
import type { AccountPosition, AccountStore } from '../store/ports';
import {
  decodeCursorStrings,
  encodeCursorStrings,
  ReadInputError,
  wholeNumberParameter,
} from './query-params';
import { ACCOUNT_LISTING_LIMITS, queryLimit, type AccountListingLimits } from './listing-limits';
import { PageBudget } from './response-budget';
import { accountView } from './views';

export const DEFAULT_ACCOUNTS_PAGE_SIZE = 100;
export const MAX_ACCOUNTS_PAGE_SIZE = 1000;
/** At most this many Queries per request; one Query reads up to 1 MB, about a thousand accounts. */
export const ACCOUNTS_MAX_QUERIES = 4;

export interface AccountListRequest {
  pageSize?: string;
  cursor?: string;
  /** Filters checked on each account read; without, every account is listed. */
  test?: ((account: LinkedAccount) => boolean) | null;
  /** How many accounts a tested listing reads per request (and per Query). */
  limits?: Pick<AccountListingLimits, 'maxQueries' | 'maxTestedReads' | 'testedQueryLimit'>;
}

const encodeAccountsCursor = (position: AccountPosition) =>
  encodeCursorStrings([position.status, position.id]);

const STATUSES: readonly string[] = ['ACTIVE', 'DELETED', 'NOT_SYNCED'] satisfies LinkedAccount['status'][];

function decodeAccountsCursor(cursor: string): AccountPosition {
  const [status, id] = decodeCursorStrings('cursor', cursor, 2) as [string, string];
  // A cursor of the problems order (or anything else) is not a position here.
  if (!STATUSES.includes(status)) throw new ReadInputError('cursor is not a cursor this API returned');
  return { status, id };
}

/**
 * One page of the accounts, active ones first (the accounts index orders by status, then id).
 * `next` is set when there is more: pass it back as `cursor`. The listing is not a snapshot: an
 * account whose status changes while you page moves in the order. With `test`, the accounts read
 * are filtered: a page may then hold fewer than asked (even none) with `has_more`, since a request
 * reads at most `limits.maxTestedReads` accounts; `next` goes past those it read.
 */
export async function listAccounts<T extends object>(
  deps: { accounts: AccountStore },
  request: AccountListRequest = {},
  view: (account: LinkedAccount) => T = accountView as (account: LinkedAccount) => T,
) {
  const pageSize = wholeNumberParameter('page_size', request.pageSize, {
    min: 1,
    max: MAX_ACCOUNTS_PAGE_SIZE,
    fallback: DEFAULT_ACCOUNTS_PAGE_SIZE,
  });
  let position = request.cursor ? decodeAccountsCursor(request.cursor) : null;
  const results: T[] = [];
  const budget = new PageBudget();
  let hasMore = false;
  const test = request.test ?? null;
  const limits = request.limits ?? ACCOUNT_LISTING_LIMITS;
  let read = 0;
  for (let queries = 0; ; queries++) {
    const spent = test
      ? queries > 0 && (read >= limits.maxTestedReads || queries >= limits.maxQueries)
      : queries >= ACCOUNTS_MAX_QUERIES;
    if (spent) {
      hasMore = true;
      break;
    }
    const wanted = pageSize - results.length + 1;
    const asked = queryLimit(wanted, test !== null, queries, limits.testedQueryLimit);
    const batch = await deps.accounts.listAfter(
      position,
      test ? Math.max(1, Math.min(asked, limits.maxTestedReads - read)) : wanted,
    );
    read += batch.accounts.length;
    let full = false;
    for (const account of batch.accounts) {
      if (results.length === pageSize) full = true;
      else if (!test || test(account)) {
        const shown = view(account);
        full = !budget.admit(shown, results.length === 0);
        if (!full) results.push(shown);
      }
      if (full) break;
      position = { status: account.status, id: account.id };
    }
    if (full || !batch.more) {
      hasMore = full;
      break;
    }
  }
  return { results, next: hasMore && position ? encodeAccountsCursor(position) : null, has_more: hasMore };
}
