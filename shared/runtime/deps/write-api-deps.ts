import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsMessageQueue } from '../../queue/sqs-queue';
import { DynamoAccountStore } from '../../store/dynamodb/account-store';
import { DynamoWriteStore } from '../../store/dynamodb/write-store';
import type { WriteApiDeps } from '../../writes/routes';
import { systemClock, type Clock } from '../clock';
import type { WriteApiConfig } from '../config/runtime-config';
import { clientConfig } from './aws-clients';
import { refusingKeyWrapper, TokenSealer } from '../../store/tokens/token-sealer';
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
      // It never reads a token: a sealer that cannot open one.
      accounts: new DynamoAccountStore(dynamodb, tableName, new TokenSealer(refusingKeyWrapper)),
      queue: new SqsMessageQueue(sqs, { writes: queueUrls.writes }, clock),
      clock,
      log: telemetry.log,
      metrics: telemetry.metrics,
    },
    telemetry,
  };
}
