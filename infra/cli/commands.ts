import { accountSyncState, listAccounts } from '../../shared/read-api/views';
import { importAccount, resyncAccount } from '../../shared/operations/operator-actions';
import type { SyncDeps } from '../../shared/sync/ports';
import { readSecretFromStdin } from './read-secret';
import { formatTable, humanDuration } from './table';
import type { Output } from './terminal';

export type { Output } from './terminal';

/** `status`: per account and model, what a person running the sync needs at a glance. */
export async function statusCommand(deps: SyncDeps, out: Output, options: { json: boolean }) {
  const accounts = (await listAccounts(deps)).results;
  const report = [];
  for (const account of accounts) report.push((await accountSyncState(deps, account.id))!);
  if (options.json) return out(JSON.stringify({ accounts: report }, null, 2));
  if (report.length === 0)
    return out('No linked accounts yet. Link one in Merge, or import one: accounts add --help');
  const rows = report.flatMap(({ account, models }) =>
    models.map((m) => [
      account.id,
      account.status === 'ACTIVE' ? m.model_id : `${m.model_id} (account ${account.status.toLowerCase()})`,
      m.fetch_in_progress
        ? `${m.fetch_in_progress.full_resync ? `full resync, ${m.fetch_in_progress.full_resync.phase}` : 'fetching'} (${m.fetch_in_progress.pages} pages)`
        : m.full_resync_requested_at
          ? 'full resync requested'
          : (m.merge_status ?? 'unknown'),
      m.cursor ?? '— (full fetch next)',
      m.last_fetch_finished_at ?? 'never',
      humanDuration(m.lag_seconds),
      String(m.totals.added + m.totals.changed - m.totals.deleted),
      m.last_error ? `${m.last_error.kind}: ${m.last_error.message}`.slice(0, 60) : '',
    ]),
  );
  out(
    formatTable(['account', 'model', 'status', 'cursor', 'last fetch', 'lag', 'records', 'last error'], rows),
  );
}

/** `accounts add`: import an account linked earlier; its token is read from stdin, never echoed. */
export async function addAccountCommand(
  deps: SyncDeps,
  out: Output,
  options: { id: string; category: string; integration?: string; tokenStdin: boolean },
) {
  if (!options.tokenStdin)
    throw new Error('pass --token-stdin and give the account token on standard input (never as an argument)');
  const accountToken = await readSecretFromStdin('Account token (input hidden): ');
  const account = await importAccount(deps, {
    id: options.id,
    category: options.category,
    accountToken,
    ...(options.integration ? { integration: options.integration } : {}),
  });
  out(`Imported ${account.category} account ${account.id}; polling now, then on its cadence.`);
}

/**
 * `resync [--full]`: clear the cursor of one model or all, so the next fetch is a full one (started
 * now); with --full, records that full fetch does not return are removed once it completes.
 */
export async function resyncCommand(
  deps: SyncDeps,
  out: Output,
  accountId: string,
  modelId?: string,
  options: { full?: boolean } = {},
) {
  const request = await resyncAccount(deps, accountId, modelId, options);
  const models = request.models.join(', ');
  if (!request.full) return out(`Full fetch requested for ${models} of account ${accountId}.`);
  out(
    `Full resync requested for ${models} of account ${accountId}. Once the full fetch has completed, ` +
      'records Merge no longer returns are removed (as deletes, with their events); if it does not ' +
      'complete, nothing is removed. Follow it with: status',
  );
}
