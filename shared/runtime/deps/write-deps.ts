import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsMessageQueue } from '../../queue/sqs-queue';
import { DynamoAccountStore } from '../../store/dynamodb/account-store';
import { DynamoWriteStore } from '../../store/dynamodb/write-store';
import type { SyncDeps } from '../../sync/ports';
import { DEFAULT_WRITE_SETTINGS, type WriterDeps } from '../../writes/ports';
import type { WriteApiDeps } from '../../writes/routes';
import { systemClock, type Clock } from '../clock';
import type { WriteApiConfig, WriterConfig } from '../config/runtime-config';
import { clientConfig } from './aws-clients';
import { lazyMergeDeps } from './merge-deps';
import { createSyncDeps, engineClients, type EngineClients } from './sync-deps';
import { createTelemetry, type Telemetry } from './telemetry';

/** What functions/write-api's createHandler takes. */
export interface WriteApiFunctionDeps {
  api: WriteApiDeps;
  telemetry: Telemetry;
}

/**
 * The write API stores a write and queues it, nothing else: the table (accounts, writes) and a
 * send to the writes queue. It never calls Merge and holds no Merge secret.
 */
export function writeApiDeps(
  config: WriteApiConfig,
  options: { dynamodb?: DynamoDBClient; sqs?: SQSClient; clock?: Clock } = {},
): WriteApiFunctionDeps {
  const clock = options.clock ?? systemClock;
  const telemetry = createTelemetry('write-api', config.telemetry);
  const dynamodb = options.dynamodb ?? new DynamoDBClient(clientConfig(config.aws, 'dynamodb'));
  const sqs =
    options.sqs ?? new SQSClient({ ...clientConfig(config.aws, 'sqs'), useQueueUrlAsEndpoint: false });
  const { tableName, queueUrls } = config.engine;
  return {
    api: {
      writes: new DynamoWriteStore(dynamodb, tableName),
      accounts: new DynamoAccountStore(dynamodb, tableName),
      queue: new SqsMessageQueue(sqs, { writes: queueUrls.writes }, clock),
      clock,
      log: telemetry.log,
      metrics: telemetry.metrics,
    },
    telemetry,
  };
}

/** What functions/writer's createHandler takes: the writer's deps are built on first use (the API key). */
export interface WriterFunctionDeps {
  engine: SyncDeps;
  writer: () => Promise<WriterDeps>;
  telemetry: Telemetry;
}

export function writerDeps(
  config: WriterConfig,
  options: { clients?: EngineClients; clock?: Clock } = {},
): WriterFunctionDeps {
  const telemetry = createTelemetry('writer', config.telemetry);
  const clients = options.clients ?? engineClients(config.aws);
  const engine = createSyncDeps(config.engine, clients, {
    log: telemetry.log,
    metrics: telemetry.metrics,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const merge = lazyMergeDeps(config, engine, clients.dynamodb);
  const deadLetterUrl = config.writes.deadLetterQueueUrl;
  const deadLetters = new SqsMessageQueue(
    clients.sqs,
    deadLetterUrl ? { writes: deadLetterUrl } : {},
    engine.clock,
  );
  const writes = new DynamoWriteStore(clients.dynamodb, config.engine.tableName);
  const writeSettings = { ...DEFAULT_WRITE_SETTINGS, ...config.writes.settings };
  return {
    engine,
    telemetry,
    writer: async () => ({
      ...engine,
      writes,
      merge: (await merge()).client,
      deadLetters: { send: (message) => deadLetters.send('writes', [message]) },
      writeSettings,
    }),
  };
}
