import type { SyncedAccount } from '../core/accounts';
import { METRIC } from '../observability/ports';
import { checkToken, dropCandidate, makeCurrent, type TokenVerdict } from './account-tokens';
import { queuePurge } from './accounts';
import { isoNow, type MergeDeps, type SyncDeps } from './ports';

/**
 * The token to poll an account with, once Merge has had its say on what a LinkedAccount.linked left
 * unconfirmed because Merge could not be asked then (account-tokens.ts). At the first poll after:
 *
 * - a newer candidate token Merge accepts becomes the token (the old one retired); one Merge refuses
 *   is dropped; one it still cannot judge waits for the next poll beside the current token;
 * - an unverified only token Merge accepts is confirmed; one it refuses was never the account's (a
 *   dashboard test delivery, a replay of an old LinkedAccount.linked): the account it created is
 *   removed, no tombstone left, its data (if any) purged.
 *
 * Undefined: no token to poll with.
 */
export async function usableToken(
  deps: SyncDeps & MergeDeps,
  account: SyncedAccount,
): Promise<string | undefined> {
  const stored = await deps.accounts.getStoredToken(account.id);
  if (!stored) return undefined;
  if (!stored.unverified && !stored.candidates?.length) return stored.token;
  const check = (token: string) =>
    checkToken(deps.merge, { accountId: account.id, accountToken: token, category: account.category });

  for (const candidate of stored.candidates ?? []) {
    const verdict = await check(candidate);
    if (verdict.verdict === 'unavailable') break; // Merge cannot say now: every candidate waits
    if (verdict.verdict === 'accepted') {
      await deps.accounts.changeToken(account.id, makeCurrent(account.id, candidate, { verified: true }));
      await markConfirmed(deps, account.id);
      deps.log.info('a newer account token was confirmed by Merge and replaces the old one', {
        accountId: account.id,
      });
      return candidate;
    }
    await deps.accounts.changeToken(account.id, dropCandidate(candidate));
    countRefused(deps, account.id, verdict, 'candidate');
  }
  if (!stored.unverified) return stored.token;
  const verdict = await check(stored.token);
  if (verdict.verdict === 'unavailable') return stored.token;
  if (verdict.verdict === 'accepted') {
    await deps.accounts.changeToken(account.id, makeCurrent(account.id, stored.token, { verified: true }));
    await markConfirmed(deps, account.id);
    return stored.token;
  }
  countRefused(deps, account.id, verdict, 'only');
  if (account.unconfirmed) {
    await deps.accounts.remove(account.id);
    await queuePurge(deps, account.id);
    deps.log.warn('account removed: Merge refused the only token it came with', { accountId: account.id });
    return undefined;
  }
  // An account confirmed before whose token went missing and came back unverified: keep the account
  // (its data too) and leave the token to the usual refusal handling of the poll.
  return stored.token;
}

async function markConfirmed(deps: SyncDeps, accountId: string): Promise<void> {
  await deps.accounts.update(accountId, (current) => {
    if (!current?.unconfirmed) return null;
    const { unconfirmed: _unconfirmed, ...rest } = current;
    return { ...rest, updatedAt: isoNow(deps.clock) };
  });
}

function countRefused(
  deps: SyncDeps,
  accountId: string,
  verdict: Exclude<TokenVerdict, { verdict: 'accepted' | 'unavailable' }>,
  which: 'candidate' | 'only',
): void {
  const reason = verdict.verdict === 'mismatch' ? 'token-mismatch' : 'token-refused';
  deps.metrics.add(METRIC.webhooksDropped, 1, 'Count', { reason });
  // Never the token: which one it was and why is what an operator needs.
  deps.log.warn('Merge refused an account token a LinkedAccount.linked brought', {
    accountId,
    which,
    reason,
  });
}
