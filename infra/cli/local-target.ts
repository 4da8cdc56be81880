import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { loadSyncConfig } from '../../shared/config/sync-config';
import { MemoryMetrics, silentLog } from '../../shared/observability/ports';
import { SqsMessageQueue } from '../../shared/queue/sqs-queue';
import { systemClock } from '../../shared/runtime/clock';
import { DynamoAccountStore } from '../../shared/store/dynamodb/account-store';
import { DynamoDedupeStore } from '../../shared/store/dynamodb/dedupe-store';
import { DynamoRecordStore } from '../../shared/store/dynamodb/record-store';
import { DynamoSyncStateStore } from '../../shared/store/dynamodb/sync-state-store';
import type { SyncDeps } from '../../shared/sync/ports';
import { randomUUID } from 'node:crypto';

export class TargetError extends Error {
  override readonly name = 'TargetError';
}

interface RuntimeInfo {
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  tableName: string;
  queues: { events: string; polls: string; jobs: string };
}

/**
 * The local runtime as a CLI target: it says where its stand-ins listen (GET /local/runtime), and
 * the CLI then works on the same table and queues with the same code the functions use.
 */
export async function connectLocal(url: string): Promise<{ deps: SyncDeps; close: () => void }> {
  let info: RuntimeInfo;
  try {
    const res = await fetch(`${url.replace(/\/+$/, '')}/local/runtime`, {
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) throw new Error(`answered ${res.status}`);
    info = (await res.json()) as RuntimeInfo;
  } catch (error) {
    throw new TargetError(
      `no local runtime answers at ${url} (${error instanceof Error ? error.message : String(error)}); start it with npm start, or pass --url`,
    );
  }
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const dynamodb = new DynamoDBClient({ endpoint: info.dynamodbEndpoint, region: 'us-east-1', credentials });
  const sqs = new SQSClient({
    endpoint: info.sqsEndpoint,
    region: 'us-east-1',
    credentials,
    useQueueUrlAsEndpoint: false,
  });
  const deps: SyncDeps = {
    settings: loadSyncConfig(),
    accounts: new DynamoAccountStore(dynamodb, info.tableName),
    states: new DynamoSyncStateStore(dynamodb, info.tableName),
    records: new DynamoRecordStore(dynamodb, info.tableName),
    dedupe: new DynamoDedupeStore(dynamodb, info.tableName, systemClock),
    queue: new SqsMessageQueue(sqs, info.queues),
    clock: systemClock,
    log: silentLog,
    metrics: new MemoryMetrics(),
    newId: randomUUID,
  };
  return {
    deps,
    close: () => {
      dynamodb.destroy();
      sqs.destroy();
    },
  };
}
