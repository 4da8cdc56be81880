import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { EventBridgePublisher } from '../../events/event-bridge-publisher';
import type { Log, Metrics } from '../../observability/ports';
import { SqsMessageQueue } from '../../queue/sqs-queue';
import { DynamoAccountStore } from '../../store/dynamodb/account-store';
import { DynamoDedupeStore } from '../../store/dynamodb/dedupe-store';
import { DynamoOutboxStore } from '../../store/dynamodb/outbox-store';
import { DynamoRecordStore } from '../../store/dynamodb/record-store';
import { DynamoSyncStateStore } from '../../store/dynamodb/sync-state-store';
import type { SyncDeps } from '../../sync/ports';
import { systemClock, type Clock } from '../clock';
import type { AwsConfig, EngineConfig } from '../config/runtime-config';
import { clientConfig } from './aws-clients';

/** The SDK clients the engine's adapters use; EventBridge only when a bus is configured. */
export interface EngineClients {
  dynamodb: DynamoDBClient;
  sqs: SQSClient;
  eventBridge?: EventBridgeClient;
}

/** What every engine dependency set shares: where its logs and metrics go, and the time. */
export interface EngineObservers {
  log: Log;
  metrics: Metrics;
  clock?: Clock;
}

/** The engine's SDK clients, as `aws` says. */
export function engineClients(aws: AwsConfig): Required<EngineClients> {
  return {
    dynamodb: new DynamoDBClient(clientConfig(aws, 'dynamodb')),
    sqs: new SQSClient({ ...clientConfig(aws, 'sqs'), useQueueUrlAsEndpoint: false }),
    eventBridge: new EventBridgeClient(clientConfig(aws, 'eventBridge')),
  };
}

/** The sync engine's dependencies: the stores over the table, the queues, the change-event outbox. */
export function createSyncDeps(
  config: EngineConfig,
  clients: EngineClients,
  observers: EngineObservers,
): SyncDeps {
  const clock = observers.clock ?? systemClock;
  const { tableName, eventBus } = config;
  if (eventBus && !clients.eventBridge)
    throw new Error(`the event bus ${eventBus.name} is configured but no EventBridge client was given`);
  return {
    settings: config.settings,
    accounts: new DynamoAccountStore(clients.dynamodb, tableName),
    states: new DynamoSyncStateStore(clients.dynamodb, tableName),
    records: new DynamoRecordStore(clients.dynamodb, tableName),
    dedupe: new DynamoDedupeStore(clients.dynamodb, tableName, clock),
    queue: new SqsMessageQueue(clients.sqs, config.queueUrls, clock),
    clock,
    log: observers.log,
    metrics: observers.metrics,
    newId: randomUUID,
    ...(eventBus && clients.eventBridge
      ? {
          events: {
            publisher: new EventBridgePublisher(clients.eventBridge, eventBus.name, clock),
            outbox: new DynamoOutboxStore(clients.dynamodb, tableName),
            ...(eventBus.abandonedAfterMs === undefined
              ? {}
              : { abandonedAfterMs: eventBus.abandonedAfterMs }),
          },
        }
      : {}),
  };
}
