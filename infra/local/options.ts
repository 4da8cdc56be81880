import { isIP } from 'node:net';

/** `npm start` flags (the local runtime contract in the README); anything else is an error. */
export interface StartOptions {
  mergeBaseUrl?: string;
  port: number;
  /** Where the HTTP front listens (default 127.0.0.1; 0.0.0.0: every interface). */
  host: string;
  pollIntervalSeconds?: number;
  demo: boolean;
  exitAfterDemo: boolean;
  inMemory: boolean;
  /** Empty `.data/` before starting. */
  reset: boolean;
  verbose: boolean;
  help: boolean;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `Usage: npm start -- [options]

Runs the whole pipeline on this machine: the same handlers as in AWS, DynamoDB's API from dynalite,
SQS's API from local-aws-sqs, and (unless --merge-base-url) an embedded Merge simulator with a demo.

Options:
  --merge-base-url URL   use this Merge API (e.g. https://api.merge.dev/api); needs MERGE_API_KEY and
                         MERGE_WEBHOOK_SIGNATURE_KEY in the environment (while that key is rotated,
                         MERGE_WEBHOOK_SIGNATURE_KEY_PREVIOUS is accepted too)
  --port N               HTTP port (default 3000)
  --host ADDRESS         listen on this address (default 127.0.0.1); 0.0.0.0 opens the webhook URL and
                         the read API to the network (the console, write API and /local/* still answer
                         only this machine), e.g. for a Merge simulator in another container
  --poll-interval S      seconds between sync-status polls for every cadence tier (default: the tiers' own)
  --no-demo              serve only
  --exit-after-demo      exit 0 once the demo has finished
  --in-memory            keep nothing on disk (default: persist under .data/)
  --reset                empty .data/ first (needed when --merge-base-url differs from its last run's)
  --verbose              print the functions' JSON log lines from INFO up (default: only their errors)
  --help                 this text`;

export function parseStartOptions(argv: readonly string[]): StartOptions {
  const options: StartOptions = {
    port: 3000,
    host: '127.0.0.1',
    demo: true,
    exitAfterDemo: false,
    inMemory: false,
    reset: false,
    verbose: false,
    help: false,
  };
  const args = [...argv];
  const value = (flag: string): string => {
    const next = args.shift();
    if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return next;
  };
  while (args.length > 0) {
    const arg = args.shift() as string;
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const take = () => inline ?? value(flag);
    switch (flag) {
      case '--merge-base-url': {
        const url = take();
        if (!/^https?:\/\/[^\s]+$/.test(url) || !URL.canParse(url))
          throw new UsageError(`--merge-base-url must be an http(s) URL, got "${url}"`);
        options.mergeBaseUrl = url.replace(/\/+$/, '');
        break;
      }
      case '--port': {
        const port = Number(take());
        if (!Number.isInteger(port) || port < 1 || port > 65535)
          throw new UsageError('--port must be a whole number from 1 to 65535');
        options.port = port;
        break;
      }
      case '--host': {
        const host = take();
        if (!isIP(host) && host !== 'localhost')
          throw new UsageError(`--host must be an IP address (e.g. 127.0.0.1 or 0.0.0.0), got "${host}"`);
        options.host = host;
        break;
      }
      case '--poll-interval': {
        const seconds = Number(take());
        if (!Number.isFinite(seconds) || seconds < 1 || seconds > 86_400)
          throw new UsageError('--poll-interval must be a number of seconds from 1 to 86400');
        options.pollIntervalSeconds = seconds;
        break;
      }
      case '--no-demo':
        options.demo = false;
        break;
      case '--exit-after-demo':
        options.exitAfterDemo = true;
        break;
      case '--in-memory':
        options.inMemory = true;
        break;
      case '--reset':
        options.reset = true;
        break;
      case '--verbose':
        options.verbose = true;
        break;
      case '--help':
      case '-h':
        options.help = true;
        break;
      default:
        throw new UsageError(`unknown option "${arg}"`);
    }
  }
  if (options.reset && options.inMemory)
    throw new UsageError('--reset empties .data/, which --in-memory does not use: pass one of them');
  if (options.mergeBaseUrl) options.demo = false; // the demo drives the embedded simulator only
  if (options.exitAfterDemo && !options.demo)
    throw new UsageError('--exit-after-demo needs the demo (drop --no-demo / --merge-base-url)');
  return options;
}
