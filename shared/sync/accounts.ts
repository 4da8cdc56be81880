import { isoNow, type SyncDeps } from './ports';
import type { LinkedAccount } from '../core/accounts';

/**
 * Stores an account as ACTIVE (with its token) unless it was deleted: a deleted account is never
 * brought back, by a late LinkedAccount.linked or by an import. Returns undefined when refused.
 */
export async function activateAccount(
  deps: Pick<SyncDeps, 'accounts'>,
  accountId: string,
  build: (current: LinkedAccount | undefined) => LinkedAccount,
  accountToken: string,
): Promise<LinkedAccount | undefined> {
  let refused = false;
  const stored = await deps.accounts.update(
    accountId,
    (current) => {
      if (current?.status === 'DELETED') {
        refused = true;
        return null;
      }
      const built = build(current);
      // The health last announced outlives a relink or an import: its change is announced from it.
      return current?.health && !built.health ? { ...built, health: current.health } : built;
    },
    accountToken,
  );
  return refused ? undefined : stored;
}

/**
 * Marks the account DELETED (polling and fetching stop at once; the item stays as a tombstone, so a
 * late LinkedAccount.linked cannot bring it back). An account we never stored gets a tombstone
 * built by `unknown`. Returns the tombstone and whether it was already deleted.
 */
export async function markAccountDeleted(
  deps: Pick<SyncDeps, 'accounts' | 'clock'>,
  accountId: string,
  unknown: () => Omit<LinkedAccount, 'status' | 'updatedAt'>,
): Promise<{ account: LinkedAccount | undefined; alreadyDeleted: boolean }> {
  const now = isoNow(deps.clock);
  let alreadyDeleted = false;
  const account = await deps.accounts.update(accountId, (current) => {
    alreadyDeleted = current?.status === 'DELETED';
    if (alreadyDeleted) return null;
    const { watch: _watch, ...rest } = current ?? unknown();
    return { ...rest, status: 'DELETED', deletedAt: now, updatedAt: now };
  });
  return { account, alreadyDeleted };
}

/** Asks the fetcher to purge a deleted account's data (shared/sync/purge-account.ts). */
export async function queuePurge(deps: Pick<SyncDeps, 'queue' | 'clock'>, accountId: string): Promise<void> {
  await deps.queue.send('jobs', [{ v: 1, kind: 'purge', accountId, requestedAt: isoNow(deps.clock) }]);
}
