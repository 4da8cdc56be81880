import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, PurgeQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
  EventBridgeEvent,
} from 'aws-lambda';
import type { QueueName } from '../../shared/queue/messages';
import { QUEUE_DESIGN } from '../../shared/queue/queue-design';
import { LocalEventBus } from './event-bus';
import { lambdaContext } from './lambda-context';
import { SqsEventSource, type SqsHandler } from './sqs-event-source';
import {
  localClients,
  provisionQueues,
  provisionTable,
  queueArn,
  startStandIns,
  type QueueUrls,
  type StandIns,
} from './stand-ins';

type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;
type ScheduleHandler = (
  event: EventBridgeEvent<'Scheduled Event', unknown>,
  context: Context,
) => Promise<unknown>;

export interface PipelineHandlers {
  webhookReceiver: HttpHandler;
  readApi: HttpHandler;
  eventProcessor: SqsHandler;
  syncStatusPoller: SqsHandler & ScheduleHandler;
  fetcher: SqsHandler;
}

export interface PipelineOptions {
  mergeBaseUrl: string;
  mergeApiKey: string;
  webhookSignatureKey: string;
  /** Top-level keys merged over the default sync config (SYNC_CONFIG_OVERRIDES). */
  syncConfigOverrides?: Record<string, unknown>;
  /** Keep dynalite's data here; in memory when absent. */
  dataDir?: string;
  tableName?: string;
  queuePrefix?: string;
  /** Shorter visibility timeouts make retries quick locally (the stack uses 6× the function timeout). */
  visibilityTimeoutSeconds?: Partial<Record<QueueName, number>>;
  /** Function timeouts, as Lambda would enforce them (ms). */
  functionTimeoutMs?: Partial<Record<QueueName, number>>;
  extraEnv?: Record<string, string>;
}

export interface LocalPipeline {
  standIns: StandIns;
  /** The local EventBridge bus the functions publish change events to. */
  bus: LocalEventBus;
  clients: { dynamodb: DynamoDBClient; sqs: SQSClient };
  queues: QueueUrls;
  tableName: string;
  handlers: PipelineHandlers;
  sources: Record<QueueName, SqsEventSource>;
  /** Runs the event sources until every queue is empty (delayed messages excepted) or time runs out. */
  drain(options?: { timeoutMs?: number }): Promise<{ batches: number }>;
  queueDepth(queue: keyof QueueUrls): Promise<{ visible: number; inFlight: number; delayed: number }>;
  purgeQueues(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The same handlers as in AWS, wired to embedded stand-ins: dynalite and local-aws-sqs, with
 * the table and queues (DLQs, redrive) provisioned as the stack provisions them. The handlers read
 * their configuration from the environment exactly as in Lambda, so it is set before they load;
 * one pipeline per process.
 */
/** Read once: a pipeline started with options must not leak its overrides into the next one. */
const OVERRIDES_AT_LAUNCH = process.env.SYNC_CONFIG_OVERRIDES;

export async function startLocalPipeline(options: PipelineOptions): Promise<LocalPipeline> {
  const standIns = await startStandIns(options.dataDir ? { dataDir: options.dataDir } : {});
  const bus = await LocalEventBus.start();
  const clients = localClients(standIns);
  const tableName = options.tableName ?? 'merge-sync';
  const prefix = options.queuePrefix ?? 'merge-sync';
  await provisionTable(clients.dynamodb, tableName);
  const queues = await provisionQueues(clients.sqs, prefix, {
    ...(options.visibilityTimeoutSeconds
      ? { visibilityTimeoutSeconds: options.visibilityTimeoutSeconds }
      : {}),
  });
  Object.assign(process.env, {
    AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
    AWS_ENDPOINT_URL_DYNAMODB: standIns.dynamodbEndpoint,
    AWS_ENDPOINT_URL_SQS: standIns.sqsEndpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: bus.endpoint,
    EVENT_BUS_NAME: 'merge-sync',
    TABLE_NAME: tableName,
    EVENTS_QUEUE_URL: queues.events,
    POLLS_QUEUE_URL: queues.polls,
    JOBS_QUEUE_URL: queues.jobs,
    MERGE_BASE_URL: options.mergeBaseUrl,
    MERGE_API_KEY: options.mergeApiKey,
    MERGE_WEBHOOK_SIGNATURE_KEY: options.webhookSignatureKey,
    // The option wins; otherwise the variable the person running `npm start` set is kept.
    SYNC_CONFIG_OVERRIDES: options.syncConfigOverrides
      ? JSON.stringify(options.syncConfigOverrides)
      : (OVERRIDES_AT_LAUNCH ?? '{}'),
    ...options.extraEnv,
  });
  const handlers = await loadHandlers();
  const source = async (queue: QueueName, functionName: string, handler: SqsHandler) =>
    new SqsEventSource({
      sqs: clients.sqs,
      queueUrl: queues[queue],
      queueArn: await queueArn(clients.sqs, queues[queue]),
      functionName,
      handler,
      batchSize: QUEUE_DESIGN[queue].batchSize,
      functionTimeoutMs:
        options.functionTimeoutMs?.[queue] ?? QUEUE_DESIGN[queue].consumerTimeoutSeconds * 1000,
    });
  const sources: Record<QueueName, SqsEventSource> = {
    events: await source('events', 'event-processor', handlers.eventProcessor),
    polls: await source('polls', 'sync-status-poller', handlers.syncStatusPoller),
    jobs: await source('jobs', 'fetcher', handlers.fetcher),
  };

  const queueDepth = async (queue: keyof QueueUrls) => {
    const out = await clients.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queues[queue],
        AttributeNames: [
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesNotVisible',
          'ApproximateNumberOfMessagesDelayed',
        ],
      }),
    );
    const a = out.Attributes ?? {};
    return {
      visible: Number(a.ApproximateNumberOfMessages ?? 0),
      inFlight: Number(a.ApproximateNumberOfMessagesNotVisible ?? 0),
      delayed: Number(a.ApproximateNumberOfMessagesDelayed ?? 0),
    };
  };

  return {
    standIns,
    bus,
    clients,
    queues,
    tableName,
    handlers,
    sources,
    queueDepth,
    async drain({ timeoutMs = 60_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      let batches = 0;
      while (Date.now() < deadline) {
        let received = 0;
        for (const queue of ['events', 'polls', 'jobs'] as const) {
          const result = await sources[queue].pollOnce(0);
          received += result.received;
          if (result.received > 0) batches++;
        }
        if (received > 0) continue;
        const depths = await Promise.all((['events', 'polls', 'jobs'] as const).map(queueDepth));
        if (depths.every((d) => d.visible === 0 && d.inFlight === 0)) return { batches };
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`queues not drained within ${timeoutMs} ms`);
    },
    async purgeQueues() {
      for (const url of Object.values(queues))
        await clients.sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
    },
    async close() {
      await Promise.all(Object.values(sources).map((s) => s.stop()));
      clients.dynamodb.destroy();
      clients.sqs.destroy();
      await standIns.close();
      await bus.close();
    },
  };
}

async function loadHandlers(): Promise<PipelineHandlers> {
  // Loaded only now, after the environment is set: like Lambda, the handlers read it at module load.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const receiver = require('../../functions/webhook-receiver/handler') as { handler: unknown };
  const processor = require('../../functions/event-processor/handler') as { handler: unknown };
  const poller = require('../../functions/sync-status-poller/handler') as { handler: unknown };
  const fetcher = require('../../functions/fetcher/handler') as { handler: unknown };
  const readApi = require('../../functions/read-api/handler') as { handler: unknown };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return {
    webhookReceiver: receiver.handler as HttpHandler,
    eventProcessor: processor.handler as SqsHandler,
    syncStatusPoller: poller.handler as SqsHandler & ScheduleHandler,
    fetcher: fetcher.handler as SqsHandler,
    readApi: readApi.handler as HttpHandler,
  };
}

export const invokeContext = lambdaContext;
