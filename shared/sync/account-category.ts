import { MergeHttpError } from '../merge/errors';
import { isMergeCategory, type CallLimits } from '../merge/types';
import type { TokenChecker } from './ports';

/**
 * The category of a linked account, asked of Merge by id when a LinkedAccount.linked does not say it
 * (`linked_account` fields come from samples only, reference §6). `GET linked-accounts` takes the API
 * key alone and lists the whole organization whatever category its path names (§9, §12 "Duplicates"),
 * so any category path finds the account. Merge lists test accounts only when asked
 * (`is_test_account`, §9), so production is asked first, then test.
 *
 * Undefined when Merge does not list the account or refuses the request (a 4xx: asking again would
 * not change the answer); anything else (5xx, timeout, rate limit) is thrown, for a later retry.
 */
export async function categoryFromMerge(
  checker: TokenChecker,
  accountId: string,
  limits: CallLimits = {},
): Promise<string | undefined> {
  for (const testAccountsOnly of [false, true]) {
    const pages = checker.linkedAccounts('hris', { ...limits, id: accountId, pageSize: 1, testAccountsOnly });
    try {
      const first = await pages.next();
      const category = first.done ? undefined : categoryIn(first.value, accountId);
      if (category !== undefined) return category;
    } catch (error) {
      if (error instanceof MergeHttpError && error.status >= 400 && error.status < 500) return undefined;
      throw error;
    } finally {
      await pages.return(undefined).catch(() => undefined);
    }
  }
  return undefined;
}

/** The category of the account `accountId` in one linked-accounts page, read defensively. */
function categoryIn(page: unknown, accountId: string): string | undefined {
  const results =
    typeof page === 'object' && page !== null ? (page as { results?: unknown }).results : undefined;
  if (!Array.isArray(results)) return undefined;
  for (const item of results as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { id, category } = item as { id?: unknown; category?: unknown };
    if (id === accountId && isMergeCategory(category)) return category;
  }
  return undefined;
}
