// Standalone Merge simulator:
//   MERGE_API_KEY=... MERGE_WEBHOOK_SIGNATURE_KEY=... \
//     tsx infra/local/merge-simulator/cli.ts --port 9000 [--rate-limit 100] [--seed-demo [--print-token]]
//     [--seed-all-models] [--seed N] [--page-delay MS] [--verbose]
// Prints the base URL (and with --seed-demo / --seed-all-models the accounts' ids). The account token goes to stderr, and
// only with --print-token, because an operator needs it to import the account.
import { CATEGORIES, startMergeSimulator } from './index';

interface CliArgs {
  port: number;
  rateLimit: number | null;
  seedDemo: boolean;
  seedAllModels: boolean;
  printToken: boolean;
  seed: number | undefined;
  pageDelayMs: number;
  verbose: boolean;
}

const USAGE = `Usage: npm run simulator -- [options]
A standalone Merge simulator. Needs MERGE_API_KEY and MERGE_WEBHOOK_SIGNATURE_KEY in the environment
(the keys it accepts and signs with).

Options:
  --port N          port on 127.0.0.1 (default 9000; 0 picks a free one)
  --rate-limit N    requests per minute per linked account, as Merge's plans (default: none)
  --seed-demo       link a demo hris account with 50 employees and print its id
  --print-token     with --seed-demo: print that account's token on standard error (for accounts add)
  --seed-all-models link one account per category with every Common Model seeded (3 records each)
  --seed N          make every id, token and value reproducible
  --page-delay MS   answer each page after this long
  --verbose         log every request
  --help            this text`;

function usage(message: string): never {
  console.error(`merge-simulator: ${message}`);
  console.error(USAGE);
  process.exit(2);
}

function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = {
    port: 9000,
    rateLimit: null,
    seedDemo: false,
    seedAllModels: false,
    printToken: false,
    seed: undefined,
    pageDelayMs: 0,
    verbose: false,
  };
  const int = (flag: string, value: string | undefined, min: number): number => {
    const n = Number(value);
    if (value === undefined || !Number.isInteger(n) || n < min) usage(`${flag} needs an integer >= ${min}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    switch (flag) {
      case '--port':
        args.port = int(flag, argv[++i], 0);
        break;
      case '--rate-limit':
        args.rateLimit = int(flag, argv[++i], 1);
        break;
      case '--seed':
        args.seed = int(flag, argv[++i], 0);
        break;
      case '--page-delay':
        args.pageDelayMs = int(flag, argv[++i], 0);
        break;
      case '--seed-demo':
        args.seedDemo = true;
        break;
      case '--seed-all-models':
        args.seedAllModels = true;
        break;
      case '--print-token':
        args.printToken = true;
        break;
      case '--verbose':
        args.verbose = true;
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        return process.exit(0);
      default:
        usage(`unknown argument ${JSON.stringify(flag)}`);
    }
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const apiKey = process.env.MERGE_API_KEY;
  const webhookSignatureKey = process.env.MERGE_WEBHOOK_SIGNATURE_KEY;
  if (!apiKey || !webhookSignatureKey) {
    console.error('merge-simulator: MERGE_API_KEY and MERGE_WEBHOOK_SIGNATURE_KEY must be set');
    process.exit(2);
  }
  const sim = await startMergeSimulator({
    apiKey,
    webhookSignatureKey,
    port: args.port,
    rateLimitPerMinute: args.rateLimit,
    pageDelayMs: args.pageDelayMs,
    ...(args.seed !== undefined ? { seed: args.seed } : {}),
    ...(args.verbose ? { log: (line: string) => console.log(line) } : {}),
  });
  console.log(`Merge simulator listening on ${sim.baseUrl}`);
  if (args.seedDemo) {
    const account = sim.linkAccount({ category: 'hris', endUserOrganizationName: 'Acme Corp' });
    sim.seedRecords(account.id, 'hris.Employee', 50);
    sim.runSync(account.id);
    console.log(`Demo hris account ${account.id} (${account.integration}) with 50 employees`);
    if (args.printToken) console.error(`account token: ${account.accountToken}`);
  }
  if (args.seedAllModels) {
    for (const category of CATEGORIES) {
      const account = sim.linkAccount({ category, seed: 'all-models', endUserOrganizationName: 'Acme Corp' });
      sim.runSync(account.id);
      console.log(`All-models ${category} account ${account.id} (${account.models.length} models)`);
      if (args.printToken) console.error(`${category} account token: ${account.accountToken}`);
    }
  }
  const stop = (): void => {
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(`merge-simulator: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
