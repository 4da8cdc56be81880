import type { DuplicateMark, LinkedAccount } from '../core/accounts';
import { isoNow, type MergeAccountDetails, type SyncDeps } from './ports';

/**
 * Merge flags a linked account `is_duplicate` when it duplicates another linked account of the same
 * end user and integration (reference §12 "Duplicates"). Both would sync the same data, so a
 * duplicate is not polled or fetched: it is shown with the reason, and the daily reconciliation
 * asks Merge (account-details, one request) whether it still is one.
 */
export const isDuplicate = (account: Pick<LinkedAccount, 'duplicate'>): boolean =>
  account.duplicate !== undefined;

export const DUPLICATE_REASON =
  'Merge flags this linked account is_duplicate (another linked account has the same end user and ' +
  'integration): it is not synced, so the same data is not synced twice. Delete the duplicate in Merge, ' +
  'or relink the one to keep.';

/**
 * The `duplicate` field an account gets from Merge's `is_duplicate`: true marks it (keeping when it
 * was first seen), false or null clears the mark, absent (a payload without it) keeps what we knew.
 */
export function duplicateField(
  current: Pick<LinkedAccount, 'duplicate'> | undefined,
  isDuplicateNow: boolean | null | undefined,
  source: DuplicateMark['source'],
  now: string,
): { duplicate?: DuplicateMark } {
  const known = current?.duplicate;
  if (isDuplicateNow === true) return { duplicate: known ?? { source, since: now } };
  if (isDuplicateNow === undefined && known) return { duplicate: known };
  return {};
}

/** Reads `is_duplicate` from a webhook's `linked_account` object (the envelope keeps unknown fields). */
export function duplicateFlagOf(linkedAccount: Record<string, unknown>): boolean | null | undefined {
  const value = linkedAccount.is_duplicate;
  return value === true || value === false || value === null ? value : undefined;
}

/**
 * Stores what account-details says of the account (is_duplicate, Merge's account status such as
 * IDLE for a paused account) when it differs from what we keep; returns the account as stored.
 */
export async function applyAccountDetails(
  deps: SyncDeps,
  account: LinkedAccount,
  details: MergeAccountDetails,
): Promise<LinkedAccount> {
  const now = isoNow(deps.clock);
  const status = details.status ?? undefined;
  const differs =
    isDuplicate(account) !== (details.is_duplicate === true) ||
    (status !== undefined && status !== account.mergeStatus?.status);
  if (!differs) return account;
  const stored = await deps.accounts.update(account.id, (current) => {
    if (!current || current.status !== 'ACTIVE') return null;
    const { duplicate: _previous, ...rest } = current;
    return {
      ...rest,
      ...duplicateField(current, details.is_duplicate ?? null, 'account-details', now),
      ...(status !== undefined && status !== current.mergeStatus?.status
        ? { mergeStatus: { status, since: now } }
        : {}),
      updatedAt: now,
    };
  });
  if (stored && isDuplicate(stored) !== isDuplicate(account)) {
    deps.log.warn(
      isDuplicate(stored)
        ? 'Merge flags the account as a duplicate; it is no longer synced'
        : 'Merge no longer flags the account as a duplicate; syncing it again',
      { accountId: account.id },
    );
  }
  return stored ?? account;
}
