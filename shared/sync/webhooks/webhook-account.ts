import type { SyncedAccount } from '../../core/accounts';
import type { WebhookOutcome } from '../../core/outcomes';
import { isDuplicate } from '../duplicates';
import type { SyncDeps } from '../ports';

/**
 * Why a webhook is dropped at once (counted by reason, never retried, never dead-lettered). Merge's
 * webhooks are organization-wide (reference §12): every linked account's events come to our one
 * URL, those of categories we do not sync and of accounts we never stored included.
 */
export type DropReason =
  /** A data webhook of an account we do not keep (yet): see activeAccount. */
  | 'unknown-account'
  /** A data webhook of an account of a category we do not sync (knowledgebase, chat, mktg...). */
  | 'category-not-synced'
  /** A LinkedAccount.linked whose token Merge refused (a dashboard test delivery, say). */
  | 'token-refused'
  /** ... whose token Merge accepted for another account. */
  | 'token-mismatch'
  /** ... whose token was replaced by a newer one (a replay of an older LinkedAccount.linked). */
  | 'token-retired'
  /** ... naming no category, and Merge does not list the account either (account-category.ts). */
  | 'category-unknown';

export interface DroppedWebhook {
  outcome: 'dropped';
  reason: DropReason;
}

/** What handling one webhook came to: a dropped one says why. */
export type WebhookResult = { outcome: Exclude<WebhookOutcome['outcome'], 'dropped'> } | DroppedWebhook;

/**
 * The account a data webhook is about. Deleted accounts: the webhook changes nothing. A duplicate
 * (Merge's is_duplicate): neither, since its data is synced through the account it duplicates. An
 * account we do not keep (never linked here, linked before this deployment, or its
 * LinkedAccount.linked not processed yet since queues do not keep order), or one of a category we do
 * not sync: dropped at once. That loses nothing: the LinkedAccount.linked of an account we sync
 * starts a watch and its initial fetch, which read everything its earlier webhooks carried (and
 * `accounts add` imports an account linked elsewhere, with the same initial fetch).
 */
export async function activeAccount(
  deps: Pick<SyncDeps, 'accounts' | 'log'>,
  accountId: string,
): Promise<{ outcome: 'active'; account: SyncedAccount } | { outcome: 'ignored' } | DroppedWebhook> {
  const account = await deps.accounts.get(accountId);
  if (!account) return { outcome: 'dropped', reason: 'unknown-account' };
  if (account.status === 'NOT_SYNCED') return { outcome: 'dropped', reason: 'category-not-synced' };
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
