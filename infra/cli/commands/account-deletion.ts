import { purgeAccountNow, removeAccount } from '../../../shared/operations/account-admin';
import {
  deleteAccountInMerge,
  type MergeAccountClient,
} from '../../../shared/operations/merge-account-actions';
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

/** Where a person deletes a linked account in Merge without the CLI. */
const MERGE_KEEPS_IT =
  'Merge still has this linked account and keeps syncing (and billing) it. Delete it in Merge’s dashboard ' +
  '(Linked Accounts, then the account, then Delete); next time, accounts remove --in-merge deletes it in Merge first.';

const IN_MERGE_FIRST =
  'deletes the linked account in Merge (Merge stops syncing and billing it; the end user must link again ' +
  'to sync it), then ';

/**
 * `accounts remove`: as if Merge had sent LinkedAccount.deleted: the account is marked deleted now
 * and the fetcher purges its data from the queue. With `merge` (--in-merge) the linked account is
 * deleted in Merge first (POST /delete-account), so Merge stops syncing and billing it; without, the
 * output says plainly that Merge keeps it. Asks first (or --yes).
 */
export async function removeAccountCommand(
  deps: SyncDeps,
  terminal: Terminal,
  accountId: string,
  options: { yes: boolean; merge?: MergeAccountClient },
) {
  const account = await accountToDelete(deps, accountId);
  const inMerge = options.merge !== undefined;
  await confirmByAccountId(terminal, {
    command: 'accounts remove',
    accountId,
    yes: options.yes,
    consequence:
      `accounts remove ${inMerge ? IN_MERGE_FIRST : ''}marks account ${describeAccount(account)} deleted: it is ` +
      'never synced again, later webhooks for it are ignored, and its records, sync state and token are purged. ' +
      'This cannot be undone.',
  });
  const { alreadyDeleted } = options.merge
    ? await deleteAccountInMerge({ ...deps, merge: options.merge }, accountId)
    : await removeAccount(deps, accountId);
  terminal.out(
    `${inMerge ? `Deleted linked account ${accountId} in Merge. ` : ''}` +
      `${alreadyDeleted ? 'Account was already removed' : `Removed account ${accountId}`}: ` +
      'its purge is queued for the fetcher (records, sync state, token); the account stays as a DELETED tombstone.' +
      (inMerge ? '' : `\n${MERGE_KEEPS_IT}`),
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
  summary:
    'what LinkedAccount.deleted does: mark it deleted, queue its purge (--in-merge: delete in Merge too)',
  args: [{ name: 'ACCOUNT', help: 'the account id' }],
  flags: [
    { name: '--yes', help: 'do not ask (for scripts)' },
    {
      name: '--in-merge',
      help: 'delete the linked account in Merge first (POST /delete-account): Merge stops syncing and billing it',
    },
  ],
  details:
    'Never polled or fetched again, later webhooks for it ignored; its records, sync states, seen marks,\n' +
    'outbox and token are purged by the fetcher. The account item stays as a DELETED tombstone, so a late\n' +
    'LinkedAccount.linked cannot bring it back. Without --in-merge, Merge keeps the linked account (and\n' +
    "keeps syncing and billing it): delete it in Merge's dashboard. With --in-merge nothing here is removed\n" +
    `unless Merge confirms the deletion.\n${confirmation}`,
  examples: [
    { command: 'accounts remove 7c9e6679-7425-40de-944b-e07fc1f90ae7', note: 'asks you to type the id' },
    {
      command: 'accounts remove 7c9e6679-7425-40de-944b-e07fc1f90ae7 --yes --stack MergeSync',
      note: 'in a script, on a deployed stack',
    },
    {
      command: 'accounts remove 7c9e6679-7425-40de-944b-e07fc1f90ae7 --in-merge',
      note: 'also delete it in Merge, so Merge stops syncing and billing it',
    },
  ],
  target: 'any',
  destructive: true,
  async run({ args, flags, connect, terminal }) {
    const target = await connect();
    const merge = flags.has('--in-merge') ? await target.merge() : undefined;
    await removeAccountCommand(target.deps, terminal, args.ACCOUNT!, {
      yes: flags.has('--yes'),
      ...(merge ? { merge } : {}),
    });
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
