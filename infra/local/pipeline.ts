import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GetQueueAttributesCommand, PurgeQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { parseSyncConfig, type SyncSettings } from '../../shared/config/sync-config';
import { DEFAULT_SYNC_CONFIG } from '../../shared/config/default-sync-config';
import type { QueueName } from '../../shared/queue/messages';
import { QUEUE_DESIGN, visibilityTimeoutSeconds } from '../../shared/queue/queue-design';
import type { LogLevel, MergeClientTiming, RuntimeConfig } from '../../shared/runtime/config/runtime-config';
import type { WriteSettings } from '../../shared/writes/ports';
import { routeWriteRequestedEvents } from './write-requested-rule';
import { LocalKeyWrapper } from '../../shared/store/tokens/local-key-wrapper';
import { LocalEventBus } from './event-bus';
import { lambdaContext } from './lambda-context';
import {
  createLocalHandlers,
  LOCAL_CREDENTIALS,
  localRuntimeConfig,
  type LocalEndpoints,
  type PipelineHandlers,
} from './local-functions';
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

export type { PipelineHandlers } from './local-functions';

export interface PipelineOptions {
  mergeBaseUrl: string;
  mergeApiKey: string;
  webhookSignatureKey: string;
  /** Accepted too while the signature key is rotated (docs/security.md); usually absent. */
  previousWebhookSignatureKey?: string;
  /** The sync config; when absent, the defaults with `syncConfigOverrides`' top-level keys on top. */
  syncSettings?: SyncSettings;
  syncConfigOverrides?: Record<string, unknown>;
  /** Keep dynalite's data here; in memory when absent. */
  dataDir?: string;
  /** The account-token key (32 bytes, base64); a fresh one when absent (the runtime keeps one per data directory). */
  tokenKey?: string;
  tableName?: string;
  queuePrefix?: string;
  /** Shorter visibility timeouts make retries quick locally (the stack uses 6× the function timeout). */
  visibilityTimeoutSeconds?: Partial<Record<QueueName, number>>;
  /** Function timeouts, as Lambda would enforce them (ms). */
  functionTimeoutMs?: Partial<Record<QueueName, number>>;
  /** What the functions' environment would set in AWS (README, "Function environment"). */
  feedSettleMs?: number;
  outboxAbandonedAfterMs?: number;
  maxWebhookBytes?: number;
  /** The functions' log level; Powertools' default (LOG_LEVEL, else INFO) when absent. */
  logLevel?: LogLevel;
  /** false: the functions' EMF metrics are dropped (no CloudWatch here). */
  emitMetrics?: boolean;
  /** The Merge client's waits (timeouts, 429 deferral, backoff); the client's defaults when absent. */
  mergeClientTiming?: MergeClientTiming;
  /** Faster write retries in tests (shared/writes/ports.ts WriteSettings); the defaults otherwise. */
  writeSettings?: Partial<WriteSettings>;
  /**
   * Where the functions' AWS traffic goes instead of the stand-ins (a counting proxy, stores in
   * another process), given the stand-ins' endpoints. The pipeline's own `clients` stay on the stand-ins.
   */
  functionEndpoints?: (local: LocalEndpoints) => Partial<LocalEndpoints> | Promise<Partial<LocalEndpoints>>;
}

export interface LocalPipeline {
  standIns: StandIns;
  /** The local EventBridge bus the functions publish change events to. */
  bus: LocalEventBus;
  /** SDK clients on the stand-ins and the bus, for provisioning, inspection and tests. */
  clients: { dynamodb: DynamoDBClient; sqs: SQSClient; eventBridge: EventBridgeClient };
  queues: QueueUrls;
  tableName: string;
  /** The functions' config, as the stack's environment would give it (see local-functions.ts). */
  config: RuntimeConfig;
  handlers: PipelineHandlers;
  sources: Record<QueueName, SqsEventSource>;
  /** Runs the event sources until every queue is empty (delayed messages excepted) or time runs out. */
  drain(options?: { timeoutMs?: number }): Promise<{ batches: number }>;
  queueDepth(queue: keyof QueueUrls): Promise<{ visible: number; inFlight: number; delayed: number }>;
  purgeQueues(): Promise<void>;
  close(): Promise<void>;
}

const BUS_NAME = 'merge-sync';
const QUEUES = ['events', 'polls', 'jobs', 'writes'] as const;

/**
 * The same handlers as in AWS, wired to embedded stand-ins: dynalite and local-aws-sqs, with the
 * table and queues (DLQs, redrive) provisioned as the stack provisions them. Each handler is built
 * by its function's createHandler from explicit config (nothing goes through process.env), so
 * several pipelines can run in one process.
 */
export async function startLocalPipeline(options: PipelineOptions): Promise<LocalPipeline> {
  // Validated before anything starts: a bad config leaves nothing running.
  const settings =
    options.syncSettings ?? parseSyncConfig({ ...DEFAULT_SYNC_CONFIG, ...options.syncConfigOverrides });
  const standIns = await startStandIns(options.dataDir ? { dataDir: options.dataDir } : {});
  const bus = await LocalEventBus.start();
  const clients = {
    ...localClients(standIns),
    eventBridge: new EventBridgeClient({
      endpoint: bus.endpoint,
      region: 'us-east-1',
      credentials: LOCAL_CREDENTIALS,
    }),
  };
  const tableName = options.tableName ?? 'merge-sync';
  const prefix = options.queuePrefix ?? 'merge-sync';
  await provisionTable(clients.dynamodb, tableName);
  const queues = await provisionQueues(clients.sqs, prefix, {
    ...(options.visibilityTimeoutSeconds
      ? { visibilityTimeoutSeconds: options.visibilityTimeoutSeconds }
      : {}),
  });
  const timeoutMs = (queue: QueueName) =>
    options.functionTimeoutMs?.[queue] ?? QUEUE_DESIGN[queue].consumerTimeoutSeconds * 1000;
  const local: LocalEndpoints = {
    dynamodb: standIns.dynamodbEndpoint,
    sqs: standIns.sqsEndpoint,
    eventBridge: bus.endpoint,
  };
  const config = localRuntimeConfig({
    mergeBaseUrl: options.mergeBaseUrl,
    mergeApiKey: options.mergeApiKey,
    webhookSignatureKey: options.webhookSignatureKey,
    previousWebhookSignatureKey: options.previousWebhookSignatureKey,
    settings,
    tableName,
    queues,
    endpoints: { ...local, ...(await options.functionEndpoints?.(local)) },
    // The events queue's timing as provisioned here, so the claim lease follows a shortened one.
    eventsTiming: {
      consumerTimeoutSeconds: timeoutMs('events') / 1000,
      visibilityTimeoutSeconds:
        options.visibilityTimeoutSeconds?.events ?? visibilityTimeoutSeconds('events'),
    },
    busName: BUS_NAME,
    tokenKey: options.tokenKey ?? LocalKeyWrapper.newKey(),
    feedSettleMs: options.feedSettleMs,
    outboxAbandonedAfterMs: options.outboxAbandonedAfterMs,
    maxWebhookBytes: options.maxWebhookBytes,
    logLevel: options.logLevel,
    emitMetrics: options.emitMetrics,
    mergeClientTiming: options.mergeClientTiming,
    writesDeadLetterQueueUrl: queues.writesDlq,
    writeSettings: options.writeSettings,
  });
  const functions = createLocalHandlers(config);
  const { handlers } = functions;
  const source = async (queue: QueueName, functionName: string, handler: SqsHandler) =>
    new SqsEventSource({
      sqs: clients.sqs,
      queueUrl: queues[queue],
      queueArn: await queueArn(clients.sqs, queues[queue]),
      functionName,
      handler,
      batchSize: QUEUE_DESIGN[queue].batchSize,
      functionTimeoutMs: timeoutMs(queue),
    });
  const sources: Record<QueueName, SqsEventSource> = {
    events: await source('events', 'event-processor', handlers.eventProcessor),
    polls: await source('polls', 'sync-status-poller', handlers.syncStatusPoller),
    jobs: await source('jobs', 'fetcher', handlers.fetcher),
    writes: await source('writes', 'writer', handlers.writer),
  };
  // The stack's rule: Write Requested events on the bus go to the writes queue.
  const stopRule = routeWriteRequestedEvents(bus, clients.sqs, queues.writes);

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
    config,
    handlers,
    sources,
    queueDepth,
    async drain({ timeoutMs = 60_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      let batches = 0;
      while (Date.now() < deadline) {
        let received = 0;
        for (const queue of QUEUES) {
          const result = await sources[queue].pollOnce(0);
          received += result.received;
          if (result.received > 0) batches++;
        }
        if (received > 0) continue;
        const depths = await Promise.all(QUEUES.map(queueDepth));
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
      stopRule();
      await Promise.all(Object.values(sources).map((s) => s.stop()));
      functions.close();
      clients.dynamodb.destroy();
      clients.sqs.destroy();
      clients.eventBridge.destroy();
      await standIns.close();
      await bus.close();
    },
  };
}

export const invokeContext = lambdaContext;
