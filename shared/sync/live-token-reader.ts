import { DomainError } from '../core/errors';
import { MalformedResponseError, MergeAuthError } from '../merge/errors';
import { MAX_PAGE_SIZE } from '../merge/request-url';
import type { AccountContext, ListOptions, MergePage } from '../merge/types';
import { tokenHash, type TokenChecker } from './account-tokens';
import type { AccountStore } from '../store/ports';
import type { MergeReader } from './ports';

/** The account's token is gone (the account was deleted and purged): nothing more is sent for it. */
export class AccountTokenGoneError extends DomainError {
  override readonly name = 'AccountTokenGoneError';
  readonly retryable = false;
}

/**
 * Merge refused the token a page was sent with, and it was still the stored token when asked again:
 * `tokenHash` says which (never the token). A fetch that fails with it checks whether a replacement
 * was stored meanwhile before it marks the account refused (fetch-failure.ts).
 */
export class RefusedTokenError extends MergeAuthError {
  constructor(
    cause: MergeAuthError,
    readonly tokenHash: string,
  ) {
    super(
      { method: cause.method, path: cause.path, accountId: cause.accountId },
      cause.status,
      cause.bodySnippet,
      cause.responseBody,
    );
  }
}

/** What the live reader wraps: one page at a time, and the token checks (the Merge client). */
export interface PageReader extends TokenChecker {
  listPage(account: AccountContext, modelPath: string, options?: ListOptions): Promise<MergePage>;
}

/**
 * The engine's Merge reader for polls and fetches. A fetch of a large model pages for minutes, and
 * a LinkedAccount.linked may replace the account's token meanwhile (Merge's token regeneration
 * refuses the old one at once, §9). So the token is not the one the poll or fetch started with: it
 * is read from the store (one consistent GetItem) before every page, and a replacement counts from
 * the next request on: a retired token is never sent again. A 401 that raced a replacement (sent
 * with the old token just before it was stored) is asked again with the new token once, rather than
 * marking the account as refused. Per request rather than only after a 401: the old token may still
 * be accepted (a relink with a new token), and every refused request counts toward Merge's per-IP
 * block. The token checks (account-tokens.ts) use the token they are given.
 */
export function liveTokenReader(client: PageReader, accounts: Pick<AccountStore, 'getToken'>): MergeReader {
  const pages = (account: AccountContext, modelPath: string, options: ListOptions = {}) =>
    livePages(client, accounts, account, modelPath, options);
  return {
    pages,
    async *syncStatus(account, limits = {}) {
      for await (const page of pages(account, 'sync-status', { ...limits, pageSize: MAX_PAGE_SIZE }))
        yield* page.results;
    },
    accountDetails: (account, limits) => client.accountDetails(account, limits),
    linkedAccounts: (category, filters) => client.linkedAccounts(category, filters),
  };
}

async function* livePages(
  client: PageReader,
  accounts: Pick<AccountStore, 'getToken'>,
  account: AccountContext,
  modelPath: string,
  options: ListOptions,
): AsyncGenerator<MergePage> {
  const tokenNow = async () => {
    const token = await accounts.getToken(account.accountId);
    if (token === undefined)
      throw new AccountTokenGoneError(`account ${account.accountId} has no token any more (deleted)`);
    return token;
  };
  let cursor = options.cursor ?? null;
  for (;;) {
    const page = await pageWithCurrentToken(client, account, modelPath, { ...options, cursor }, tokenNow);
    yield page;
    if (page.next === null) return;
    if (page.next === cursor) {
      // Following it would request the same page forever (as the client's own pages() refuses).
      throw new MalformedResponseError(
        { method: 'GET', path: `${modelPath}?cursor=${cursor}`, accountId: account.accountId },
        200,
        '"next" repeats the cursor of the page it came with',
      );
    }
    cursor = page.next;
  }
}

async function pageWithCurrentToken(
  client: PageReader,
  account: AccountContext,
  modelPath: string,
  options: ListOptions,
  tokenNow: () => Promise<string>,
): Promise<MergePage> {
  const token = await tokenNow();
  try {
    return await client.listPage({ ...account, accountToken: token }, modelPath, options);
  } catch (error) {
    if (!(error instanceof MergeAuthError)) throw error;
    const replaced = await tokenNow();
    if (replaced === token) throw new RefusedTokenError(error, tokenHash(account.accountId, token));
    return client.listPage({ ...account, accountToken: replaced }, modelPath, options);
  }
}
