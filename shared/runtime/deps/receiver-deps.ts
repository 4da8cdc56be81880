import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { ReceiveWebhookDeps } from '../../ingest/receive-webhook';
import { SqsMessageQueue } from '../../queue/sqs-queue';
import { systemClock, type Clock } from '../clock';
import type { ReceiverFunctionConfig } from '../config/runtime-config';
import { optionalSecretSource, secretSource } from '../secrets';
import { clientConfig } from './aws-clients';
import { createTelemetry, type Telemetry } from './telemetry';

/** What functions/webhook-receiver's createHandler takes. */
export interface ReceiverDeps {
  receive: ReceiveWebhookDeps;
  telemetry: Telemetry;
}

/**
 * The receiver verifies with the signing key and sends to the events queue, nothing else: no table
 * (its bundle carries no DynamoDB client).
 */
export function receiverDeps(
  config: ReceiverFunctionConfig,
  options: { sqs?: SQSClient; clock?: Clock } = {},
): ReceiverDeps {
  const clock = options.clock ?? systemClock;
  const telemetry = createTelemetry('webhook-receiver', config.telemetry);
  const sqs =
    options.sqs ?? new SQSClient({ ...clientConfig(config.aws, 'sqs'), useQueueUrlAsEndpoint: false });
  const { receiver } = config;
  // One client for both keys, built on first use.
  let secretsManager: SecretsManagerClient | undefined;
  const secrets = {
    clock,
    client: () => (secretsManager ??= new SecretsManagerClient(clientConfig(config.aws, 'secretsManager'))),
  };
  return {
    receive: {
      signingKey: secretSource(receiver.signingKey, 'MERGE_WEBHOOK_SIGNATURE_KEY', secrets),
      previousSigningKey: optionalSecretSource(receiver.previousSigningKey, secrets),
      queue: new SqsMessageQueue(sqs, { events: receiver.eventsQueueUrl }, clock),
      clock,
      log: telemetry.log,
      metrics: telemetry.metrics,
      ...(receiver.maxWebhookBytes === undefined ? {} : { maxBodyBytes: receiver.maxWebhookBytes }),
    },
    telemetry,
  };
}
