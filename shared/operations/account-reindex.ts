import type { AccountPosition, AccountStore, RecountResult } from '../store/ports';

/** Accounts per step: one Query of the accounts index, then a write for each that needs it. */
const REINDEX_PAGE = 200;

export interface ReindexSummary {
  seen: number;
  rewritten: number;
  recount: RecountResult;
}

/**
 * `accounts reindex`: the migration and repair of GET /accounts' health index and counts. Every
 * account written by an earlier version (or whose keys no longer match its document) is written
 * again, which puts it in the health index and adds it to the counts; then the counts are
 * recomputed from the account items, for a count a crash left off. Run again, it rewrites nothing
 * that is already current; interrupted, run it again.
 */
export async function reindexAccounts(
  deps: { accounts: Pick<AccountStore, 'reindex' | 'recountListing'> },
  progress: (seen: number, rewritten: number) => void = () => undefined,
): Promise<ReindexSummary> {
  let seen = 0;
  let rewritten = 0;
  let after: AccountPosition | null = null;
  do {
    const step = await deps.accounts.reindex(after, REINDEX_PAGE);
    seen += step.seen;
    rewritten += step.rewritten;
    after = step.next;
    progress(seen, rewritten);
  } while (after);
  return { seen, rewritten, recount: await deps.accounts.recountListing() };
}
