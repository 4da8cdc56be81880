import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SyncSettings } from '../../config/sync-config';
import { MemoryMetrics, silentLog } from '../../observability/ports';
import type { QueueName } from '../../queue/messages';
import type { SyncDeps } from '../../sync/ports';
import type { AwsConfig, TokenKeyConfig } from '../config/runtime-config';
import { clientConfig } from './aws-clients';
import { createSyncDeps } from './sync-deps';

/** The operator CLI's SDK clients: the table and the queues (dead letters included), nothing else. */
export interface OperatorClients {
  dynamodb: DynamoDBClient;
  sqs: SQSClient;
  /** Seals and opens account tokens (accounts add, --in-merge) with a deployment's KMS key. */
  kms?: KMSClient;
}

export function operatorClients(aws: AwsConfig): OperatorClients {
  return {
    dynamodb: new DynamoDBClient(clientConfig(aws, 'dynamodb')),
    sqs: new SQSClient({ ...clientConfig(aws, 'sqs'), useQueueUrlAsEndpoint: false }),
    kms: new KMSClient(clientConfig(aws, 'kms')),
  };
}

/**
 * The engine's dependencies for the operator CLI (infra/cli), over a deployment's table and queues:
 * the same stores and queue adapter the functions use, quiet (the CLI prints its own output), and
 * without the change-event bus (operator actions publish nothing).
 */
export function operatorDeps(
  target: {
    tableName: string;
    queueUrls: Partial<Record<QueueName, string>>;
    tokenKey?: TokenKeyConfig;
  },
  settings: SyncSettings,
  clients: OperatorClients,
): SyncDeps {
  const { tableName, queueUrls, tokenKey } = target;
  return createSyncDeps({ tableName, queueUrls, settings, ...(tokenKey ? { tokenKey } : {}) }, clients, {
    log: silentLog,
    metrics: new MemoryMetrics(),
  });
}
