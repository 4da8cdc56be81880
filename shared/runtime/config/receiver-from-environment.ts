import type { ReceiverFunctionConfig } from './runtime-config';
import { readVariables, secretRef, telemetry, TELEMETRY_VARIABLES, type Environment } from './variables';

/** The webhook receiver's environment, read once per Lambda instance (see from-environment.ts). */
export function receiverConfigFromEnvironment(source: Environment): ReceiverFunctionConfig {
  const vars = readVariables(
    source,
    [
      ...TELEMETRY_VARIABLES,
      'EVENTS_QUEUE_URL',
      'MAX_WEBHOOK_BYTES',
      'MERGE_WEBHOOK_SIGNATURE_KEY_SECRET_ID',
      'MERGE_WEBHOOK_SIGNATURE_KEY',
    ],
    ['EVENTS_QUEUE_URL'],
  );
  const signingKey = secretRef(vars.MERGE_WEBHOOK_SIGNATURE_KEY_SECRET_ID, vars.MERGE_WEBHOOK_SIGNATURE_KEY);
  return {
    aws: {},
    telemetry: telemetry(vars),
    receiver: {
      eventsQueueUrl: vars.EVENTS_QUEUE_URL,
      ...(signingKey ? { signingKey } : {}),
      ...(vars.MAX_WEBHOOK_BYTES === undefined ? {} : { maxWebhookBytes: vars.MAX_WEBHOOK_BYTES }),
    },
  };
}
