import type { SyncSettings } from '../config/sync-config';
import type { Clock } from '../runtime/clock';
import type { AccountStore, RecordStore, SyncStateStore } from '../store/ports';
import { newSyncState } from '../core/sync-state';
import { accountView, syncStateView } from './views';

export interface ReadDeps {
  accounts: AccountStore;
  states: SyncStateStore;
  settings: SyncSettings;
  clock: Clock;
}

/** One account, with the plan limit its requests are paced to; undefined when we have none by that id. */
export async function getAccount(deps: Pick<ReadDeps, 'accounts' | 'settings'>, accountId: string) {
  const account = await deps.accounts.get(accountId);
  if (!account) return undefined;
  return {
    ...accountView(account),
    plan_requests_per_minute: deps.settings.forAccount(account).planRequestsPerMinute,
  };
}

/**
 * Every model this account syncs (the deployment's for its category, or its own overrides), with
 * its tier, including those not fetched yet; and the plan limit its requests are paced to.
 *
 * With `countRecords` (the default in the read API), each model carries `records`, the exact number
 * of live records stored. Counting reads every record item of the account (see docs/read-api.md for
 * the cost); a deleted account counts nothing. A model whose records `expand` inlines into another's
 * is always synced in its own right too (shared/config), so it has its own entry. With
 * `maxCountQueries` (the read API's bound on one request), counting stops once that many Queries
 * are spent: the models not counted by then have `records: null` and `records_truncated` is true.
 */
export async function accountSyncState(
  deps: ReadDeps & { records: Pick<RecordStore, 'countLive' | 'countLiveWithin'> },
  accountId: string,
  options: { countRecords: boolean; maxCountQueries?: number } = { countRecords: true },
) {
  const account = await deps.accounts.get(accountId);
  if (!account) return undefined;
  const stored = new Map((await deps.states.listForAccount(accountId)).map((s) => [s.modelId, s]));
  const now = deps.clock.now();
  const plan = deps.settings.forAccount(account);
  let countQueriesLeft = options.maxCountQueries ?? Number.POSITIVE_INFINITY;
  let truncated = false;
  const count = async (modelId: string): Promise<number | null> => {
    if (!options.countRecords || account.status !== 'ACTIVE') return null;
    if (options.maxCountQueries === undefined) return deps.records.countLive(accountId, modelId);
    const counted = await deps.records.countLiveWithin(accountId, modelId, countQueriesLeft);
    countQueriesLeft -= counted.queries;
    if (counted.count === undefined) truncated = true;
    return counted.count ?? null;
  };
  const models = [];
  for (const m of plan.models) {
    const state = stored.get(m.modelId) ?? newSyncState(accountId, m.modelId);
    models.push({ ...syncStateView(state, now, await count(m.modelId)), tier: m.tier });
  }
  return {
    account: { ...accountView(account), plan_requests_per_minute: plan.planRequestsPerMinute },
    models,
    records_truncated: truncated,
  };
}

export type AccountSyncStateView = NonNullable<Awaited<ReturnType<typeof accountSyncState>>>;
