import { METRIC } from '../observability/ports';
import { isoNow, type SyncDeps } from './ports';

export const AUTH_FAILED = 'AUTH_FAILED';

/**
 * Merge refused an account's token (401/403): the account was deleted at Merge (and its
 * LinkedAccount.deleted never reached us) or needs relinking. Retrying cannot help and every
 * refused request counts toward Merge's per-IP failure block, so the account is marked, counted,
 * and polled only by the daily reconciliation until a relink or an import clears the mark.
 */
export async function recordAuthFailure(deps: SyncDeps, accountId: string, where: string): Promise<void> {
  const now = isoNow(deps.clock);
  await deps.accounts.update(accountId, (current) =>
    current && current.issue?.status !== AUTH_FAILED
      ? {
          ...current,
          updatedAt: now,
          issue: {
            event: where,
            status: AUTH_FAILED,
            description:
              'Merge refused the account token: the account was deleted at Merge or needs relinking',
            at: now,
          },
        }
      : null,
  );
  deps.metrics.add(METRIC.accountIssues, 1, 'Count', { status: AUTH_FAILED });
  deps.log.warn('Merge refused the account token; polled only daily until relinked', { accountId, where });
}

export const hasAuthFailure = (account: { issue?: { status: string } }) =>
  account.issue?.status === AUTH_FAILED;

/** Merge accepted the token again: the account goes back to polling at its models' cadence. */
export async function clearAuthFailure(deps: SyncDeps, accountId: string): Promise<void> {
  await deps.accounts.update(accountId, (current) => {
    if (!current || !hasAuthFailure(current)) return null;
    const { issue: _issue, ...rest } = current;
    return { ...rest, updatedAt: isoNow(deps.clock) };
  });
  deps.log.info('Merge accepts the account token again; polling at cadence', { accountId });
}
