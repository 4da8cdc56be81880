import { validateAccountOverrides } from '../config/account-overrides';
import type { AccountOverrides, LinkedAccount, StoredAccountOverrides } from '../core/accounts';
import type { SyncSettings } from '../config/sync-config';
import type { PurgeJob } from '../queue/messages';
import { markAccountDeleted, queuePurge } from '../sync/accounts';
import { isoNow, type SyncDeps } from '../sync/ports';
import { Deadline } from '../sync/deadline';
import { purgeAccount } from '../sync/purge-account';
import { OperatorInputError } from './operator-actions';

/** One line of `accounts list`: what an operator needs to tell accounts apart (never a token). */
export interface AccountRow {
  id: string;
  category: string;
  integration: string | null;
  status: string;
  linkedAt: string;
  updatedAt: string;
  deletedAt: string | null;
  issue: string | null;
  overrides: StoredAccountOverrides | null;
}

/** Every account, active ones first (the accounts index orders by status, then id). */
export async function listAccountRows(deps: Pick<SyncDeps, 'accounts'>): Promise<AccountRow[]> {
  return (await deps.accounts.listAll()).map((a) => ({
    id: a.id,
    category: a.category,
    integration: a.integration ?? null,
    status: a.status,
    linkedAt: a.linkedAt,
    updatedAt: a.updatedAt,
    deletedAt: a.deletedAt ?? null,
    issue: a.issue ? `${a.issue.status}${a.issue.description ? `: ${a.issue.description}` : ''}` : null,
    overrides: a.overrides ?? null,
  }));
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
  const { alreadyDeleted } = await markAccountDeleted(deps, accountId, () => account);
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
  const { alreadyDeleted } = await markAccountDeleted(deps, accountId, () => account);
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

/** The effective sync plan of an account, as `accounts configure` shows it. */
export interface AccountConfigView {
  accountId: string;
  category: string;
  planRequestsPerMinute: number;
  /** Our share of it: what the pacer allows per minute. */
  requestsPerMinute: number;
  models: { modelId: string; tier: string; tierOverridden: boolean }[];
  overrides: StoredAccountOverrides | null;
}

export function accountConfigView(settings: SyncSettings, account: LinkedAccount): AccountConfigView {
  const plan = settings.forAccount(account);
  return {
    accountId: account.id,
    category: account.category,
    planRequestsPerMinute: plan.planRequestsPerMinute,
    requestsPerMinute: Math.max(1, Math.floor(plan.planRequestsPerMinute * settings.config.budgetShare)),
    models: plan.models.map((m) => ({
      modelId: m.modelId,
      tier: m.tier,
      tierOverridden: account.overrides?.cadence?.[m.modelId] === m.tier,
    })),
    overrides: account.overrides ?? null,
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
