import { reindexAccounts } from '../../../shared/operations/account-reindex';
import type { SyncDeps } from '../../../shared/sync/ports';
import type { CommandSpec } from '../registry';
import type { Terminal } from '../terminal';

/** `accounts reindex`: puts every account in the health index and recomputes GET /accounts' counts. */
export async function reindexAccountsCommand(deps: SyncDeps, terminal: Terminal, options: { json: boolean }) {
  const summary = await reindexAccounts(deps, (seen, rewritten) =>
    terminal.progress(`${seen} account(s) read, ${rewritten} rewritten…`),
  );
  if (options.json) return terminal.out(JSON.stringify(summary, null, 2));
  const { recount } = summary;
  terminal.out(
    `${summary.seen} account(s): ${summary.rewritten} rewritten with this version's listing keys. ` +
      `Counts: ${recount.corrected} corrected, ${recount.unchanged} already right` +
      (recount.changedMeanwhile > 0
        ? `, ${recount.changedMeanwhile} changed while counting (left as they are; run it again to check them)`
        : '') +
      '.',
  );
}

export const accountsReindexSpec: CommandSpec = {
  name: 'accounts reindex',
  summary: "after an upgrade, or if GET /accounts' counts look off: index every account, recount",
  args: [],
  flags: [{ name: '--json', help: 'the summary as JSON' }],
  details:
    'GET /accounts finds accounts by state and category through an index, and counts them with counters\n' +
    'kept as accounts change (docs/read-api.md). An account written by an earlier version is in neither\n' +
    'until it is written again: this writes each such account once (the same document), then recomputes\n' +
    'the counts from the accounts. It reads every account; running it again is harmless.',
  examples: [
    { command: 'accounts reindex', note: 'on the local runtime' },
    { command: 'accounts reindex --stack MergeSync', note: 'once after upgrading a deployed stack' },
  ],
  target: 'any',
  async run({ flags, connect, terminal }) {
    const { deps } = await connect();
    await reindexAccountsCommand(deps, terminal, { json: flags.has('--json') });
  },
};
