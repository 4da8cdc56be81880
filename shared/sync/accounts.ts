import type { SyncDeps } from './ports';
import type { LinkedAccount } from './types';

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
      return build(current);
    },
    accountToken,
  );
  return refused ? undefined : stored;
}
