import { purgeAccountNow, removeAccount } from '../../../shared/operations/account-admin';
import { OperatorInputError } from '../../../shared/operations/operator-actions';
import type { SyncDeps } from '../../../shared/sync/ports';
import type { LinkedAccount } from '../../../shared/core/accounts';
import type { CommandSpec } from '../registry';
import { count } from '../table';
import { confirmByAccountId, type Terminal } from '../terminal';

async function accountToDelete(deps: SyncDeps, accountId: string): Promise<LinkedAccount> {
  const account = await deps.accounts.get(accountId);
  if (!account) throw new OperatorInputError(`no account ${accountId}; see merge-sync accounts list`);
  return account;
}

const describeAccount = (a: LinkedAccount) =>
  `${a.id} (${[a.category, a.integration, a.endUserOrganizationName].filter(Boolean).join(', ')}` +
  `${a.status === 'DELETED' ? ', already deleted' : ''})`;

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

const confirmation =
  'This cannot be undone. At a terminal it says what will go and asks you to type the account id; in a\n' +
  'script (standard input not a terminal) it refuses unless given --yes, before connecting to anything.';

export const accountsRemoveSpec: CommandSpec = {
  name: 'accounts remove',
  summary: 'what LinkedAccount.deleted does: mark it deleted now and queue the purge of its data',
  args: [{ name: 'ACCOUNT', help: 'the account id' }],
  flags: [{ name: '--yes', help: 'do not ask (for scripts)' }],
  details:
    'Never polled or fetched again, later webhooks for it ignored; its records, sync states, seen marks,\n' +
    'outbox and token are purged by the fetcher. The account item stays as a DELETED tombstone, so a late\n' +
    `LinkedAccount.linked cannot bring it back.\n${confirmation}`,
  examples: [
    { command: 'accounts remove 7c9e6679-7425-40de-944b-e07fc1f90ae7', note: 'asks you to type the id' },
    {
      command: 'accounts remove 7c9e6679-7425-40de-944b-e07fc1f90ae7 --yes --stack MergeSync',
      note: 'in a script, on a deployed stack',
    },
  ],
  target: 'any',
  destructive: true,
  async run({ args, flags, connect, terminal }) {
    const { deps } = await connect();
    await removeAccountCommand(deps, terminal, args.ACCOUNT!, { yes: flags.has('--yes') });
  },
};

export const purgeSpec: CommandSpec = {
  name: 'purge',
  summary: 'mark an account deleted and purge its data now, here, with progress',
  args: [{ name: 'ACCOUNT', help: 'the account id' }],
  flags: [{ name: '--yes', help: 'do not ask (for scripts)' }],
  details:
    'The same marking as accounts remove, then the purge itself from this machine, to the end, with\n' +
    'progress on standard error. Also finishes the purge of an account already removed (say its purge job\n' +
    `reached the jobs dead-letter queue).\n${confirmation}`,
  examples: [{ command: 'purge 7c9e6679-7425-40de-944b-e07fc1f90ae7 --yes', note: 'purge without asking' }],
  target: 'any',
  destructive: true,
  async run({ args, flags, connect, terminal }) {
    const { deps } = await connect();
    await purgeCommand(deps, terminal, args.ACCOUNT!, { yes: flags.has('--yes') });
  },
};
