import type { LinkedAccount } from '../../core/accounts';
import type { WebhookOutcome } from '../../core/outcomes';
import { isDuplicate } from '../duplicates';
import type { SyncDeps } from '../ports';

/**
 * A data webhook for an account we do not know (yet): its LinkedAccount.linked may simply not be
 * processed yet (queues do not keep order), so the message is to be retried (process-webhook.ts).
 */
export interface UnknownAccount {
  outcome: 'unknown-account';
  accountId: string;
}

/** What handling one webhook came to. */
export type WebhookResult = WebhookOutcome | UnknownAccount;

/**
 * The account a data webhook is about. Deleted accounts: the webhook changes nothing. A duplicate
 * (Merge's is_duplicate): neither, since its data is synced through the account it duplicates.
 * Unknown accounts: the webhook is retried; if the account never appears, it ends in the
 * dead-letter queue, where an operator sees that an account must be imported.
 */
export async function activeAccount(
  deps: Pick<SyncDeps, 'accounts' | 'log'>,
  accountId: string,
): Promise<{ outcome: 'active'; account: LinkedAccount } | { outcome: 'ignored' } | UnknownAccount> {
  const account = await deps.accounts.get(accountId);
  if (!account) return { outcome: 'unknown-account', accountId };
  if (account.status !== 'ACTIVE') {
    deps.log.info('webhook for a deleted account ignored', { accountId });
    return { outcome: 'ignored' };
  }
  if (isDuplicate(account)) {
    deps.log.info('webhook for a duplicate account ignored', { accountId });
    return { outcome: 'ignored' };
  }
  return { outcome: 'active', account };
}
