import type { StoredAccountOverrides } from '../../shared/core/accounts';
import {
  accountConfigView,
  configureAccount,
  listAccountRows,
  purgeAccountNow,
  removeAccount,
  type AccountConfigView,
  type OverridesChange,
} from '../../shared/operations/account-admin';
import { OperatorInputError } from '../../shared/operations/operator-actions';
import type { SyncDeps } from '../../shared/sync/ports';
import type { LinkedAccount } from '../../shared/core/accounts';
import { formatTable } from './table';
import { confirmByAccountId, type Terminal } from './terminal';

const count = (n: number) => n.toLocaleString('en-US');

/** "models=crm.Lead cadence=crm.Lead:hourly plan=400": the overrides on one line. */
function overridesSummary(overrides: StoredAccountOverrides | null): string {
  if (!overrides) return '';
  return [
    overrides.models ? `models=${overrides.models.join('+')}` : '',
    overrides.cadence
      ? `cadence=${Object.entries(overrides.cadence)
          .map(([model, tier]) => `${model}:${tier}`)
          .join('+')}`
      : '',
    overrides.planRequestsPerMinute !== undefined ? `plan=${overrides.planRequestsPerMinute}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** `accounts list`: every account (active first) with its status, dates, issue and overrides. */
export async function listAccountsCommand(deps: SyncDeps, terminal: Terminal, options: { json: boolean }) {
  const rows = await listAccountRows(deps);
  if (options.json) return terminal.out(JSON.stringify({ accounts: rows }, null, 2));
  if (rows.length === 0)
    return terminal.out('No linked accounts yet. Link one in Merge, or import one: accounts add --help');
  terminal.out(
    formatTable(
      ['account', 'category', 'integration', 'status', 'linked', 'updated', 'issue', 'overrides'],
      rows.map((r) => [
        r.id,
        r.category,
        r.integration ?? '',
        r.status,
        r.linkedAt,
        r.updatedAt,
        (r.issue ?? '').slice(0, 50),
        overridesSummary(r.overrides),
      ]),
    ),
  );
}

async function accountToDelete(deps: SyncDeps, accountId: string): Promise<LinkedAccount> {
  const account = await deps.accounts.get(accountId);
  if (!account) throw new OperatorInputError(`no account ${accountId}; see accounts list`);
  return account;
}

const describeAccount = (a: LinkedAccount) =>
  `${a.id} (${a.category}${a.integration ? `, ${a.integration}` : ''}${a.status === 'DELETED' ? ', already deleted' : ''})`;

/**
 * `accounts remove`: as if Merge had sent LinkedAccount.deleted: the account is marked deleted now
 * and the fetcher purges its data from the queue. Asks first (or --yes).
 */
export async function removeAccountCommand(
  deps: SyncDeps,
  terminal: Terminal,
  accountId: string,
  options: { yes: boolean },
) {
  const account = await accountToDelete(deps, accountId);
  await confirmByAccountId(terminal, {
    command: 'accounts remove',
    accountId,
    yes: options.yes,
    consequence:
      `accounts remove marks account ${describeAccount(account)} deleted: it is never synced again, ` +
      'later webhooks for it are ignored, and its records, sync state and token are purged. This cannot be undone.',
  });
  const { alreadyDeleted } = await removeAccount(deps, accountId);
  terminal.out(
    `${alreadyDeleted ? 'Account was already removed' : `Removed account ${accountId}`}: ` +
      'its purge is queued for the fetcher (records, sync state, token); the account stays as a DELETED tombstone.',
  );
}

/** `purge`: marks the account deleted (if it is not) and deletes its data here, showing progress. */
export async function purgeCommand(
  deps: SyncDeps,
  terminal: Terminal,
  accountId: string,
  options: { yes: boolean },
) {
  const account = await accountToDelete(deps, accountId);
  await confirmByAccountId(terminal, {
    command: 'purge',
    accountId,
    yes: options.yes,
    consequence:
      `purge deletes every record, sync state, seen mark, pending change event and the token of account ` +
      `${describeAccount(account)} now, and marks it deleted for good. This cannot be undone.`,
  });
  const { records } = await purgeAccountNow(deps, accountId, (done) =>
    terminal.progress(`purged ${count(done)} records…`),
  );
  terminal.out(
    `Purged account ${accountId}: ${count(records)} records deleted, with its sync state, outbox and token; ` +
      'it stays as a DELETED tombstone, so later webhooks for it are ignored.',
  );
}

/**
 * `accounts configure`: shows an account's sync plan, or changes its overrides (models, cadence
 * per model, plan limit; --reset drops them all first).
 */
export async function configureAccountCommand(
  deps: SyncDeps,
  terminal: Terminal,
  accountId: string,
  change: OverridesChange,
  options: { json: boolean },
) {
  const changing = Object.keys(change).length > 0;
  let view: AccountConfigView;
  if (changing) view = await configureAccount(deps, accountId, change);
  else {
    const account = await deps.accounts.get(accountId);
    if (!account) throw new OperatorInputError(`no account ${accountId}; see accounts list`);
    view = accountConfigView(deps.settings, account);
  }
  if (options.json) return terminal.out(JSON.stringify(view, null, 2));
  terminal.out(
    formatTable(
      ['model', 'tier'],
      view.models.map((m) => [m.modelId, m.tierOverridden ? `${m.tier} (override)` : m.tier]),
    ),
  );
  terminal.out(
    `\nplan limit: ${view.planRequestsPerMinute} requests/min${view.overrides?.planRequestsPerMinute !== undefined ? ' (override)' : ''}; ` +
      `paced at ${view.requestsPerMinute}/min`,
  );
  if (changing) terminal.out(`Saved. Polls, fetches and pacing follow it within a minute.`);
}
