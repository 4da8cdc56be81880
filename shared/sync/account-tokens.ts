import { createHash } from 'node:crypto';
import type { StoredToken } from '../core/accounts';
import { InvalidMergeRequestError, MergeHttpError } from '../merge/errors';
import { isCategory, type AccountContext, type CallLimits } from '../merge/types';
import type { TokenChecker } from './ports';

export type { TokenChecker };
import type { TokenChange } from '../store/ports';

/**
 * How an account's token changes (reference §9): LinkedAccount.linked is the only webhook carrying it;
 * a relink keeps it; `POST account-token/regenerate` replaces it, and Merge refuses the old one from
 * then on. So at most one token per account is good at a time, and:
 *
 * - a token is stored or changed only once Merge accepted it (account-details with it answers 2xx,
 *   naming the same account id or none), because a dashboard test delivery, or a replay of an old LinkedAccount.linked,
 *   carries a token that is not (or no longer) the account's;
 * - a token that was replaced is retired: its hash is kept (never the token) and it is never made
 *   current again, even when Merge cannot be asked (a replay after the seven-day dedupe window, or
 *   re-signed, is then refused without a request);
 * - a token Merge could not be asked about (5xx, timeout, a 4xx other than 401/403) is never lost: stored unverified (no token
 *   yet) or as a candidate beside the current one, and checked at the next poll (usable-token.ts).
 */

/** Retired hashes kept per account: far more replacements than an account sees in its life. */
const MAX_RETIRED = 20;
/** Unconfirmed newer tokens kept per account (each was in a signed LinkedAccount.linked). */
const MAX_CANDIDATES = 5;

/** SHA-256 of the account id and the token: tokens are long random strings, so no salt is needed. */
export function tokenHash(accountId: string, token: string): string {
  return createHash('sha256').update(`${accountId}\n${token}`).digest('base64url');
}

export function isRetired(stored: StoredToken | undefined, accountId: string, token: string): boolean {
  return stored?.retired.includes(tokenHash(accountId, token)) ?? false;
}

/**
 * `token` becomes the account's token. The one it replaces is retired, and candidates are dropped
 * (Merge keeps one good token per account: this is it). A retired token is refused (null). The
 * same token again changes nothing but, once confirmed, its unverified mark.
 */
export function makeCurrent(accountId: string, token: string, options: { verified: boolean }): TokenChange {
  return (stored) => {
    if (isRetired(stored, accountId, token)) return null;
    if (stored?.token === token) {
      if (!options.verified || !stored.unverified) return stored;
      const { unverified: _unverified, ...confirmed } = stored;
      return confirmed;
    }
    const retired = stored ? [tokenHash(accountId, stored.token), ...stored.retired] : [];
    return {
      token,
      ...(options.verified ? {} : { unverified: true }),
      retired: [...new Set(retired)].slice(0, MAX_RETIRED),
    };
  };
}

/**
 * A token Merge could not be asked about. With no token stored it becomes the token, unverified;
 * otherwise it waits beside the current one, which stays in use until Merge accepts the newer one.
 */
export function addCandidate(accountId: string, token: string): TokenChange {
  return (stored) => {
    if (!stored) return { token, unverified: true, retired: [] };
    if (isRetired(stored, accountId, token)) return null;
    if (stored.token === token || stored.candidates?.includes(token)) return stored;
    return { ...stored, candidates: [token, ...(stored.candidates ?? [])].slice(0, MAX_CANDIDATES) };
  };
}

/** Merge refused a candidate: it goes (not retired: it was never the account's token). */
export function dropCandidate(token: string): TokenChange {
  return (stored) => {
    if (!stored?.candidates?.includes(token)) return stored ?? null;
    const candidates = stored.candidates.filter((c) => c !== token);
    const { candidates: _candidates, ...rest } = stored;
    return candidates.length > 0 ? { ...rest, candidates } : rest;
  };
}

/**
 * What Merge says of a token: accepted (for this account), refused (401/403: Merge's answers for a
 * token it does not take), mismatch (accepted, but for another account), or unavailable (anything
 * else: 5xx, timeout, rate limit, another 4xx, no API key yet): unknown, so the token must be kept.
 */
export type TokenVerdict =
  | { verdict: 'accepted' }
  | { verdict: 'refused'; status: number | undefined }
  | { verdict: 'mismatch' }
  | { verdict: 'unavailable'; reason: string };

/** The statuses that say "not this token"; any other failure says only that Merge could not be asked. */
const REFUSING_STATUSES = new Set([401, 403]);

export async function checkToken(
  checker: TokenChecker,
  account: AccountContext,
  limits: CallLimits = {},
): Promise<TokenVerdict> {
  try {
    const details = await checker.accountDetails(account, limits);
    // Every AccountDetails field is optional (merge-common-models.md §4): a 2xx without an `id` is
    // Merge accepting the token; only an `id` naming another account says it is someone else's.
    if (details.id === undefined || details.id === account.accountId) return { verdict: 'accepted' };
    return { verdict: 'mismatch' };
  } catch (error) {
    // Not a valid header value (nothing was sent): it cannot be a token Merge issued.
    if (error instanceof InvalidMergeRequestError) return { verdict: 'refused', status: undefined };
    if (error instanceof MergeHttpError && REFUSING_STATUSES.has(error.status)) {
      // Merge answers 401 for a wrong API key as for a wrong token: a token is refused only once our
      // key is known to work, or a revoked key would throw away every new account's token.
      if (await apiKeyAccepted(checker, account, limits)) return { verdict: 'refused', status: error.status };
      return { verdict: 'unavailable', reason: 'api-key-not-confirmed' };
    }
    // A 404, 400 or other 4xx (a category path Merge does not serve, say) is no judgement of the token.
    if (error instanceof MergeHttpError) return { verdict: 'unavailable', reason: `http-${error.status}` };
    // Never the error's message: a body snippet could quote what was sent.
    return { verdict: 'unavailable', reason: error instanceof Error ? error.name : 'error' };
  }
}

/** One organization-wide request with the API key alone; only a 2xx says the key works. */
async function apiKeyAccepted(checker: TokenChecker, account: AccountContext, limits: CallLimits) {
  const pages = checker.linkedAccounts(isCategory(account.category) ? account.category : 'hris', {
    ...limits,
    id: account.accountId,
    pageSize: 1,
  });
  try {
    await pages.next();
    return true;
  } catch {
    return false;
  } finally {
    await pages.return(undefined).catch(() => undefined);
  }
}

/** What a LinkedAccount.linked's token comes to, before the account is stored or changed. */
export type OfferedToken =
  /** The token stored already (a relink keeps it, §9): nothing to check or change. */
  | { outcome: 'same' }
  /**
   * To be stored with the account: `verified` when Merge accepted it; `unconfirmed` when it is the
   * account's only token and Merge could not be asked.
   */
  | { outcome: 'store'; change: TokenChange; verified: boolean; unconfirmed: boolean }
  | { outcome: 'refused'; reason: 'token-retired' | 'token-refused' | 'token-mismatch' };

/** How long a LinkedAccount.linked waits for Merge to confirm its token before keeping it unverified. */
export const TOKEN_CHECK_BUDGET_MS = 7_000;

/**
 * Decides on the token of a LinkedAccount.linked: the same as stored, retired (a replay of an older
 * one), or checked with Merge (paced like every request of the account, within a short budget).
 */
export async function judgeOfferedToken(
  deps: {
    accounts: { getStoredToken(accountId: string): Promise<StoredToken | undefined> };
    clock: { now(): number };
  },
  checker: () => Promise<TokenChecker>,
  account: { id: string; category: string },
  token: string,
): Promise<OfferedToken> {
  const stored = await deps.accounts.getStoredToken(account.id);
  if (isRetired(stored, account.id, token)) return { outcome: 'refused', reason: 'token-retired' };
  if (stored?.token === token) return { outcome: 'same' };
  const context = { accountId: account.id, accountToken: token, category: account.category };
  let verdict: TokenVerdict;
  try {
    verdict = await checkToken(await checker(), context, {
      deadlineAtMs: deps.clock.now() + TOKEN_CHECK_BUDGET_MS,
    });
  } catch (error) {
    // The checker itself could not be built (the API key's secret not set yet): Merge was not asked.
    verdict = { verdict: 'unavailable', reason: error instanceof Error ? error.name : 'error' };
  }
  switch (verdict.verdict) {
    case 'accepted':
      return {
        outcome: 'store',
        change: makeCurrent(account.id, token, { verified: true }),
        verified: true,
        unconfirmed: false,
      };
    case 'refused':
      return { outcome: 'refused', reason: 'token-refused' };
    case 'mismatch':
      return { outcome: 'refused', reason: 'token-mismatch' };
    case 'unavailable':
      return {
        outcome: 'store',
        change: addCandidate(account.id, token),
        verified: false,
        unconfirmed: stored === undefined,
      };
  }
}
