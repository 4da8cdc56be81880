import { createHmac, timingSafeEqual } from 'node:crypto';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { httpApiEvent } from '../../../infra/local/aws-events';
import { lambdaContext } from '../../../infra/local/lambda-context';
import { receiveWebhook } from '../../../shared/ingest/receive-webhook';
import { silentLog } from '../../../shared/observability/ports';
import { SqsMessageQueue } from '../../../shared/queue/sqs-queue';
import { systemClock } from '../../../shared/runtime/clock';
import type { AwsConfig } from '../../../shared/runtime/config/runtime-config';
import { clientConfig } from '../../../shared/runtime/deps/aws-clients';
import { receiverDeps } from '../../../shared/runtime/deps/receiver-deps';
import { createHandler } from '../../../functions/webhook-receiver/handler';
import { startStoreHost } from './hosts';
import { profileSelfTime } from './profile';
import { round, summarize } from './report';

/** Benchmark 4 (a): the receiver handler's CPU per event against a bare handler's, in this process. */

export interface ReceiverCpuSettings {
  quick: boolean;
  rounds: number;
  eventsPerRound: number;
  stdout: { bytes: () => number };
}

export type HttpHandler = (
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

/**
 * The in-process comparison: CPU per event of the real receiver handler vs the bare one (and, in
 * a full run, the domain logic alone), rounds alternating; with the real handler's log bytes and
 * profiles. `stdout` counts what this process writes (the handler's log lines).
 */
export async function inProcess(
  signed: { body: string; headers: Record<string, string> },
  settings: ReceiverCpuSettings,
) {
  const { quick, rounds: ROUNDS, eventsPerRound: EVENTS_PER_ROUND, stdout } = settings;
  const store = await startStoreHost({ sqs: true });
  const queueUrl = await store.call('createQueue', 'bench-events');
  const signingKey = process.env.MERGE_WEBHOOK_SIGNATURE_KEY ?? '';
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
