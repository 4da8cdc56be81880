import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { build, stop } from 'esbuild';
import type { SQSEvent } from 'aws-lambda';
import { esbuildOptionsFor, functionEntry } from '../../infra/aws/constructs/lambda-bundling';
import { httpApiEvent, scheduledEvent } from '../../infra/local/aws-events';
import { sqsRecordFromMessage } from '../../infra/local/sqs-record';
import { startMergeSimulator, type MergeSimulator } from '../../infra/local/merge-simulator';
import {
  localClients,
  provisionQueues,
  provisionTable,
  startStandIns,
  type QueueUrls,
  type StandIns,
} from '../../infra/local/stand-ins';
import { QUEUE_DESIGN } from '../../shared/queue/queue-design';
import { DynamoAccountStore } from '../../shared/store/dynamodb/account-store';
import { tokenSealer } from '../../shared/runtime/deps/sync-deps';
import { LocalKeyWrapper } from '../../shared/store/tokens/local-key-wrapper';
import { DynamoRecordStore } from '../../shared/store/dynamodb/record-store';

/** One account-token key for every function of the test, as the stack gives each the same KMS key. */
const TOKEN_KEY = LocalKeyWrapper.newKey();

/**
 * The artifacts Lambda runs, not the TypeScript: each function's production bundle (the stack's
 * esbuild options: ESM, minified, SDK bundled) imported in a fresh Node process and invoked with a
 * real event, the whole flow through, against the stand-ins and the Merge simulator.
 */
const FUNCTIONS = [
  'webhook-receiver',
  'event-processor',
  'sync-status-poller',
  'fetcher',
  'read-api',
] as const;
type FunctionName = (typeof FUNCTIONS)[number];

const apiKey = `bundle-key-${randomBytes(8).toString('hex')}`;
const signingKey = `bundle-signing-${randomBytes(8).toString('hex')}`;
let dir: string;
let standIns: StandIns;
let sim: MergeSimulator;
let queues: QueueUrls;
let clients: ReturnType<typeof localClients>;
const bundles = new Map<FunctionName, string>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'merge-sync-bundles-'));
  for (const name of FUNCTIONS) {
    const out = join(dir, `${name}.mjs`);
    const result = await build({ ...esbuildOptionsFor(functionEntry(name)), write: false, outfile: out });
    const code = result.outputFiles?.find((f) => f.path.endsWith('.mjs'));
    if (!code) throw new Error(`no bundle for ${name}`);
    writeFileSync(out, code.contents);
    bundles.set(name, out);
  }
  await stop();
  standIns = await startStandIns();
  clients = localClients(standIns);
  await provisionTable(clients.dynamodb, 'bundles');
  queues = await provisionQueues(clients.sqs, 'bundles');
  sim = await startMergeSimulator({ apiKey, webhookSignatureKey: signingKey });
}, 120_000);

afterAll(async () => {
  await sim.close();
  clients.dynamodb.destroy();
  clients.sqs.destroy();
  await standIns.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * The time left the handler sees: its function's timeout in the stack (the poller's and the fetcher's
 * leave room for a 60 s Merge request, which they will not start without it).
 */
const lambdaTimeoutMs = (name: FunctionName) =>
  name === 'sync-status-poller'
    ? QUEUE_DESIGN.polls.consumerTimeoutSeconds * 1000
    : name === 'fetcher'
      ? QUEUE_DESIGN.jobs.consumerTimeoutSeconds * 1000
      : 60_000;

/** Runs one bundle's handler in a new Node process, as a Lambda cold start would, and returns its result. */
function invoke(name: FunctionName, event: unknown): Promise<unknown> {
  const script = `
    const { handler } = await import(${JSON.stringify(bundles.get(name))});
    const deadline = Date.now() + ${lambdaTimeoutMs(name)};
    const context = { functionName: ${JSON.stringify(name)}, awsRequestId: 'bundle-test', invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:x',
      memoryLimitInMB: '512', functionVersion: '$LATEST', logGroupName: 'x', logStreamName: 'x', callbackWaitsForEmptyEventLoop: false,
      getRemainingTimeInMillis: () => deadline - Date.now() };
    const result = await handler(JSON.parse(process.env.EVENT), context);
    process.stdout.write('\\nRESULT ' + JSON.stringify(result ?? null) + '\\n');
    process.exit(0);`;
  const env = {
    PATH: process.env.PATH,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: standIns.dynamodbEndpoint,
    AWS_ENDPOINT_URL_SQS: standIns.sqsEndpoint,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    POWERTOOLS_METRICS_DISABLED: 'true',
    LOG_LEVEL: 'WARN',
    TABLE_NAME: 'bundles',
    EVENTS_QUEUE_URL: queues.events,
    POLLS_QUEUE_URL: queues.polls,
    JOBS_QUEUE_URL: queues.jobs,
    MERGE_BASE_URL: sim.baseUrl,
    MERGE_API_KEY: apiKey,
    MERGE_WEBHOOK_SIGNATURE_KEY: signingKey,
    TOKEN_LOCAL_KEY: TOKEN_KEY,
    MERGE_PLAN_REQUESTS_PER_MINUTE: '600',
    FEED_SETTLE_MS: '0',
    EVENT: JSON.stringify(event),
  };
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', script],
      { env, timeout: 60_000 },
      (error, stdout, stderr) => {
        const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
        if (error || !line)
          return reject(
            new Error(`${name} bundle failed: ${error?.message ?? ''}\n${stderr}\n${stdout}`.slice(0, 3000)),
          );
        resolve(JSON.parse(line.slice('RESULT '.length)));
      },
    );
  });
}

/** Takes the messages waiting in a queue as the SQS event Lambda would deliver. */
async function sqsEvent(queueUrl: string): Promise<SQSEvent> {
  const out = await clients.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 1,
      MessageAttributeNames: ['All'],
    }),
  );
  return {
    Records: (out.Messages ?? []).map((m) => sqsRecordFromMessage(m, 'arn:aws:sqs:us-east-1:123456789012:q')),
  };
}

it('every production bundle loads and does its job: webhook → account → poll → fetch → read', async () => {
  const account = sim.linkAccount({ category: 'crm' });
  sim.seedRecords(account.id, 'crm.Lead', 120);
  const signed = sim.signedRequest(sim.linkedEvent(account.id));
  const received = (await invoke(
    'webhook-receiver',
    httpApiEvent({ body: signed.body, headers: signed.headers }),
  )) as { statusCode: number };
  expect(received.statusCode).toBe(200);

  const processed = (await invoke('event-processor', await sqsEvent(queues.events))) as {
    batchItemFailures: unknown[];
  };
  expect(processed.batchItemFailures).toEqual([]);
  expect(
    await new DynamoAccountStore(clients.dynamodb, 'bundles', tokenSealer(undefined, undefined)).get(
      account.id,
    ),
  ).toMatchObject({
    status: 'ACTIVE',
  });

  sim.finishSync(account.id, { result: 'DONE' });
  expect(await invoke('sync-status-poller', scheduledEvent({ tier: 'frequent' }))).toEqual({ accounts: 1 });
  // The fan-out message, plus the initial-sync watch the link scheduled (delayed, so not yet visible).
  const polled = (await invoke('sync-status-poller', await sqsEvent(queues.polls))) as {
    batchItemFailures: unknown[];
  };
  expect(polled.batchItemFailures).toEqual([]);

  const fetched = (await invoke('fetcher', await sqsEvent(queues.jobs))) as { batchItemFailures: unknown[] };
  expect(fetched.batchItemFailures).toEqual([]);
  const stored = await new DynamoRecordStore(clients.dynamodb, 'bundles').list(
    account.id,
    'crm.Lead',
    null,
    1000,
  );
  expect(stored.items).toHaveLength(120);

  const read = (await invoke(
    'read-api',
    httpApiEvent({
      method: 'GET',
      path: `/accounts/${account.id}/records/crm.Lead`,
      queryStringParameters: { page_size: '5' },
    }),
  )) as {
    statusCode: number;
    body: string;
  };
  expect(read.statusCode).toBe(200);
  expect((JSON.parse(read.body) as { results: unknown[] }).results).toHaveLength(5);
}, 180_000);
