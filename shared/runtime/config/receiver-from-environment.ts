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
      'MERGE_WEBHOOK_SIGNATURE_KEY_PREVIOUS_SECRET_ID',
      'MERGE_WEBHOOK_SIGNATURE_KEY_PREVIOUS',
    ],
    ['EVENTS_QUEUE_URL'],
  );
  const signingKey = secretRef(vars.MERGE_WEBHOOK_SIGNATURE_KEY_SECRET_ID, vars.MERGE_WEBHOOK_SIGNATURE_KEY);
  const previousSigningKey = secretRef(
    vars.MERGE_WEBHOOK_SIGNATURE_KEY_PREVIOUS_SECRET_ID,
    vars.MERGE_WEBHOOK_SIGNATURE_KEY_PREVIOUS,
  );
  return {
    aws: {},
    telemetry: telemetry(vars),
    receiver: {
      eventsQueueUrl: vars.EVENTS_QUEUE_URL,
      ...(signingKey ? { signingKey } : {}),
      ...(previousSigningKey ? { previousSigningKey } : {}),
      ...(vars.MAX_WEBHOOK_BYTES === undefined ? {} : { maxWebhookBytes: vars.MAX_WEBHOOK_BYTES }),
    },
  };
}
