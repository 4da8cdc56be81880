import { resyncAccount } from '../../../shared/operations/operator-actions';
import { waitForResync, type ResyncOutcome } from '../../../shared/operations/resync-wait';
import type { SyncDeps } from '../../../shared/sync/ports';
import { UsageError } from '../errors';
import type { CommandSpec } from '../registry';
import { assertResyncInMergeAllowed, resyncInMergeCommand } from './resync-in-merge';
import { count } from '../table';
import type { Terminal } from '../terminal';

function describeOutcome(outcome: ResyncOutcome): string {
  const run = outcome.run;
  const counts = run
    ? `${run.pages} page(s), +${count(run.counts.added)} added, ~${count(run.counts.changed)} changed, ` +
      `-${count(run.counts.deleted)} deleted, ${count(run.counts.unchanged)} unchanged`
    : 'done';
  const sweep = outcome.fullResync
    ? outcome.fullResync.outcome === 'swept'
      ? `; swept ${count(outcome.fullResync.swept)} record(s) Merge no longer returns`
      : `; no sweep (${outcome.fullResync.outcome}${outcome.fullResync.reason ? `: ${outcome.fullResync.reason}` : ''})`
    : '';
  return `${outcome.modelId}: full fetch completed, ${counts}${sweep}`;
}

/**
 * `resync [--full] [--wait]`: clear the cursor of one model or all, so the next fetch is a full one
 * (started now); with --full, records that full fetch does not return are removed once it completes;
 * with --wait, show progress until every fetch has ended.
 */
export async function resyncCommand(
  deps: SyncDeps,
  terminal: Terminal,
  accountId: string,
  modelId?: string,
  options: { full?: boolean; wait?: boolean; pollMs?: number } = {},
) {
  const request = await resyncAccount(deps, accountId, modelId, options);
  const models = request.models.join(', ');
  if (!request.full) terminal.out(`Full fetch requested for ${models} of account ${accountId}.`);
  else
    terminal.out(
      `Full resync requested for ${models} of account ${accountId}. Once the full fetch has completed, ` +
        'records Merge no longer returns are removed (as deletes, with their events); if it does not ' +
        'complete, nothing is removed.',
    );
  if (!options.wait) return terminal.out('Follow it with: merge-sync status (or add --wait)');
  terminal.progress('Waiting for the fetch to end (Ctrl-C stops waiting; the fetch goes on)…');
  const outcomes = await waitForResync(deps, accountId, request, terminal.progress, {
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
  });
  for (const outcome of outcomes) terminal.out(describeOutcome(outcome));
}

export const resyncSpec: CommandSpec = {
  name: 'resync',
  summary: 'clear the cursor so the next fetch is a full one, and start it; or --in-merge: Merge resyncs',
  args: [
    { name: 'ACCOUNT', help: 'the account id' },
    { name: 'MODEL', optional: true, help: 'one model, e.g. crm.Lead (default: every model it syncs)' },
  ],
  flags: [
    {
      name: '--full',
      help: 'also remove, as deletes, the records that full fetch does not return (mark and sweep)',
    },
    { name: '--wait', help: 'show progress until the fetch has ended, then what it did' },
    {
      name: '--in-merge',
      help: 'ask Merge to re-sync the account instead (force resync: plan-gated, costs a sync credit)',
    },
    { name: '--yes', help: 'with --in-merge: do not ask (for scripts)' },
  ],
  details:
    'A fetch already under way completes without moving the cursor and is followed by the full fetch.\n' +
    'With --full nothing is removed unless every pass of the full fetch completes; how it ended is the\n' +
    "model's last_full_resync in status --json (swept, superseded, or gave-up with the reason).\n" +
    'With --in-merge it asks Merge instead (POST /sync-status/resync): how a PAUSED account or model comes\n' +
    'back without a relink. It costs a sync credit and Merge allows it only on some plans and for production\n' +
    "accounts; a refusal shows Merge's reason (exit 2). It asks you to type the account id at a terminal,\n" +
    'and refuses without --yes in a script.',
  examples: [
    {
      command: 'resync 7c9e6679-7425-40de-944b-e07fc1f90ae7 crm.Lead --wait',
      note: 'refetch one model and wait for it',
    },
    {
      command: 'resync 7c9e6679-7425-40de-944b-e07fc1f90ae7 --full --stack MergeSync',
      note: 'records deleted in Merge without a delete signal: remove them from the table',
    },
    {
      command: 'resync 7c9e6679-7425-40de-944b-e07fc1f90ae7 --in-merge',
      note: 'a PAUSED account: ask Merge to re-sync it (costs a sync credit)',
    },
  ],
  target: 'any',
  async run({ args, flags, connect, terminal }) {
    if (flags.has('--in-merge')) {
      const yes = flags.has('--yes');
      // Before connecting: a script cannot confirm spending a sync credit.
      assertResyncInMergeAllowed(terminal, {
        model: args.MODEL,
        full: flags.has('--full'),
        wait: flags.has('--wait'),
        yes,
      });
      const target = await connect();
      const merge = await target.merge();
      return resyncInMergeCommand({ ...target.deps, merge }, terminal, args.ACCOUNT!, { yes });
    }
    if (flags.has('--yes')) throw new UsageError('--yes is for resync --in-merge', 'resync');
    const { deps } = await connect();
    await resyncCommand(deps, terminal, args.ACCOUNT!, args.MODEL, {
      full: flags.has('--full'),
      wait: flags.has('--wait'),
    });
  },
};
