import { loadSyncConfig, type SyncSettings } from '../../config/sync-config';
import { MERGE_REGIONS, resolveMergeBaseUrl } from '../../merge/regions';
import { queueTiming, webhookClaimLeaseMs } from '../../queue/queue-design';
import type { SecretRef } from '../secrets';
import { env, readEnvironment } from './environment';
import {
  LOG_LEVELS,
  type EngineConfig,
  type EventProcessorConfig,
  type MergeConfig,
  type MergeFunctionConfig,
  type ReadApiConfig,
  type ReceiverFunctionConfig,
  type TelemetryConfig,
} from './runtime-config';

/**
 * The functions' environment (README, "Function environment"), read once per Lambda instance into
 * the validated config the dependency factory takes. Each reader reads only its function's variables.
 * In Lambda the SDK clients take region, credentials and endpoints from the SDK's own environment, so
 * `aws` is empty.
 */
type Environment = Readonly<Record<string, string | undefined>>;

/** Every variable the functions read and how its text is parsed; the secrets are read by secretRef. */
export const VARIABLES = {
  TABLE_NAME: env.text(),
  EVENTS_QUEUE_URL: env.httpUrl(),
  POLLS_QUEUE_URL: env.httpUrl(),
  JOBS_QUEUE_URL: env.httpUrl(),
  EVENT_BUS_NAME: env.text(),
  OUTBOX_ABANDONED_AFTER_MS: env.wholeNumber('milliseconds'),
  SYNC_CONFIG_OVERRIDES: env.json(),
  MERGE_PLAN_REQUESTS_PER_MINUTE: env.positiveWholeNumber('requests per minute'),
  MERGE_BASE_URL: env.httpUrl(),
  MERGE_REGION: env.oneOf(Object.keys(MERGE_REGIONS) as [string, ...string[]]),
  MAX_WEBHOOK_BYTES: env.positiveWholeNumber('bytes'),
  FEED_SETTLE_MS: env.wholeNumber('milliseconds'),
  LOG_LEVEL: env.upperCaseOneOf(LOG_LEVELS),
  METRICS_NAMESPACE: env.text(),
};
type Variable = keyof typeof VARIABLES;

/** Reads the named variables (VARIABLES says how), `required` ones must be set. */
export function readVariables<N extends Variable, R extends N = never>(
  source: Environment,
  names: readonly N[],
  required: readonly R[] = [],
) {
  const shape = Object.fromEntries(names.map((name) => [name, VARIABLES[name]])) as Pick<typeof VARIABLES, N>;
  return readEnvironment(source, shape, required);
}

export function eventProcessorConfigFromEnvironment(source: Environment): EventProcessorConfig {
  return {
    aws: {},
    telemetry: telemetryFromEnvironment(source),
    engine: engineFromEnvironment(source),
    eventProcessor: { claimLeaseMs: webhookClaimLeaseMs(queueTiming('events')) },
  };
}

/** The poller's and the fetcher's. */
export function mergeFunctionConfigFromEnvironment(source: Environment): MergeFunctionConfig {
  return {
    aws: {},
    telemetry: telemetryFromEnvironment(source),
    engine: engineFromEnvironment(source),
    merge: mergeFromEnvironment(source),
  };
}

export function readApiConfigFromEnvironment(source: Environment): ReadApiConfig {
  const vars = readVariables(source, ['FEED_SETTLE_MS']);
  return {
    aws: {},
    telemetry: telemetryFromEnvironment(source),
    engine: engineFromEnvironment(source),
    readApi: vars.FEED_SETTLE_MS === undefined ? {} : { feedSettleMs: vars.FEED_SETTLE_MS },
  };
}

export function receiverConfigFromEnvironment(source: Environment): ReceiverFunctionConfig {
  const vars = readVariables(source, ['EVENTS_QUEUE_URL', 'MAX_WEBHOOK_BYTES'], ['EVENTS_QUEUE_URL']);
  const signingKey = secretRef(source, 'MERGE_WEBHOOK_SIGNATURE_KEY');
  return {
    aws: {},
    telemetry: telemetryFromEnvironment(source),
    receiver: {
      eventsQueueUrl: vars.EVENTS_QUEUE_URL,
      ...(signingKey ? { signingKey } : {}),
      ...(vars.MAX_WEBHOOK_BYTES === undefined ? {} : { maxWebhookBytes: vars.MAX_WEBHOOK_BYTES }),
    },
  };
}

/**
 * The deployment's sync config: the defaults, then SYNC_CONFIG_OVERRIDES (JSON, top-level keys),
 * then MERGE_PLAN_REQUESTS_PER_MINUTE (shared/config/sync-config.ts merges them, as the stack does).
 */
export function syncSettingsFromEnvironment(source: Environment): SyncSettings {
  readVariables(source, ['SYNC_CONFIG_OVERRIDES', 'MERGE_PLAN_REQUESTS_PER_MINUTE']);
  return loadSyncConfig({
    SYNC_CONFIG_OVERRIDES: source.SYNC_CONFIG_OVERRIDES,
    MERGE_PLAN_REQUESTS_PER_MINUTE: source.MERGE_PLAN_REQUESTS_PER_MINUTE,
  });
}

function telemetryFromEnvironment(source: Environment): TelemetryConfig {
  const vars = readVariables(source, ['LOG_LEVEL', 'METRICS_NAMESPACE']);
  return {
    ...(vars.LOG_LEVEL ? { logLevel: vars.LOG_LEVEL } : {}),
    ...(vars.METRICS_NAMESPACE ? { metricsNamespace: vars.METRICS_NAMESPACE } : {}),
  };
}

function engineFromEnvironment(source: Environment): EngineConfig {
  const vars = readVariables(
    source,
    [
      'TABLE_NAME',
      'EVENTS_QUEUE_URL',
      'POLLS_QUEUE_URL',
      'JOBS_QUEUE_URL',
      'EVENT_BUS_NAME',
      'OUTBOX_ABANDONED_AFTER_MS',
    ],
    ['TABLE_NAME'],
  );
  const queueUrls = {
    ...(vars.EVENTS_QUEUE_URL ? { events: vars.EVENTS_QUEUE_URL } : {}),
    ...(vars.POLLS_QUEUE_URL ? { polls: vars.POLLS_QUEUE_URL } : {}),
    ...(vars.JOBS_QUEUE_URL ? { jobs: vars.JOBS_QUEUE_URL } : {}),
  };
  return {
    tableName: vars.TABLE_NAME,
    queueUrls,
    settings: syncSettingsFromEnvironment(source),
    ...(vars.EVENT_BUS_NAME
      ? {
          eventBus: {
            name: vars.EVENT_BUS_NAME,
            ...(vars.OUTBOX_ABANDONED_AFTER_MS === undefined
              ? {}
              : { abandonedAfterMs: vars.OUTBOX_ABANDONED_AFTER_MS }),
          },
        }
      : {}),
  };
}

function mergeFromEnvironment(source: Environment): MergeConfig {
  const vars = readVariables(source, ['MERGE_BASE_URL', 'MERGE_REGION']);
  const apiKey = secretRef(source, 'MERGE_API_KEY');
  return {
    baseUrl: resolveMergeBaseUrl({
      ...(vars.MERGE_BASE_URL ? { baseUrl: vars.MERGE_BASE_URL } : {}),
      ...(vars.MERGE_REGION ? { region: vars.MERGE_REGION } : {}),
    }),
    ...(apiKey ? { apiKey } : {}),
  };
}

/** `<NAME>_SECRET_ID` in AWS (the value stays in Secrets Manager), else `<NAME>` holds the value. */
function secretRef(source: Environment, variable: string): SecretRef | undefined {
  const vars = readEnvironment(source, { [`${variable}_SECRET_ID`]: env.text(), [variable]: env.text() });
  const secretId = vars[`${variable}_SECRET_ID`];
  if (secretId) return { secretId };
  const value = vars[variable];
  return value ? { value } : undefined;
}
