import type * as z from 'zod/mini';
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
 * the validated config the dependency factory takes: each function's variables in one pass, every
 * problem reported at once. In Lambda the SDK clients take region, credentials and endpoints from
 * the SDK's own environment, so `aws` is empty.
 */
type Environment = Readonly<Record<string, string | undefined>>;

/** Every variable the functions read, and how its text is parsed. */
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
  /** Secrets: `<NAME>_SECRET_ID` in AWS (the value stays in Secrets Manager), `<NAME>` locally. */
  MERGE_API_KEY_SECRET_ID: env.text(),
  MERGE_API_KEY: env.text(),
  MERGE_WEBHOOK_SIGNATURE_KEY_SECRET_ID: env.text(),
  MERGE_WEBHOOK_SIGNATURE_KEY: env.text(),
  MAX_WEBHOOK_BYTES: env.positiveWholeNumber('bytes'),
  FEED_SETTLE_MS: env.wholeNumber('milliseconds'),
  LOG_LEVEL: env.upperCaseOneOf(LOG_LEVELS),
  METRICS_NAMESPACE: env.text(),
};
type Variable = keyof typeof VARIABLES;
type Values = { [K in Variable]?: z.output<(typeof VARIABLES)[K]> };

/** Reads the named variables (VARIABLES says how); the `required` ones must be set. */
export function readVariables<N extends Variable, R extends N = never>(
  source: Environment,
  names: readonly N[],
  required: readonly R[] = [],
) {
  const shape = Object.fromEntries(names.map((name) => [name, VARIABLES[name]])) as Pick<typeof VARIABLES, N>;
  return readEnvironment(source, shape, required);
}

const TELEMETRY = ['LOG_LEVEL', 'METRICS_NAMESPACE'] as const;
const SYNC_CONFIG = ['SYNC_CONFIG_OVERRIDES', 'MERGE_PLAN_REQUESTS_PER_MINUTE'] as const;
const ENGINE = [
  ...TELEMETRY,
  ...SYNC_CONFIG,
  'TABLE_NAME',
  'EVENTS_QUEUE_URL',
  'POLLS_QUEUE_URL',
  'JOBS_QUEUE_URL',
  'EVENT_BUS_NAME',
  'OUTBOX_ABANDONED_AFTER_MS',
] as const;
const MERGE = ['MERGE_BASE_URL', 'MERGE_REGION', 'MERGE_API_KEY_SECRET_ID', 'MERGE_API_KEY'] as const;

export function eventProcessorConfigFromEnvironment(source: Environment): EventProcessorConfig {
  const vars = readVariables(source, ENGINE, ['TABLE_NAME']);
  return {
    aws: {},
    telemetry: telemetry(vars),
    engine: engine(vars, source),
    eventProcessor: { claimLeaseMs: webhookClaimLeaseMs(queueTiming('events')) },
  };
}

/** The poller's and the fetcher's. */
export function mergeFunctionConfigFromEnvironment(source: Environment): MergeFunctionConfig {
  const vars = readVariables(source, [...ENGINE, ...MERGE], ['TABLE_NAME']);
  return { aws: {}, telemetry: telemetry(vars), engine: engine(vars, source), merge: merge(vars) };
}

export function readApiConfigFromEnvironment(source: Environment): ReadApiConfig {
  const vars = readVariables(source, [...ENGINE, 'FEED_SETTLE_MS'], ['TABLE_NAME']);
  return {
    aws: {},
    telemetry: telemetry(vars),
    engine: engine(vars, source),
    readApi: vars.FEED_SETTLE_MS === undefined ? {} : { feedSettleMs: vars.FEED_SETTLE_MS },
  };
}

export function receiverConfigFromEnvironment(source: Environment): ReceiverFunctionConfig {
  const vars = readVariables(
    source,
    [
      ...TELEMETRY,
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

/**
 * The deployment's sync config: the defaults, then SYNC_CONFIG_OVERRIDES (JSON, top-level keys),
 * then MERGE_PLAN_REQUESTS_PER_MINUTE, merged by shared/config/sync-config.ts as the stack merges
 * them, and validated as a whole (SyncConfigError).
 */
export function syncSettingsFromEnvironment(source: Environment): SyncSettings {
  readVariables(source, SYNC_CONFIG);
  return loadSyncConfig({
    SYNC_CONFIG_OVERRIDES: source.SYNC_CONFIG_OVERRIDES,
    MERGE_PLAN_REQUESTS_PER_MINUTE: source.MERGE_PLAN_REQUESTS_PER_MINUTE,
  });
}

function telemetry(vars: Values): TelemetryConfig {
  return {
    ...(vars.LOG_LEVEL ? { logLevel: vars.LOG_LEVEL } : {}),
    ...(vars.METRICS_NAMESPACE ? { metricsNamespace: vars.METRICS_NAMESPACE } : {}),
  };
}

function engine(vars: Values & { TABLE_NAME: string }, source: Environment): EngineConfig {
  return {
    tableName: vars.TABLE_NAME,
    queueUrls: {
      ...(vars.EVENTS_QUEUE_URL ? { events: vars.EVENTS_QUEUE_URL } : {}),
      ...(vars.POLLS_QUEUE_URL ? { polls: vars.POLLS_QUEUE_URL } : {}),
      ...(vars.JOBS_QUEUE_URL ? { jobs: vars.JOBS_QUEUE_URL } : {}),
    },
    // Its two variables were checked in this same pass; the merge and the config's own rules follow.
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

function merge(vars: Values): MergeConfig {
  const apiKey = secretRef(vars.MERGE_API_KEY_SECRET_ID, vars.MERGE_API_KEY);
  return {
    baseUrl: resolveMergeBaseUrl({
      ...(vars.MERGE_BASE_URL ? { baseUrl: vars.MERGE_BASE_URL } : {}),
      ...(vars.MERGE_REGION ? { region: vars.MERGE_REGION } : {}),
    }),
    ...(apiKey ? { apiKey } : {}),
  };
}

/** The secret id wins: in AWS the value never is in the environment. */
function secretRef(secretId: string | undefined, value: string | undefined): SecretRef | undefined {
  if (secretId) return { secretId };
  return value ? { value } : undefined;
}
