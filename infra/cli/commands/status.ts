import { accountSyncState, type AccountSyncStateView } from '../../../shared/read-api/account-state';
import type { ActionNeeded } from '../../../shared/read-api/actions-needed';
import type { SyncDeps } from '../../../shared/sync/ports';
import type { CommandSpec } from '../registry';
import { count, formatTable, humanDuration } from '../table';
import type { Output } from '../terminal';

type ModelRow = AccountSyncStateView['models'][number];

/** What a model is doing, in a word or two. */
function modelStatus(m: ModelRow): string {
  const run = m.fetch_in_progress;
  if (run)
    return `${run.full_resync ? `full resync, ${run.full_resync.phase}` : 'fetching'} (${run.pages} pages)`;
  if (m.full_resync_requested_at) return 'full resync requested';
  if (m.action_needed) return `${m.action_needed.status} in Merge, not synced`;
  if (m.cursor === null) return m.last_fetch_finished_at ? 'full fetch next' : 'not fetched yet';
  return m.merge_status ?? 'fetched';
}

const ago = (iso: string | null, nowMs: number) =>
  iso ? `${humanDuration(Math.max(0, (nowMs - Date.parse(iso)) / 1000))} ago` : 'never';

/**
 * `status`: per account and model, what a person running the sync needs at a glance: names beside
 * ids, the exact number of live records stored, the last fetch, lag and the last error. Deleted
 * accounts (tombstones) only with --all.
 */
export async function statusCommand(deps: SyncDeps, out: Output, options: { json: boolean; all: boolean }) {
  const report: AccountSyncStateView[] = [];
  for (const account of await deps.accounts.listAll()) {
    if (account.status === 'DELETED' && !options.all) continue;
    const state = await accountSyncState(deps, account.id);
    if (state) report.push(state);
  }
  if (options.json) return out(JSON.stringify({ accounts: report }, null, 2));
  if (report.length === 0)
    return out('No linked accounts yet. Link one in Merge, or import one: merge-sync accounts add --help');
  const now = deps.clock.now();
  const rows = report.flatMap(({ account, models }) => {
    const who = [account.id, account.integration ?? '', account.end_user_organization_name ?? ''];
    const deleted = account.status === 'DELETED';
    const duplicate = account.duplicate !== null;
    return models.map((m) => [
      ...who,
      m.model_id,
      deleted ? 'account deleted' : duplicate ? 'duplicate, not synced' : modelStatus(m),
      m.records === null ? '—' : count(m.records),
      ago(m.last_fetch_finished_at, now),
      humanDuration(m.lag_seconds),
      m.last_error ? `${m.last_error.kind}: ${m.last_error.message}`.slice(0, 60) : '',
    ]);
  });
  out(
    formatTable(
      [
        'account',
        'integration',
        'organization',
        'model',
        'status',
        'records',
        'last fetch',
        'lag',
        'last error',
      ],
      rows,
    ),
  );
  const actions = actionLines(report, now);
  if (actions.length > 0) out(['', 'Needs you:', ...actions].join('\n'));
}

/** One line per account or model that will not sync by itself: what it is, since when, what to do. */
function actionLines(report: readonly AccountSyncStateView[], nowMs: number): string[] {
  const line = (who: string, action: ActionNeeded, accountId: string) =>
    `- ${who}: ${action.status} (since ${ago(action.since, nowMs)}). ${action.what_to_do.replaceAll('ACCOUNT', accountId)}`;
  return report.flatMap(({ account, models }) => [
    ...(account.action_needed ? [line(account.id, account.action_needed, account.id)] : []),
    ...(account.duplicate
      ? []
      : models.flatMap((m) =>
          m.action_needed ? [line(`${account.id} ${m.model_id}`, m.action_needed, account.id)] : [],
        )),
  ]);
}

export const statusSpec: CommandSpec = {
  name: 'status',
  summary: 'per account and model: status, live records stored, last fetch, lag, last error',
  args: [],
  flags: [
    { name: '--json', help: 'the same as JSON (snake_case, as GET /accounts/{id}/sync-state)' },
    { name: '--all', help: 'include deleted accounts (kept as tombstones)' },
  ],
  details:
    'Accounts and models that will not sync by themselves (PAUSED or DISABLED in Merge, a duplicate) are\n' +
    'listed after the table under "Needs you", with what to do (relink, resync --in-merge, ...).\n' +
    '`records` is the exact number of live records stored per model (tombstones left out): counting reads\n' +
    "every record of the account once (about 0.5 read units per 4 KB), so a large account's status takes a\n" +
    'moment.',
  examples: [
    { command: 'status', note: 'every active account of the local runtime' },
    { command: 'status --json --stack MergeSync', note: 'a deployed stack, as JSON' },
  ],
  target: 'any',
  async run({ flags, connect, terminal }) {
    const { deps } = await connect();
    await statusCommand(deps, terminal.out, { json: flags.has('--json'), all: flags.has('--all') });
  },
};
