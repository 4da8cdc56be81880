import { AccountOverridesError } from '../../shared/config/account-overrides';
import { OperatorInputError } from '../../shared/operations/operator-actions';
import { syncSettingsFromEnvironment } from '../../shared/runtime/config/from-environment';
import { connectAws } from './aws-target';
import { TargetError } from './errors';
import { eventsTail } from './events-tail';
import { connectLocal } from './local-target';
import { flagValue, isDestructive, runCommand, type ParsedArgs } from './run-command';
import { assertConfirmable, ConfirmationRequiredError, NotConfirmedError, processTerminal } from './terminal';

// Node 20 runs the local tools; Lambda runs Node 22, where the SDK has nothing to warn about.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const USAGE = `Usage: npx merge-sync <command> [options]      (or: npm run cli -- <command> [options])

Commands (against the local runtime started by npm start, or a deployed stack with --stack):
  status [--json]                                   per account and model: status, cursor, last fetch, lag, records, last error
  accounts list [--json]                            every account: category, integration, status, linked/updated, issue, overrides
  accounts add --id ID --category CATEGORY --token-stdin [--integration NAME]
                                                    import an account linked earlier; the token is read from stdin
  accounts configure ACCOUNT [--models M1,M2] [--cadence MODEL=TIER[,MODEL=TIER]] [--plan-limit N] [--reset] [--json]
                                                    per-account overrides (which models, at which tier, the plan's
                                                    requests per minute); without options, shows the account's plan
  accounts remove ACCOUNT [--yes]                   as if Merge sent LinkedAccount.deleted: mark it deleted (never synced
                                                    again) and queue the purge of its data for the fetcher
  purge ACCOUNT [--yes]                             mark it deleted and purge its data now, here, with progress (also
                                                    finishes the purge of an account already removed)
  resync ACCOUNT [MODEL] [--full]                   clear the cursor so the next fetch is a full one, and start it; with
                                                    --full, records that full fetch does not return are then removed
  dlq list [--json]                                 messages waiting in each dead-letter queue
  dlq redrive [events|polls|jobs]                   move dead letters back to their queue (after fixing the cause)
  events tail [--follow] [--json]                   change and sync events on the local bus (local runtime only)

remove and purge cannot be undone: at a terminal they ask you to type the account id; elsewhere they
need --yes.

Options:
  --url URL        the local runtime (default http://127.0.0.1:3000)
  --stack NAME     a deployed stack instead (found by its outputs; your AWS credentials and region)
  --region REGION  the stack's AWS region (default: your AWS configuration)
  --help           this text`;

const VALUE_FLAGS = new Set([
  '--url',
  '--id',
  '--category',
  '--integration',
  '--stack',
  '--region',
  '--models',
  '--cadence',
  '--plan-limit',
]);
const BOOLEAN_FLAGS = new Set([
  '--json',
  '--token-stdin',
  '--help',
  '--follow',
  '--yes',
  '--full',
  '--reset',
]);

function parse(argv: string[]): ParsedArgs {
  const words: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      words.push(arg);
      continue;
    }
    if (BOOLEAN_FLAGS.has(arg)) flags.set(arg, true);
    else if (VALUE_FLAGS.has(arg)) {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new OperatorInputError(`${arg} needs a value`);
      flags.set(arg, value);
    } else throw new OperatorInputError(`unknown option ${arg}`);
  }
  return { words, flags };
}

async function main(argv: string[]): Promise<number> {
  const terminal = processTerminal();
  const args = parse(argv);
  const { words, flags } = args;
  if (flags.has('--help') || words.length === 0) {
    terminal.out(USAGE);
    return words.length === 0 && !flags.has('--help') ? 2 : 0;
  }
  const stack = flagValue(args, '--stack');
  if (words[0] === 'events' && words[1] === 'tail' && words.length === 2) {
    // Local only: in AWS the bus feeds your rules; add a rule with a CloudWatch Logs target to watch it.
    if (stack)
      throw new OperatorInputError(
        'events tail works against the local runtime; in AWS, watch the bus with a rule',
      );
    await eventsTail(flagValue(args, '--url') ?? 'http://127.0.0.1:3000', terminal.out, {
      follow: flags.has('--follow'),
      json: flags.has('--json'),
      limit: 50,
    });
    return 0;
  }
  // Before connecting to anything: a script cannot confirm a deletion, so it must say --yes.
  if (isDestructive(words)) assertConfirmable(terminal, words.slice(0, 2).join(' '), flags.has('--yes'));
  // The sync config the commands validate against: the deployment's, from the same variables.
  const settings = syncSettingsFromEnvironment(process.env);
  const target = stack
    ? await connectAws(stack, settings, flagValue(args, '--region'))
    : await connectLocal(flagValue(args, '--url') ?? 'http://127.0.0.1:3000', settings);
  try {
    await runCommand(args, target, terminal);
    return 0;
  } finally {
    target.close();
  }
}

/** Exit 2: the input was wrong or not confirmable (said why); 1: anything else, declining included. */
const INPUT_ERRORS = [OperatorInputError, TargetError, AccountOverridesError, ConfirmationRequiredError];

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = INPUT_ERRORS.some((kind) => error instanceof kind) || error instanceof NotConfirmedError;
    process.stderr.write(
      `cli: ${error instanceof Error ? error.message : String(error)}\n${known ? '' : '\n'}`,
    );
    if (error instanceof OperatorInputError) process.stderr.write(`\n${USAGE}\n`);
    process.exit(INPUT_ERRORS.some((kind) => error instanceof kind) ? 2 : 1);
  },
);
