import { isoNow, type SyncDeps } from './ports';
import type { LinkedAccount } from '../core/accounts';
import type { TokenChange } from '../store/ports';
import { makeCurrent } from './account-tokens';
import { accountRemovedEvent, type AccountRemovedReason } from '../events/account-events';
import { writeWithEvents } from '../events/outbox';

export type ActivateOutcome =
  | { outcome: 'stored'; account: LinkedAccount }
  /** A deleted account is never brought back, by a late LinkedAccount.linked or by an import. */
  | { outcome: 'deleted' }
  /** The token was replaced by a newer one earlier: it is never used again (account-tokens.ts). */
  | { outcome: 'token-retired' };

/**
 * Stores an account (built by `build`) with its token, unless it was deleted. `token` is a token
 * Merge accepted (it becomes current, the one it replaces is retired) or a change decided by
 * account-tokens.ts. The token is written first, so the account is never visible without it.
 */
export async function activateAccount(
  deps: Pick<SyncDeps, 'accounts'>,
  accountId: string,
  build: (current: LinkedAccount | undefined) => LinkedAccount,
  token: string | TokenChange,
): Promise<ActivateOutcome> {
  let deleted = false;
  let retired = false;
  const tokenChange = typeof token === 'string' ? makeCurrent(accountId, token, { verified: true }) : token;
  const stored = await deps.accounts.update(
    accountId,
    (current) => {
      deleted = current?.status === 'DELETED';
      return deleted ? null : build(current);
    },
    (current) => {
      const next = tokenChange(current);
      retired = next === null;
      return next;
    },
  );
  if (deleted) return { outcome: 'deleted' };
  if (retired || !stored) return { outcome: 'token-retired' };
  return { outcome: 'stored', account: stored };
}

/**
 * Marks the account DELETED (polling and fetching stop at once; the item stays as a tombstone, so a
 * late LinkedAccount.linked cannot bring it back) and announces it with Merge Account Removed
 * (through the outbox: the purge publishes it if this process dies first). An account we never
 * stored gets a tombstone built by `unknown`. Returns the tombstone and whether it was already deleted.
 */
export async function markAccountDeleted(
  deps: Pick<SyncDeps, 'accounts' | 'clock' | 'events'>,
  accountId: string,
  unknown: () => Omit<LinkedAccount, 'status' | 'updatedAt'>,
  reason: AccountRemovedReason,
): Promise<{ account: LinkedAccount | undefined; alreadyDeleted: boolean }> {
  const now = isoNow(deps.clock);
  const before = await deps.accounts.get(accountId);
  if (before?.status === 'DELETED') return { account: before, alreadyDeleted: true };
  const removed = accountRemovedEvent(before ?? unknown(), reason, now);
  return writeWithEvents(deps, accountId, [removed], async () => {
    let alreadyDeleted = false;
    const account = await deps.accounts.update(accountId, (current) => {
      alreadyDeleted = current?.status === 'DELETED';
      if (alreadyDeleted) return null;
      const { watch: _watch, ...rest } = current ?? unknown();
      return { ...rest, status: 'DELETED', deletedAt: now, updatedAt: now };
    });
    return { result: { account, alreadyDeleted }, written: !alreadyDeleted };
  });
}

/** Asks the fetcher to purge a deleted account's data (shared/sync/purge-account.ts). */
export async function queuePurge(deps: Pick<SyncDeps, 'queue' | 'clock'>, accountId: string): Promise<void> {
  await deps.queue.send('jobs', [{ v: 1, kind: 'purge', accountId, requestedAt: isoNow(deps.clock) }]);
}
