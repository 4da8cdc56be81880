import { addAccount } from '../../../shared/operations/account-import';
import { listAccountViews } from '../../../shared/operations/account-admin';
import type { AccountView } from '../../../shared/read-api/views';
import type { MergeReader, SyncDeps } from '../../../shared/sync/ports';
import { flagValue, type CommandSpec } from '../registry';
import { formatTable } from '../table';
import type { Terminal } from '../terminal';

/** "models=crm.Lead cadence=crm.Lead:hourly plan=400": the overrides on one line. */
function overridesSummary(overrides: AccountView['overrides']): string {
  if (!overrides) return '';
  return [
    overrides.models ? `models=${overrides.models.join('+')}` : '',
    overrides.cadence
      ? `cadence=${Object.entries(overrides.cadence)
          .map(([model, tier]) => `${model}:${tier}`)
          .join('+')}`
      : '',
    overrides.plan_requests_per_minute !== null ? `plan=${overrides.plan_requests_per_minute}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

const minute = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/** `accounts list`: accounts (active first) with names, status, issue and overrides; deleted ones with --all. */
export async function listAccountsCommand(
  deps: SyncDeps,
  terminal: Terminal,
  options: { json: boolean; all: boolean },
) {
  const accounts = await listAccountViews(deps, { includeDeleted: options.all });
  if (options.json) return terminal.out(JSON.stringify({ accounts }, null, 2));
  if (accounts.length === 0)
    return terminal.out(
      'No linked accounts yet. Link one in Merge, or import one: merge-sync accounts add --help',
    );
  terminal.out(
    formatTable(
      ['account', 'integration', 'organization', 'category', 'status', 'linked', 'issue', 'overrides'],
      accounts.map((a) => [
        a.id,
        a.integration ?? '',
        a.end_user_organization_name ?? '',
        a.category,
        a.duplicate
          ? `${a.status}, duplicate: not synced`
          : a.status_detail && a.status !== 'ACTIVE'
            ? a.status_detail
            : a.status,
        minute(a.linked_at),
        a.issue
          ? `${a.issue.status}${a.issue.description ? `: ${a.issue.description}` : ''}`.slice(0, 50)
          : a.action_needed
            ? `${a.action_needed.status} in Merge`
            : '',
        overridesSummary(a.overrides),
      ]),
    ),
  );
}

export const accountsListSpec: CommandSpec = {
  name: 'accounts list',
  summary: 'accounts, active first: names, category, status, linked, issue, overrides',
  args: [],
  flags: [
    { name: '--json', help: 'the same as JSON (snake_case, as GET /accounts)' },
    { name: '--all', help: 'include deleted accounts (kept as tombstones)' },
  ],
  examples: [
    { command: 'accounts list', note: 'the active accounts of the local runtime' },
    { command: 'accounts list --all --json', note: 'every account, deleted ones too, as JSON' },
  ],
  target: 'any',
  async run({ flags, connect, terminal }) {
    const { deps } = await connect();
    await listAccountsCommand(deps, terminal, { json: flags.has('--json'), all: flags.has('--all') });
  },
};

/**
 * `accounts add`: imports an account linked earlier. The token is read from standard input (never an
 * argument, never echoed) and checked with Merge before anything is stored.
 */
export async function addAccountCommand(
  deps: SyncDeps & { merge: MergeReader },
  terminal: Terminal,
  input: { id: string; category: string; accountToken: string; integration?: string },
) {
  terminal.progress(`Checking the token with Merge (GET /${input.category}/v1/sync-status)…`);
  const account = await addAccount(deps, input);
  terminal.out(
    `Imported ${account.category} account ${account.id}: Merge accepted its token. ` +
      'Polling it now, then on its cadence; follow it with: merge-sync status',
  );
}

export const accountsAddSpec: CommandSpec = {
  name: 'accounts add',
  summary: 'import an account linked earlier, once Merge accepts its token (read from standard input)',
  args: [],
  flags: [
    { name: '--id', value: 'ID', required: true, help: "the linked account's id in Merge" },
    {
      name: '--category',
      value: 'CATEGORY',
      required: true,
      help: 'hris, ats, crm, accounting, ticketing or filestorage',
    },
    {
      name: '--token-stdin',
      required: true,
      help: 'read the account token from standard input (never an argument, not echoed at a terminal)',
    },
    { name: '--integration', value: 'NAME', help: 'a name to show beside the id (e.g. BambooHR)' },
  ],
  details:
    'For accounts whose LinkedAccount.linked webhook never reached this deployment (a laptop Merge cannot\n' +
    'reach). The token is checked with one GET /{category}/v1/sync-status through the same client and\n' +
    'per-account pacing as the functions; a refused token stores nothing (exit 2). Against the local\n' +
    "runtime the check uses MERGE_API_KEY from this shell; against a stack, the stack's secret and\n" +
    'MERGE_REGION (default us).',
  examples: [
    {
      command:
        'accounts add --id 7c9e6679-7425-40de-944b-e07fc1f90ae7 --category hris --token-stdin < token.txt',
      note: 'the token from a file (or paste it at the prompt; it is not echoed)',
    },
    {
      command:
        'accounts add --id 7c9e6679-7425-40de-944b-e07fc1f90ae7 --category crm --token-stdin --integration HubSpot --stack MergeSync',
      note: 'into a deployed stack',
    },
  ],
  target: 'any',
  async run({ flags, connect, terminal, readSecret }) {
    const target = await connect();
    // Before the token is asked for: a target that cannot check it says so first.
    const merge = await target.merge();
    const accountToken = await readSecret('Account token (input hidden): ');
    const integration = flagValue(flags, '--integration');
    await addAccountCommand({ ...target.deps, merge }, terminal, {
      id: flagValue(flags, '--id')!,
      category: flagValue(flags, '--category')!,
      accountToken,
      ...(integration ? { integration } : {}),
    });
  },
};
