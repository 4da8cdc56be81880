/**
 * 4. Webhook receiver.
 * (a) In-process: CPU time per event of the real receiver handler (functions/webhook-receiver:
 *     middy, Powertools logger and metrics, signature check, envelope validation, SendMessage) for a
 *     realistic signed {Model}.synced event, vs a bare handler doing only HMAC + JSON.parse +
 *     SendMessage with the raw SDK. The local SQS runs in another process, so only the handler's
 *     own CPU (and its SDK client's) is counted. Rounds alternate; the figure is the median ratio.
 * (b) Through the local runtime (`npm start`, a child process) on 127.0.0.1: a bounded load loop,
 *     50 keep-alive connections, each posting distinct signed events back to back for a fixed time;
 *     requests per second and latency percentiles.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Agent, request } from 'node:http';
import * as path from 'node:path';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { receiveWebhook } from '../../shared/ingest/receive-webhook';
import { silentLog } from '../../shared/observability/ports';
import { SqsMessageQueue } from '../../shared/queue/sqs-queue';
import { systemClock } from '../../shared/runtime/clock';
import type { AwsConfig } from '../../shared/runtime/config/runtime-config';
import { clientConfig } from '../../shared/runtime/deps/aws-clients';
import { receiverDeps } from '../../shared/runtime/deps/receiver-deps';
import { createHandler } from '../../functions/webhook-receiver/handler';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { httpApiEvent } from '../../infra/local/aws-events';
import { lambdaContext } from '../../infra/local/lambda-context';
import { freePort } from '../../infra/local/stand-ins';
import { startSimHost, startStoreHost } from './lib/hosts';
import { processCpuMs, profileSelfTime } from './lib/profile';
import {
  countStdout,
  emitRows,
  isQuick,
  percentile,
  progress,
  ratioRow,
  round,
  summarize,
} from './lib/report';

const quick = isQuick();
const stdout = countStdout();
const EVENTS_PER_ROUND = quick ? 200 : 500;
const ROUNDS = quick ? 5 : 11;
const LOAD_SECONDS = quick ? 3 : 10;
const CONNECTIONS = 50;
const ROOT = path.resolve(__dirname, '../..');

type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** The baseline: what any receiver must do, with nothing else. */
function bareHandler(signingKey: string, queueUrl: string, aws: AwsConfig): HttpHandler {
  const sqs = new SQSClient({ ...clientConfig(aws, 'sqs'), useQueueUrlAsEndpoint: false });
  return async (event) => {
    const body = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
    const given = Buffer.from((event.headers['x-merge-webhook-signature'] ?? '').replace(/=+$/, ''));
    const expected = Buffer.from(createHmac('sha256', signingKey).update(body).digest('base64url'));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { statusCode: 401 };
    const text = body.toString('utf8');
    JSON.parse(text);
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify({
          v: 1,
          kind: 'webhook',
          dedupeKey: given.toString(),
          receivedAt: new Date().toISOString(),
          body: text,
        }),
      }),
    );
    return { statusCode: 200, body: '{"status":"accepted"}' };
  };
}

async function inProcess(signed: { body: string; headers: Record<string, string> }, signingKey: string) {
  const store = await startStoreHost({ sqs: true });
  const queueUrl = await store.call('createQueue', 'bench-events');
  const aws: AwsConfig = {
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    endpoints: { sqs: store.sqsEndpoint },
  };
  // The real handler as the function builds it; its logger's level is Powertools' default (LOG_LEVEL).
  const real: HttpHandler = createHandler(
    receiverDeps({
      aws,
      telemetry: {},
      receiver: { eventsQueueUrl: queueUrl, signingKey: { value: signingKey } },
    }),
  );
  const bare = bareHandler(signingKey, queueUrl, aws);
  // Diagnosis: the receiver's domain logic alone (shared/ingest/receive-webhook.ts with the same
  // SQS queue adapter) without middy and Powertools, to split the overhead between the two.
  const domainDeps = {
    signingKey: () => Promise.resolve(signingKey),
    queue: new SqsMessageQueue(new SQSClient({ ...clientConfig(aws, 'sqs'), useQueueUrlAsEndpoint: false }), {
      events: queueUrl,
    }),
    clock: systemClock,
    log: silentLog,
    metrics: { add: () => undefined },
  };
  const domainOnly: HttpHandler = async (event) => {
    const body = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
    const result = await receiveWebhook(domainDeps, {
      body,
      signature: event.headers['x-merge-webhook-signature'],
    });
    return { statusCode: result.status, body: JSON.stringify({ status: result.outcome }) };
  };
  const run = async (handler: HttpHandler, n: number) => {
    // A fresh event and context per invocation, as Lambda gives (10 s: the receiver's timeout).
    const events = Array.from({ length: n }, () => ({
      event: httpApiEvent({ body: signed.body, headers: signed.headers }),
      context: lambdaContext('webhook-receiver', 10_000),
    }));
    const c0 = cpuMs();
    const t0 = performance.now();
    for (const { event: e, context } of events) {
      const answer = await handler(e, context);
      if (answer.statusCode !== 200) throw new Error(`handler answered ${answer.statusCode}: ${answer.body}`);
    }
    return { cpuMsPerEvent: (cpuMs() - c0) / n, wallMsPerEvent: (performance.now() - t0) / n };
  };
  await run(real, quick ? 400 : 1000);
  await run(bare, quick ? 400 : 1000);
  const ratios: number[] = [];
  const realCpu: number[] = [];
  const bareCpu: number[] = [];
  const realWall: number[] = [];
  const bareWall: number[] = [];
  const domainRatios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const first = round % 2 === 0;
    const a = first ? await run(real, EVENTS_PER_ROUND) : undefined;
    const b = await run(bare, EVENTS_PER_ROUND);
    const r = a ?? (await run(real, EVENTS_PER_ROUND));
    if (!quick) domainRatios.push((await run(domainOnly, EVENTS_PER_ROUND)).cpuMsPerEvent / b.cpuMsPerEvent);
    ratios.push(r.cpuMsPerEvent / b.cpuMsPerEvent);
    realCpu.push(r.cpuMsPerEvent);
    bareCpu.push(b.cpuMsPerEvent);
    realWall.push(r.wallMsPerEvent);
    bareWall.push(b.wallMsPerEvent);
  }
  const log0 = stdout.bytes();
  await run(real, 100);
  const logBytesPerEvent = (stdout.bytes() - log0) / 100;
  // Diagnosis (unmeasured): where the real handler's CPU goes, by package and file.
  const profile = quick
    ? null
    : await profileSelfTime(() => run(real, EVENTS_PER_ROUND).then(() => undefined), 14);
  const bareProfile = quick
    ? null
    : await profileSelfTime(() => run(bare, EVENTS_PER_ROUND).then(() => undefined), 8);
  await store.close();
  const s = (values: number[]) => {
    const x = summarize(values);
    return { median: round(x.median, 3), min: round(x.min, 3), max: round(x.max, 3) };
  };
  return {
    ratios,
    details: {
      eventBytes: Buffer.byteLength(signed.body),
      eventsPerRound: EVENTS_PER_ROUND,
      realCpuMsPerEvent: s(realCpu),
      bareCpuMsPerEvent: s(bareCpu),
      realWallMsPerEvent: s(realWall),
      bareWallMsPerEvent: s(bareWall),
      logBytesPerEvent: round(logBytesPerEvent, 0),
      domainOnlyToBare: quick ? null : s(domainRatios),
      realProfileSelfTime: profile,
      bareProfileSelfTime: bareProfile,
    },
  };
}

function post(agent: Agent, port: number, body: string, signature: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/webhooks/merge',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-merge-webhook-signature': signature,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function waitHealthy(port: number, child: ChildProcess, log: () => string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the local runtime exited: ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/health' }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.end();
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the local runtime did not become healthy: ${log()}`);
}

async function throughRuntime(
  sim: Awaited<ReturnType<typeof startSimHost>>,
  apiKey: string,
  signingKey: string,
) {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'infra/local/start.ts',
      '--merge-base-url',
      sim.baseUrl,
      '--no-demo',
      '--in-memory',
      '--port',
      String(port),
    ],
    {
      cwd: ROOT,
      env: { ...process.env, MERGE_API_KEY: apiKey, MERGE_WEBHOOK_SIGNATURE_KEY: signingKey },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  try {
    await waitHealthy(port, child, () => output);
    const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    const account = await sim.call('linkAccount', 'hris');
    const linked = await sim.call('linkedRequest', account.id);
    const linkStatus = await post(
      agent,
      port,
      linked.body,
      linked.headers['X-Merge-Webhook-Signature'] ?? '',
    );
    if (linkStatus !== 200) throw new Error(`LinkedAccount.linked answered ${linkStatus}`);
    await sim.call('finishSync', account.id);
    const synced = await sim.call('modelSyncedRequest', account.id, 'hris.Employee');
    // Distinct deliveries of the same event: trailing JSON whitespace makes each body (and so its
    // signature, Merge's event identity) unique, so the event processor handles each one.
    let sequence = 0;
    const next = () => {
      const n = sequence++;
      const body = synced.body + n.toString(2).replace(/0/g, ' ').replace(/1/g, '\t');
      return { body, signature: createHmac('sha256', signingKey).update(body).digest('base64url') };
    };
    const phase = async (seconds: number) => {
      const latencies: number[] = [];
      const statuses: Record<string, number> = {};
      const end = performance.now() + seconds * 1000;
      const worker = async () => {
        while (performance.now() < end) {
          const { body, signature } = next();
          const t0 = performance.now();
          let status: number;
          try {
            status = await post(agent, port, body, signature);
          } catch {
            status = 0;
          }
          latencies.push(performance.now() - t0);
          statuses[status] = (statuses[status] ?? 0) + 1;
        }
      };
      const t0 = performance.now();
      await Promise.all(Array.from({ length: CONNECTIONS }, worker));
      return { seconds: (performance.now() - t0) / 1000, latencies, statuses };
    };
    await phase(quick ? 1 : 2); // warm-up
    const cpu0 = processCpuMs(child.pid ?? -1);
    const measured = await phase(LOAD_SECONDS);
    const cpu1 = processCpuMs(child.pid ?? -1);
    agent.destroy();
    const runtimeCpuMs = cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : undefined;
    return {
      runtimeCpuShareOfOneCore:
        runtimeCpuMs === undefined ? null : round(runtimeCpuMs / 1000 / measured.seconds, 2),
      runtimeCpuMsPerRequest:
        runtimeCpuMs === undefined ? null : round(runtimeCpuMs / measured.latencies.length, 2),
      requestsPerSecond: measured.latencies.length / measured.seconds,
      p50: percentile(measured.latencies, 50),
      p99: percentile(measured.latencies, 99),
      max: Math.max(...measured.latencies),
      requests: measured.latencies.length,
      statuses: measured.statuses,
      seconds: measured.seconds,
    };
  } finally {
    child.kill('SIGTERM');
    const exited = await Promise.race([
      new Promise<boolean>((resolve) => child.once('exit', () => resolve(true))),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 15_000)),
    ]);
    if (!exited) child.kill('SIGKILL');
  }
}

/** The in-process comparison again in a child process with other settings (the logger's level is LOG_LEVEL's). */
function inProcessVariant(
  env: Record<string, string>,
): Promise<{ ratio: number; realCpuMsPerEvent: number } | null> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', __filename, '--in-process-only', ...(quick ? ['--quick'] : [])],
      {
        cwd: ROOT,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out = (out + chunk.toString('utf8')).slice(-20_000);
    });
    child.on('exit', () => {
      const line = out.split('\n').find((l) => l.startsWith('@@VARIANT@@'));
      resolve(
        line
          ? (JSON.parse(line.slice('@@VARIANT@@'.length)) as { ratio: number; realCpuMsPerEvent: number })
          : null,
      );
    });
  });
}

async function main() {
  const apiKey = 'bench-api-key-webhooks';
  const signingKey = 'bench-signing-key-webhooks';
  const sim = await startSimHost({ apiKey, webhookSignatureKey: signingKey, seed: 11 });
  try {
    const account = await sim.call('linkAccount', 'hris');
    await sim.call('finishSync', account.id);
    const signed = await sim.call('modelSyncedRequest', account.id, 'hris.Employee');
    if (process.argv.includes('--in-process-only')) {
      const variant = await inProcess(signed, signingKey);
      const out = {
        ratio: round(summarize(variant.ratios).median),
        realCpuMsPerEvent: variant.details.realCpuMsPerEvent.median,
      };
      process.stdout.write(`\n@@VARIANT@@${JSON.stringify(out)}\n`);
      return;
    }
    progress(`in-process: ${ROUNDS} rounds of ${EVENTS_PER_ROUND} events, real handler vs bare handler`);
    const cpu = await inProcess(signed, signingKey);
    progress(`CPU per event: real/bare median ${round(summarize(cpu.ratios).median, 2)}`);
    // What-if (diagnosis): the same comparison with LOG_LEVEL=WARN, i.e. without the INFO line the
    // receiver writes for every accepted webhook (its metric still counts them).
    const withoutInfoLog = quick ? null : await inProcessVariant({ LOG_LEVEL: 'WARN' });
    progress(`through the local runtime: ${CONNECTIONS} connections for ${LOAD_SECONDS} s`);
    const load = await throughRuntime(sim, apiKey, signingKey);
    progress(`${round(load.requestsPerSecond, 0)} req/s, p99 ${round(load.p99, 1)} ms`);
    emitRows([
      ratioRow({
        name: '4 webhook receiver (CPU)',
        figure: 'handler CPU per event / bare handler (HMAC + JSON.parse + SendMessage)',
        ratios: cpu.ratios,
        target: '<= 1.3',
        meets: (x) => x <= 1.3,
        details: {
          ...cpu.details,
          logLevel: process.env.LOG_LEVEL ?? 'INFO',
          whatIfLogLevelWarn: withoutInfoLog,
        },
      }),
      {
        name: '4 webhook receiver (HTTP)',
        figure: `local runtime, ${CONNECTIONS} keep-alive connections: requests/s (p50, p99 latency in details)`,
        ratio: null,
        target: '',
        met: null,
        median: round(load.requestsPerSecond, 0),
        min: round(load.requestsPerSecond, 0),
        max: round(load.requestsPerSecond, 0),
        repeats: 1,
        unit: 'req/s',
        details: {
          p50Ms: round(load.p50, 1),
          p99Ms: round(load.p99, 1),
          maxMs: round(load.max, 1),
          requests: load.requests,
          seconds: round(load.seconds, 2),
          statuses: load.statuses,
          runtimeCpuShareOfOneCore: load.runtimeCpuShareOfOneCore,
          runtimeCpuMsPerRequest: load.runtimeCpuMsPerRequest,
          note: 'the runtime also runs the event processor and fetcher on the same event loop, as npm start does',
        },
      },
    ]);
  } finally {
    await sim.close();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
