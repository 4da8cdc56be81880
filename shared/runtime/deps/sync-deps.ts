import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { KMSClient } from '@aws-sdk/client-kms';
import { SQSClient } from '@aws-sdk/client-sqs';
import { EventBridgePublisher } from '../../events/event-bridge-publisher';
import type { Log, Metrics } from '../../observability/ports';
import { SqsMessageQueue } from '../../queue/sqs-queue';
import { DynamoAccountStore } from '../../store/dynamodb/account-store';
import { DynamoDedupeStore } from '../../store/dynamodb/dedupe-store';
import { DynamoOutboxStore } from '../../store/dynamodb/outbox-store';
import { DynamoRecordStore } from '../../store/dynamodb/record-store';
import { DynamoSyncStateStore } from '../../store/dynamodb/sync-state-store';
import { KmsKeyWrapper } from '../../store/tokens/kms-key-wrapper';
import { LocalKeyWrapper } from '../../store/tokens/local-key-wrapper';
import { refusingKeyWrapper, TokenSealer } from '../../store/tokens/token-sealer';
import type { SyncDeps } from '../../sync/ports';
import { systemClock, type Clock } from '../clock';
import type { AwsConfig, EngineConfig, TokenKeyConfig } from '../config/runtime-config';
import { clientConfig } from './aws-clients';

/** The SDK clients the engine's adapters use; EventBridge only when a bus is configured. */
export interface EngineClients {
  dynamodb: DynamoDBClient;
  sqs: SQSClient;
  eventBridge?: EventBridgeClient;
  /** Seals and opens account tokens when the token key is a KMS key. */
  kms?: KMSClient;
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
    kms: new KMSClient(clientConfig(aws, 'kms')),
  };
}

/** Seals and opens account tokens with the configured key; none configured: every attempt fails. */
export function tokenSealer(tokenKey: TokenKeyConfig | undefined, kms: KMSClient | undefined): TokenSealer {
  if (!tokenKey) return new TokenSealer(refusingKeyWrapper);
  if ('localKey' in tokenKey) return new TokenSealer(new LocalKeyWrapper(tokenKey.localKey));
  if (!kms) throw new Error('the account-token key is a KMS key but no KMS client was given');
  return new TokenSealer(new KmsKeyWrapper(kms, tokenKey.kmsKeyId));
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
    accounts: new DynamoAccountStore(clients.dynamodb, tableName, tokenSealer(config.tokenKey, clients.kms)),
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
