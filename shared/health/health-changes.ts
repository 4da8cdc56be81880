import type { LinkedAccount } from '../core/accounts';
import type { HealthChange } from '../core/health';
import { EVENT_SOURCE } from '../events/change-events';
import { writeWithEvents } from '../events/outbox';
import type { BusEvent, EventDeps } from '../events/ports';
import type { Log } from '../observability/ports';
import type { AccountStore } from '../store/ports';
import { assessAccount, type HealthDeps } from './account-health';
import { healthSummary } from './summary';

export const HEALTH_CHANGED = 'Account Health Changed';

/** How many published changes the account item keeps for the console's timeline. */
export const HEALTH_HISTORY_LENGTH = 20;

export interface HealthChangeDeps extends HealthDeps {
  accounts: Pick<AccountStore, 'get' | 'update'>;
  events?: EventDeps;
  log: Log;
}

/** The bus event of one change; the end user's email address (personal data) is not in it. */
export function healthChangedEvent(account: LinkedAccount, change: HealthChange, summary: string): BusEvent {
  return {
    source: EVENT_SOURCE,
    detailType: HEALTH_CHANGED,
    detail: {
      accountId: account.id,
      category: account.category,
      integration: account.integration ?? null,
      endUserOriginId: account.endUserOriginId ?? null,
      endUserOrganizationName: account.endUserOrganizationName ?? null,
      from: change.from,
      to: change.to,
      reason: change.reason,
      summary,
      at: change.at,
    },
  };
}

/**
 * Evaluates the account's health and, when it differs from the one last published, announces the
 * change once: the new state is written on the account item only if the stored one is still the
 * state it was judged against (a concurrent evaluator that got there first wins, and this one
 * publishes nothing), and the event goes through the outbox with that write. An account seen for
 * the first time starting out (initial sync, or healthy) is recorded without an event: only changes
 * are news, and a deployment upgrading must not announce every account at once.
 */
export async function publishHealthChange(
  deps: HealthChangeDeps,
  accountId: string,
): Promise<HealthChange | null> {
  const account = await deps.accounts.get(accountId);
  if (!account) return null;
  const assessment = await assessAccount(deps, account);
  const from = account.health?.state ?? null;
  if (from === assessment.state) return null;
  const change: HealthChange = {
    from,
    to: assessment.state,
    reason: assessment.reason,
    at: new Date(deps.clock.now()).toISOString(),
  };
  const quiet = from === null && (change.to === 'initial_sync' || change.to === 'healthy');
  const events = quiet
    ? []
    : [healthChangedEvent(account, change, healthSummary(assessment, account.integration))];
  const published = await writeWithEvents(deps, accountId, events, async () => {
    let written = false;
    await deps.accounts.update(accountId, (current) => {
      written = !!current && (current.health?.state ?? null) === from;
      if (!current || !written) return null;
      const history = [change, ...(current.health?.history ?? [])].slice(0, HEALTH_HISTORY_LENGTH);
      return {
        ...current,
        health: { state: change.to, reason: change.reason, since: change.at, history },
      };
    });
    return { result: written, written };
  });
  if (!published) return null;
  deps.log.info('account health changed', { accountId, from, to: change.to, reason: change.reason });
  return change;
}

/**
 * publishHealthChange after a poll or a fetch, never failing it: a change that could not be written
 * is found again by the next evaluation, and one written but not published waits in the outbox,
 * which the account's next poll drains.
 */
export async function refreshHealth(deps: HealthChangeDeps, accountId: string): Promise<void> {
  try {
    await publishHealthChange(deps, accountId);
  } catch (error) {
    deps.log.warn('account health not evaluated', {
      accountId,
      error: error instanceof Error ? error.name : 'unknown',
    });
  }
}
