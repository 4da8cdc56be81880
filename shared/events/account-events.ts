import type { LinkedAccount } from '../core/accounts';
import { EVENT_SOURCE } from './change-events';
import type { BusEvent } from './ports';

export const ACCOUNT_DETAIL_TYPE = {
  accountRemoved: 'Merge Account Removed',
  accountPurged: 'Merge Account Purged',
} as const;

/**
 * Why an account was removed: Merge's LinkedAccount.deleted, or an operator (`accounts remove`,
 * `purge`, or Merge told to delete it with `accounts remove --in-merge`).
 */
export type AccountRemovedReason = 'merge-deleted' | 'operator-removed';

/**
 * Merge Account Removed (schemaVersion 1): the account is a tombstone from now on and its data is
 * being purged; a consumer drops its copy of the account's records. Sent once, when the account is
 * marked DELETED.
 */
export function accountRemovedEvent(
  account: Pick<LinkedAccount, 'id' | 'category' | 'integration' | 'endUserOriginId'>,
  reason: AccountRemovedReason,
  removedAt: string,
): BusEvent {
  return {
    source: EVENT_SOURCE,
    detailType: ACCOUNT_DETAIL_TYPE.accountRemoved,
    detail: {
      schemaVersion: 1,
      accountId: account.id,
      category: account.category,
      integration: account.integration ?? null,
      endUserOriginId: account.endUserOriginId ?? null,
      reason,
      removedAt,
    },
  };
}

/**
 * Merge Account Purged (schemaVersion 1): every record, sync state and the token of a removed
 * account are gone from the table (`records`: how many records this purge deleted; a purge that is
 * repeated reports what it found left).
 */
export function accountPurgedEvent(accountId: string, records: number, purgedAt: string): BusEvent {
  return {
    source: EVENT_SOURCE,
    detailType: ACCOUNT_DETAIL_TYPE.accountPurged,
    detail: { schemaVersion: 1, accountId, records, purgedAt },
  };
}
