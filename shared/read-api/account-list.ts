import type { LinkedAccount } from '../core/accounts';
import type { AccountPosition, AccountStore } from '../store/ports';
import { decodeCursorStrings, encodeCursorStrings, wholeNumberParameter } from './query-params';
import { PageBudget } from './response-budget';
import { accountView } from './views';

export const DEFAULT_ACCOUNTS_PAGE_SIZE = 100;
export const MAX_ACCOUNTS_PAGE_SIZE = 1000;
/** At most this many Queries per request; one Query reads up to 1 MB, about a thousand accounts. */
export const ACCOUNTS_MAX_QUERIES = 4;

export interface AccountListRequest {
  pageSize?: string;
  cursor?: string;
}

const encodeAccountsCursor = (position: AccountPosition) =>
  encodeCursorStrings([position.status, position.id]);

function decodeAccountsCursor(cursor: string): AccountPosition {
  const [status, id] = decodeCursorStrings('cursor', cursor, 2) as [string, string];
  return { status, id };
}

/**
 * One page of the accounts, active ones first (the accounts index orders by status, then id).
 * `next` is set when there is more: pass it back as `cursor`. The listing is not a snapshot: an
 * account whose status changes while you page moves in the order.
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
  for (let queries = 0; ; queries++) {
    if (queries >= ACCOUNTS_MAX_QUERIES) {
      hasMore = true;
      break;
    }
    const batch = await deps.accounts.listAfter(position, pageSize - results.length + 1);
    let full = false;
    for (const account of batch.accounts) {
      const shown = view(account);
      full = results.length === pageSize || !budget.admit(shown, results.length === 0);
      if (full) break;
      results.push(shown);
      position = { status: account.status, id: account.id };
    }
    if (full || !batch.more) {
      hasMore = full;
      break;
    }
  }
  return { results, next: hasMore && position ? encodeAccountsCursor(position) : null, has_more: hasMore };
}
