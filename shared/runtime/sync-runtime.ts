import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { loadSyncConfig, type SyncSettings } from '../config/sync-config';
import { createMergeClient, type MergeClient } from '../merge/client';
import { resolveMergeBaseUrl } from '../merge/regions';
import { SharedFailureGuard } from '../merge/shared-failure-guard';
import { SharedRequestPacer } from '../merge/shared-request-pacer';
import { METRIC, type Log, type Metrics } from '../observability/ports';
import type { QueueName } from '../queue/messages';
import { SqsMessageQueue } from '../queue/sqs-queue';
import { DynamoAccountStore } from '../store/dynamodb/account-store';
import { DynamoDedupeStore } from '../store/dynamodb/dedupe-store';
import { DynamoOutboxStore } from '../store/dynamodb/outbox-store';
import { EventBridgePublisher } from '../events/event-bridge-publisher';
import { DynamoFailureCountStore } from '../store/dynamodb/failure-count-store';
import { DynamoRateScheduleStore } from '../store/dynamodb/rate-schedule-store';
import { DynamoRecordStore } from '../store/dynamodb/record-store';
import { DynamoSyncStateStore } from '../store/dynamodb/sync-state-store';
import type { MergeDeps, SyncDeps } from '../sync/ports';
import { systemClock, type Clock } from './clock';
import { requireEnv } from './environment';
import { secretFromEnvironment } from './secrets';

export interface RuntimeClients {
  dynamodb: DynamoDBClient;
  sqs: SQSClient;
  log: Log;
  metrics: Metrics;
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
}

const QUEUE_ENV: Record<QueueName, string> = {
  events: 'EVENTS_QUEUE_URL',
  polls: 'POLLS_QUEUE_URL',
  jobs: 'JOBS_QUEUE_URL',
};

/** The sync engine's dependencies over DynamoDB and SQS, from the function's environment. */
export function createSyncDeps(
  clients: RuntimeClients,
  settings: SyncSettings = loadSyncConfig(clients.env),
): SyncDeps {
  const env = clients.env ?? process.env;
  const clock = clients.clock ?? systemClock;
  const tableName = requireEnv('TABLE_NAME', env);
  const queueUrls = Object.fromEntries(
    Object.entries(QUEUE_ENV).flatMap(([queue, name]) => (env[name] ? [[queue, env[name]]] : [])),
  );
  return {
    settings,
    accounts: new DynamoAccountStore(clients.dynamodb, tableName),
    states: new DynamoSyncStateStore(clients.dynamodb, tableName),
    records: new DynamoRecordStore(clients.dynamodb, tableName),
    dedupe: new DynamoDedupeStore(clients.dynamodb, tableName, clock),
    queue: new SqsMessageQueue(clients.sqs, queueUrls, clock),
    clock,
    log: clients.log,
    metrics: clients.metrics,
    newId: randomUUID,
    ...(env.EVENT_BUS_NAME
      ? {
          events: {
            publisher: new EventBridgePublisher(new EventBridgeClient({}), env.EVENT_BUS_NAME, clock),
            outbox: new DynamoOutboxStore(clients.dynamodb, tableName),
            ...(env.OUTBOX_ABANDONED_AFTER_MS
              ? { abandonedAfterMs: Number(env.OUTBOX_ABANDONED_AFTER_MS) }
              : {}),
          },
        }
      : {}),
  };
}

/**
 * The Merge side: the API key from Secrets Manager (or the environment locally), the base URL from
 * MERGE_BASE_URL or MERGE_REGION, requests paced per account and failures counted for the whole
 * deployment, both through the table. Built on first use
 * because the key is fetched asynchronously; cached for the life of the Lambda instance.
 */
export function lazyMergeDeps(
  deps: SyncDeps,
  clients: RuntimeClients,
): () => Promise<MergeDeps & { client: MergeClient }> {
  const env = clients.env ?? process.env;
  const apiKey = secretFromEnvironment('MERGE_API_KEY', env);
  let built: Promise<MergeDeps & { client: MergeClient }> | undefined;
  return () => {
    built ??= (async () => {
      const pacer = new SharedRequestPacer(
        new DynamoRateScheduleStore(clients.dynamodb, requireEnv('TABLE_NAME', env)),
        {
          requestsPerMinute: deps.settings.requestsPerMinute,
          budgetShare: deps.settings.config.budgetShare,
          clock: deps.clock,
        },
      );
      const failureGuard = new SharedFailureGuard(
        new DynamoFailureCountStore(clients.dynamodb, requireEnv('TABLE_NAME', env)),
        {
          onStoreError: (error, operation) =>
            deps.log.warn('Merge failure guard fell back to this instance', {
              operation,
              error: error instanceof Error ? error.name : String(error),
            }),
        },
      );
      const client = createMergeClient({
        baseUrl: resolveMergeBaseUrl({ baseUrl: env.MERGE_BASE_URL, region: env.MERGE_REGION }),
        apiKey: await apiKey(),
        pacer,
        failureGuard,
        clock: deps.clock,
        onEvent: (event) => {
          if (event.type === 'request') deps.metrics.add(METRIC.mergeRequests, 1);
          else if (event.type === 'rate-limited') deps.metrics.add(METRIC.merge429s, 1);
          else if (event.type === 'retry') {
            deps.metrics.add(METRIC.mergeRetries, 1);
            deps.log.warn('Merge request retried', {
              path: event.path.split('?')[0],
              reason: event.reason,
              status: event.status,
              delayMs: event.delayMs,
            });
          }
        },
      });
      return { merge: client, client };
    })().catch((error: unknown) => {
      built = undefined;
      throw error;
    });
    return built;
  };
}
