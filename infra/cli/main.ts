import { OperatorInputError } from '../../shared/operations/operator-actions';
import { addAccountCommand, resyncCommand, statusCommand } from './commands';
import { connectAws } from './aws-target';
import { listDeadLetters, redriveDeadLetters } from './dead-letters';
import { TargetError } from './errors';
import { eventsTail } from './events-tail';
import { connectLocal } from './local-target';

// Node 20 runs the local tools; Lambda runs Node 22, where the SDK has nothing to warn about.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands (against the local runtime started by npm start, or a deployed stack with --stack):
  status [--json]                                   per account and model: status, cursor, last fetch, lag, records, last error
  accounts add --id ID --category CATEGORY --token-stdin [--integration NAME]
                                                    import an account linked earlier; the token is read from stdin
  resync ACCOUNT [MODEL]                            clear the cursor so the next fetch is a full one, and start it
  dlq list [--json]                                 messages waiting in each dead-letter queue
  dlq redrive [events|polls|jobs]                   move dead letters back to their queue (after fixing the cause)
  events tail [--follow] [--json]                   change and sync events on the local bus (local runtime only)

Options:
  --url URL        the local runtime (default http://127.0.0.1:3000)
  --stack NAME     a deployed stack instead (found by its outputs; your AWS credentials and region)
  --region REGION  the stack's AWS region (default: your AWS configuration)
  --help           this text`;

interface Parsed {
  words: string[];
  flags: Map<string, string | true>;
}

const VALUE_FLAGS = new Set(['--url', '--id', '--category', '--integration', '--stack', '--region']);
const BOOLEAN_FLAGS = new Set(['--json', '--token-stdin', '--help', '--follow']);

function parse(argv: string[]): Parsed {
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
  const out = (text: string) => process.stdout.write(`${text}\n`);
  const { words, flags } = parse(argv);
  if (flags.has('--help') || words.length === 0) {
    out(USAGE);
    return words.length === 0 && !flags.has('--help') ? 2 : 0;
  }
  const flag = (name: string) =>
    typeof flags.get(name) === 'string' ? (flags.get(name) as string) : undefined;
  const stack = flag('--stack');
  if (words[0] === 'events' && words[1] === 'tail' && words.length === 2) {
    // Local only: in AWS the bus feeds your rules; add a rule with a CloudWatch Logs target to watch it.
    if (stack)
      throw new OperatorInputError(
        'events tail works against the local runtime; in AWS, watch the bus with a rule',
      );
    await eventsTail(flag('--url') ?? 'http://127.0.0.1:3000', out, {
      follow: flags.has('--follow'),
      json: flags.has('--json'),
      limit: 50,
    });
    return 0;
  }
  const { deps, target, sqs, close } = stack
    ? await connectAws(stack, flag('--region'))
    : await connectLocal(flag('--url') ?? 'http://127.0.0.1:3000');
  try {
    const [command, sub, ...rest] = words;
    if (command === 'status' && !sub) await statusCommand(deps, out, { json: flags.has('--json') });
    else if (command === 'accounts' && sub === 'add' && rest.length === 0) {
      const id = flag('--id');
      const category = flag('--category');
      if (!id || !category) throw new OperatorInputError('accounts add needs --id and --category');
      await addAccountCommand(deps, out, {
        id,
        category,
        tokenStdin: flags.has('--token-stdin'),
        ...(flag('--integration') ? { integration: flag('--integration') as string } : {}),
      });
    } else if (command === 'resync' && sub && rest.length <= 1) await resyncCommand(deps, out, sub, rest[0]);
    else if (command === 'dlq' && sub === 'list' && rest.length === 0)
      await listDeadLetters(sqs, target, out, { json: flags.has('--json') });
    else if (command === 'dlq' && sub === 'redrive' && rest.length <= 1)
      await redriveDeadLetters(sqs, target, out, rest[0]);
    else throw new OperatorInputError(`unknown command "${words.join(' ')}"`);
    return 0;
  } finally {
    close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = error instanceof OperatorInputError || error instanceof TargetError;
    process.stderr.write(
      `cli: ${error instanceof Error ? error.message : String(error)}\n${known ? '' : '\n'}`,
    );
    if (error instanceof OperatorInputError) process.stderr.write(`\n${USAGE}\n`);
    process.exit(known ? 2 : 1);
  },
);
