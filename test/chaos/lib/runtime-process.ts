import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { queueDepth } from '../../../infra/local/queue-snapshot';
import { freePort } from '../../../infra/local/stand-ins';
import type { QueueUrls } from '../../../infra/local/stand-ins';

const repo = join(__dirname, '../../..');

export interface RuntimeEndpoints {
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  tableName: string;
  queues: QueueUrls;
}

/**
 * The full local runtime (`npm start`) as a child process on 127.0.0.1, as a person runs it: its HTTP
 * front, continuous event sources, scheduler and recovery. Optionally with `.data/` kept in `cwd`
 * across restarts. Every output line is kept for the secret scans.
 */
export class RuntimeProcess {
  readonly output: string[] = [];
  private child: ChildProcess | undefined;
  port = 0;
  private clients: { dynamodb: DynamoDBClient; sqs: SQSClient } | undefined;
  endpoints: RuntimeEndpoints | undefined;

  constructor(
    private readonly options: {
      cwd: string;
      mergeBaseUrl: string;
      apiKey: string;
      signingKey: string;
      inMemory?: boolean;
      pollIntervalSeconds?: number;
      planRequestsPerMinute?: number;
      verbose?: boolean;
      /**
       * `node` (default): `node --import tsx start.ts`, so a signal reaches the runtime itself.
       * `tsx-cli`: as `npm start` runs it, behind the tsx CLI, which relays signals (see BUG-8).
       */
      launcher?: 'node' | 'tsx-cli';
      /** More environment for the runtime. */
      env?: Record<string, string>;
    },
  ) {}

  /** The runtime's own process id (with the tsx CLI launcher, the wrapper's). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.port = await freePort();
    const args = [
      join(repo, 'infra/local/start.ts'),
      '--no-demo',
      '--port',
      String(this.port),
      '--merge-base-url',
      this.options.mergeBaseUrl,
      ...(this.options.inMemory ? ['--in-memory'] : []),
      ...(this.options.pollIntervalSeconds
        ? ['--poll-interval', String(this.options.pollIntervalSeconds)]
        : []),
      ...(this.options.verbose === false ? [] : ['--verbose']),
    ];
    const viaCli = this.options.launcher === 'tsx-cli';
    const child = spawn(
      viaCli ? join(repo, 'node_modules/.bin/tsx') : process.execPath,
      viaCli
        ? args
        : ['--import', pathToFileURL(join(repo, 'node_modules/tsx/dist/loader.mjs')).href, ...args],
      {
        cwd: this.options.cwd,
        env: {
          ...process.env,
          MERGE_API_KEY: this.options.apiKey,
          MERGE_WEBHOOK_SIGNATURE_KEY: this.options.signingKey,
          MERGE_PLAN_REQUESTS_PER_MINUTE: String(this.options.planRequestsPerMinute ?? 6000),
          LOG_LEVEL: 'INFO',
          ...this.options.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true, // its own process group: a hard kill takes the runtime and its tsx wrapper together
      },
    );
    this.child = child;
    const collect = (d: Buffer) => {
      for (const line of d.toString().split('\n')) if (line) this.output.push(line);
      if (this.output.length > 400_000) this.output.splice(0, 100_000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`the runtime exited with ${child.exitCode}:\n${this.tail()}`);
      const ok = await fetch(`${this.url}/health`)
        .then((r) => r.status === 200)
        .catch(() => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`the runtime did not start:\n${this.tail()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    this.endpoints = (await (await fetch(`${this.url}/local/runtime`)).json()) as RuntimeEndpoints;
    this.clients?.dynamodb.destroy();
    this.clients?.sqs.destroy();
    const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    this.clients = {
      dynamodb: new DynamoDBClient({
        endpoint: this.endpoints.dynamodbEndpoint,
        region: 'us-east-1',
        credentials,
      }),
      sqs: new SQSClient({
        endpoint: this.endpoints.sqsEndpoint,
        region: 'us-east-1',
        credentials,
        useQueueUrlAsEndpoint: false,
      }),
    };
  }

  get dynamodb(): DynamoDBClient {
    if (!this.clients) throw new Error('runtime not started');
    return this.clients.dynamodb;
  }

  get sqs(): SQSClient {
    if (!this.clients) throw new Error('runtime not started');
    return this.clients.sqs;
  }

  tail(lines = 40): string {
    return this.output.slice(-lines).join('\n');
  }

  /** Visible + in flight + delayed messages of a queue of the runtime. */
  async depth(queue: keyof QueueUrls): Promise<number> {
    if (!this.endpoints) throw new Error('runtime not started');
    return queueDepth(this.sqs, this.endpoints.queues[queue]);
  }

  /** SIGTERM (a clean stop: accepted webhooks processed, fetches checkpointed) or SIGKILL (a crash). */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    if (signal === 'SIGKILL' && child.pid) process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGTERM');
    const timer = setTimeout(() => {
      if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    }, 60_000);
    const code = await exited;
    clearTimeout(timer);
    this.clients?.dynamodb.destroy();
    this.clients?.sqs.destroy();
    this.clients = undefined;
    return code;
  }
}
