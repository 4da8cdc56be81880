import { validateAccountOverrides } from '../config/account-overrides';
import type { AccountOverrides, LinkedAccount } from '../core/accounts';
import type { SyncSettings } from '../config/sync-config';
import type { PurgeJob } from '../queue/messages';
import { accountView, type AccountView } from '../read-api/views';
import { markAccountDeleted, queuePurge } from '../sync/accounts';
import { isoNow, type SyncDeps } from '../sync/ports';
import { Deadline } from '../sync/deadline';
import { purgeAccount } from '../sync/purge-account';
import { OperatorInputError } from './operator-actions';

/**
 * Accounts as `accounts list` shows them (the read API's view: snake_case, never a token), active
 * ones first; deleted ones (tombstones kept so a late webhook cannot bring them back) only if asked.
 */
export async function listAccountViews(
  deps: Pick<SyncDeps, 'accounts'>,
  options: { includeDeleted: boolean },
): Promise<AccountView[]> {
  const accounts = await deps.accounts.listAll();
  return accounts.filter((a) => options.includeDeleted || a.status !== 'DELETED').map(accountView);
}

async function existingAccount(deps: Pick<SyncDeps, 'accounts'>, accountId: string): Promise<LinkedAccount> {
  const account = await deps.accounts.get(accountId);
  if (!account) throw new OperatorInputError(`no account ${accountId}; see accounts list`);
  return account;
}

/**
 * `accounts remove`: what Merge's LinkedAccount.deleted does, for an account unlinked elsewhere (or
 * never to be synced again): mark it DELETED now (polling and fetching stop, later webhooks for it
 * are ignored) and queue the purge of its data for the fetcher, as the webhook does.
 */
export async function removeAccount(deps: SyncDeps, accountId: string): Promise<{ alreadyDeleted: boolean }> {
  const account = await existingAccount(deps, accountId);
  const { alreadyDeleted } = await markAccountDeleted(deps, accountId, () => account, 'operator-removed');
  await queuePurge(deps, accountId);
  deps.log.info('account removed by an operator; purge queued', { accountId });
  return { alreadyDeleted };
}

/**
 * `purge`: the same marking, then the purge itself, here and to the end (with progress), instead of
 * queued. Also finishes the purge of an account that is already DELETED (e.g. its purge job went to
 * the dead-letter queue). Safe beside a queued purge or a fetch: deletes are idempotent, and a fetch
 * that finds the account deleted removes what it wrote itself.
 */
export async function purgeAccountNow(
  deps: SyncDeps,
  accountId: string,
  onProgress: (records: number) => void,
): Promise<{ records: number; alreadyDeleted: boolean }> {
  const account = await existingAccount(deps, accountId);
  const { alreadyDeleted } = await markAccountDeleted(deps, accountId, () => account, 'operator-removed');
  const job: PurgeJob = { v: 1, kind: 'purge', accountId, requestedAt: isoNow(deps.clock) };
  const outcome = await purgeAccount(deps, job, Deadline.none(), onProgress);
  if (outcome.outcome !== 'purged')
    throw new Error(`purge of ${accountId} did not finish (${outcome.outcome})`);
  return { records: outcome.records, alreadyDeleted };
}

/** What changes with `accounts configure`: given keys replace the stored ones; `reset` drops the rest. */
export interface OverridesChange extends AccountOverrides {
  reset?: boolean;
}

/** The effective sync plan of an account, as `accounts configure` shows it (snake_case, as the API). */
export interface AccountConfigView {
  account_id: string;
  category: string;
  plan_requests_per_minute: number;
  /** Our share of it: what the pacer allows per minute. */
  requests_per_minute: number;
  models: {
    model_id: string;
    tier: string;
    tier_overridden: boolean;
    /** Top-level fields its records leave out (personal identifiers by default). */
    denied_fields: string[];
    denied_fields_overridden: boolean;
  }[];
  overrides: AccountView['overrides'];
}

export function accountConfigView(settings: SyncSettings, account: LinkedAccount): AccountConfigView {
  const plan = settings.forAccount(account);
  return {
    account_id: account.id,
    category: account.category,
    plan_requests_per_minute: plan.planRequestsPerMinute,
    requests_per_minute: Math.max(1, Math.floor(plan.planRequestsPerMinute * settings.config.budgetShare)),
    models: plan.models.map((m) => ({
      model_id: m.modelId,
      tier: m.tier,
      tier_overridden: account.overrides?.cadence?.[m.modelId] === m.tier,
      denied_fields: [...m.deniedFields],
      denied_fields_overridden: account.overrides?.denyFields?.[m.modelId] !== undefined,
    })),
    overrides: accountView(account).overrides,
  };
}

/**
 * Changes an account's overrides, validated against the deployment's config as a whole (the change
 * merged with what is stored): unknown models, models of another category, undeclared tiers, and
 * limits out of range are refused with every problem named. An empty result removes the overrides.
 */
export async function configureAccount(
  deps: SyncDeps,
  accountId: string,
  change: OverridesChange,
): Promise<AccountConfigView> {
  await existingAccount(deps, accountId);
  const { reset, ...given } = change;
  const now = isoNow(deps.clock);
  const stored = await deps.accounts.update(accountId, (current) => {
    if (!current || current.status !== 'ACTIVE')
      throw new OperatorInputError(`account ${accountId} is deleted; it cannot be configured`);
    const { updatedAt: _at, ...kept } = current.overrides ?? { updatedAt: now };
    const overrides = validateAccountOverrides(deps.settings, current.category, {
      ...(reset ? {} : kept),
      ...given,
    });
    const { overrides: _old, ...rest } = current;
    const empty = Object.keys(overrides).length === 0;
    return { ...rest, updatedAt: now, ...(empty ? {} : { overrides: { ...overrides, updatedAt: now } }) };
  });
  if (!stored) throw new OperatorInputError(`no account ${accountId}; see accounts list`);
  deps.log.info('account overrides changed by an operator', {
    accountId,
    overrides: stored.overrides ?? null,
  });
  return accountConfigView(deps.settings, stored);
}
