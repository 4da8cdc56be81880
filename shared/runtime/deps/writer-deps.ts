import { SqsMessageQueue } from '../../queue/sqs-queue';
import { DynamoWriteStore } from '../../store/dynamodb/write-store';
import type { SyncDeps } from '../../sync/ports';
import { DEFAULT_WRITE_SETTINGS, type WriterDeps } from '../../writes/ports';
import type { Clock } from '../clock';
import type { WriterConfig } from '../config/runtime-config';
import { lazyMergeDeps } from './merge-deps';
import { createSyncDeps, engineClients, type EngineClients } from './sync-deps';
import { createTelemetry, type Telemetry } from './telemetry';

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
