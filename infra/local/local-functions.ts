import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
  EventBridgeEvent,
} from 'aws-lambda';
import { createHandler as createConsole } from '../../functions/console/handler';
import { createHandler as createEventProcessor } from '../../functions/event-processor/handler';
import { createHandler as createFetcher } from '../../functions/fetcher/handler';
import { createHandler as createReadApi } from '../../functions/read-api/handler';
import { createHandler as createPoller } from '../../functions/sync-status-poller/handler';
import { createHandler as createReceiver } from '../../functions/webhook-receiver/handler';
import { createHandler as createWriteApi } from '../../functions/write-api/handler';
import { createHandler as createWriter } from '../../functions/writer/handler';
import type { SyncSettings } from '../../shared/config/sync-config';
import type { QueueName } from '../../shared/queue/messages';
import { webhookClaimLeaseMs, type QueueTiming } from '../../shared/queue/queue-design';
import type { LogLevel, MergeClientTiming, RuntimeConfig } from '../../shared/runtime/config/runtime-config';
import { eventProcessorDeps, mergeFunctionDeps } from '../../shared/runtime/deps/engine-function-deps';
import { consoleDeps } from '../../shared/runtime/deps/console-deps';
import { readApiDeps } from '../../shared/runtime/deps/read-api-deps';
import { receiverDeps } from '../../shared/runtime/deps/receiver-deps';
import { engineClients } from '../../shared/runtime/deps/sync-deps';
import { writeApiDeps } from '../../shared/runtime/deps/write-api-deps';
import { writerDeps } from '../../shared/runtime/deps/writer-deps';
import type { WriteSettings } from '../../shared/writes/ports';
import type { SqsHandler } from './sqs-event-source';

export type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;
export type ScheduleHandler = (
  event: EventBridgeEvent<'Scheduled Event', unknown>,
  context: Context,
) => Promise<unknown>;

export interface PipelineHandlers {
  webhookReceiver: HttpHandler;
  readApi: HttpHandler;
  /** GET /console/ and its data and actions; no sign-in on 127.0.0.1. */
  console: HttpHandler;
  eventProcessor: SqsHandler;
  syncStatusPoller: SqsHandler & ScheduleHandler;
  fetcher: SqsHandler;
  writeApi: HttpHandler;
  writer: SqsHandler;
}

/** Where the functions' AWS traffic goes: DynamoDB, SQS, EventBridge. */
export interface LocalEndpoints {
  dynamodb: string;
  sqs: string;
  eventBridge: string;
}

/** What the functions' environment says in AWS, given explicitly. */
export interface LocalFunctionSettings {
  mergeBaseUrl: string;
  mergeApiKey: string;
  webhookSignatureKey: string;
  /** MERGE_WEBHOOK_SIGNATURE_KEY_PREVIOUS: accepted too while the key is rotated (docs/security.md). */
  previousWebhookSignatureKey?: string;
  settings: SyncSettings;
  tableName: string;
  queues: Record<QueueName, string>;
  endpoints: LocalEndpoints;
  /** The events queue's timing as provisioned here: the webhook claim lease derives from it. */
  eventsTiming: QueueTiming;
  busName: string;
  /** The account-token key (32 bytes, base64): what the stack's KMS key is in AWS. */
  tokenKey: string;
  feedSettleMs?: number;
  outboxAbandonedAfterMs?: number;
  maxWebhookBytes?: number;
  logLevel?: LogLevel;
  emitMetrics?: boolean;
  /** The Merge client's waits (timeouts, 429 deferral, backoff); the client's defaults when absent. */
  mergeClientTiming?: MergeClientTiming;
  /** The writes queue's dead-letter queue, where a write that gave up goes. */
  writesDeadLetterQueueUrl?: string;
  /** Faster write retries in tests; the defaults otherwise. */
  writeSettings?: Partial<WriteSettings>;
}

export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** The functions' config as the stack would give it, pointed at the local stand-ins. */
export function localRuntimeConfig(local: LocalFunctionSettings): RuntimeConfig {
  return {
    aws: { region: 'us-east-1', credentials: LOCAL_CREDENTIALS, endpoints: local.endpoints },
    telemetry: {
      ...(local.logLevel ? { logLevel: local.logLevel } : {}),
      ...(local.emitMetrics === undefined ? {} : { emitMetrics: local.emitMetrics }),
    },
    engine: {
      tableName: local.tableName,
      queueUrls: local.queues,
      settings: local.settings,
      tokenKey: { localKey: local.tokenKey },
      eventBus: {
        name: local.busName,
        ...(local.outboxAbandonedAfterMs === undefined
          ? {}
          : { abandonedAfterMs: local.outboxAbandonedAfterMs }),
      },
    },
    merge: {
      baseUrl: local.mergeBaseUrl,
      apiKey: { value: local.mergeApiKey },
      ...(local.mergeClientTiming ? { clientTiming: local.mergeClientTiming } : {}),
    },
    eventProcessor: { claimLeaseMs: webhookClaimLeaseMs(local.eventsTiming) },
    receiver: {
      eventsQueueUrl: local.queues.events,
      signingKey: { value: local.webhookSignatureKey },
      ...(local.previousWebhookSignatureKey
        ? { previousSigningKey: { value: local.previousWebhookSignatureKey } }
        : {}),
      ...(local.maxWebhookBytes === undefined ? {} : { maxWebhookBytes: local.maxWebhookBytes }),
    },
    readApi: local.feedSettleMs === undefined ? {} : { feedSettleMs: local.feedSettleMs },
    writes: {
      ...(local.writesDeadLetterQueueUrl ? { deadLetterQueueUrl: local.writesDeadLetterQueueUrl } : {}),
      ...(local.writeSettings ? { settings: local.writeSettings } : {}),
    },
  };
}

/**
 * The seven functions' handlers, each built by its createHandler from `config` with SDK clients of
 * its own, as separate Lambda functions have. `close` destroys those clients.
 */
export function createLocalHandlers(config: RuntimeConfig): {
  handlers: PipelineHandlers;
  close: () => void;
} {
  const owned: { destroy(): void }[] = [];
  const clients = () => {
    const built = engineClients(config.aws);
    owned.push(built.dynamodb, built.sqs, built.eventBridge, built.kms);
    return built;
  };
  const handlers: PipelineHandlers = {
    webhookReceiver: createReceiver(receiverDeps(config, { sqs: clients().sqs })),
    eventProcessor: createEventProcessor(eventProcessorDeps(config, { clients: clients() })),
    syncStatusPoller: createPoller(
      mergeFunctionDeps('sync-status-poller', config, { clients: clients() }),
    ) as SqsHandler & ScheduleHandler,
    fetcher: createFetcher(mergeFunctionDeps('fetcher', config, { clients: clients() })),
    readApi: createReadApi(readApiDeps(config, { dynamodb: clients().dynamodb })),
    writeApi: (() => {
      const { dynamodb, sqs } = clients();
      return createWriteApi(writeApiDeps(config, { dynamodb, sqs }));
    })(),
    writer: createWriter(writerDeps(config, { clients: clients() })),
    console: createConsole(
      consoleDeps({ ...config, requireSignIn: false, page: { refreshSeconds: 15 } }, { clients: clients() }),
    ),
  };
  return { handlers, close: () => owned.forEach((client) => client.destroy()) };
}
