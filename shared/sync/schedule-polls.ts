import type { PollMessage } from '../queue/messages';
import { hasAuthFailure } from './auth-failures';
import { isDuplicate } from './duplicates';
import { isoNow, type SyncDeps } from './ports';

/**
 * The scheduled poller's fan-out: one poll message per active account with models in the tier
 * (its own tiers when an operator overrode them; or every active account, models or not, for the
 * reconciliation: Merge pauses an account after two weeks without an API request), sent in batches. Each account is then polled by its
 * own invocation, so thousands of accounts never loop through one Lambda.
 */
export async function schedulePolls(
  deps: SyncDeps,
  request: { tier?: string; reconcile: boolean },
): Promise<{ accounts: number }> {
  if (!request.reconcile && (!request.tier || !deps.settings.tier(request.tier))) {
    throw new Error(`unknown cadence tier "${request.tier ?? ''}"`);
  }
  const requestedAt = isoNow(deps.clock);
  let pageToken: string | null = null;
  let accounts = 0;
  do {
    const page = await deps.accounts.listActive(pageToken);
    const messages: PollMessage[] = page.items
      .filter(
        (a) => request.reconcile || deps.settings.forAccount(a).modelsForTier(request.tier ?? '').length > 0,
      )
      // A refused token is retried once a day (the reconciliation), not every few minutes; a duplicate
      // is only asked once a day whether it still is one.
      .filter((a) => request.reconcile || (!hasAuthFailure(a) && !isDuplicate(a)))
      .map((a) => ({
        v: 1,
        kind: 'poll',
        accountId: a.id,
        reason: request.reconcile ? 'reconcile' : 'schedule',
        ...(request.reconcile ? {} : { tier: request.tier }),
        requestedAt,
      }));
    if (messages.length > 0) await deps.queue.send('polls', messages);
    accounts += messages.length;
    pageToken = page.next;
  } while (pageToken);
  deps.log.info('polls scheduled', { tier: request.tier ?? null, reconcile: request.reconcile, accounts });
  return { accounts };
}
