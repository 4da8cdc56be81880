import { loadSyncConfig, type SyncSettings } from '../../config/sync-config';
import { resolveMergeBaseUrl } from '../../merge/regions';
import { queueTiming, webhookClaimLeaseMs } from '../../queue/queue-design';
import type {
  EngineConfig,
  EventProcessorConfig,
  MergeConfig,
  MergeFunctionConfig,
  ReadApiConfig,
  WriteApiConfig,
  WriterConfig,
  TokenKeyConfig,
} from './runtime-config';
import {
  readVariables,
  secretRef,
  telemetry,
  TELEMETRY_VARIABLES,
  type Environment,
  type Values,
} from './variables';

/**
 * The engine functions' environment (README, "Function environment"), read once per Lambda instance
 * into the validated config the dependency factory takes: each function's variables in one pass,
 * every problem reported at once (the receiver's: receiver-from-environment.ts). In Lambda the SDK
 * clients take region, credentials and endpoints from the SDK's own environment, so `aws` is empty.
 */
const SYNC_CONFIG = ['SYNC_CONFIG_OVERRIDES', 'MERGE_PLAN_REQUESTS_PER_MINUTE'] as const;
const ENGINE = [
  ...TELEMETRY_VARIABLES,
  ...SYNC_CONFIG,
  'TABLE_NAME',
  'EVENTS_QUEUE_URL',
  'POLLS_QUEUE_URL',
  'JOBS_QUEUE_URL',
  'WRITES_QUEUE_URL',
  'EVENT_BUS_NAME',
  'OUTBOX_ABANDONED_AFTER_MS',
] as const;
/** The functions that store or read account tokens: the event processor, the poller, the fetcher, the writer. */
const TOKENS = ['TOKEN_KMS_KEY_ID', 'TOKEN_LOCAL_KEY'] as const;
const MERGE = ['MERGE_BASE_URL', 'MERGE_REGION', 'MERGE_API_KEY_SECRET_ID', 'MERGE_API_KEY'] as const;

export function eventProcessorConfigFromEnvironment(source: Environment): EventProcessorConfig {
  const vars = readVariables(source, [...ENGINE, ...MERGE, ...TOKENS], ['TABLE_NAME']);
  return {
    aws: {},
    telemetry: telemetry(vars),
    engine: { ...engine(vars, source), ...tokenKey(vars) },
    merge: merge(vars),
    eventProcessor: { claimLeaseMs: webhookClaimLeaseMs(queueTiming('events')) },
  };
}

/** The poller's and the fetcher's. */
export function mergeFunctionConfigFromEnvironment(source: Environment): MergeFunctionConfig {
  const vars = readVariables(source, [...ENGINE, ...MERGE, ...TOKENS], ['TABLE_NAME']);
  return {
    aws: {},
    telemetry: telemetry(vars),
    engine: { ...engine(vars, source), ...tokenKey(vars) },
    merge: merge(vars),
  };
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

/** The write API's: the table and the writes queue (WRITES_QUEUE_URL). */
export function writeApiConfigFromEnvironment(source: Environment): WriteApiConfig {
  const vars = readVariables(source, ENGINE, ['TABLE_NAME', 'WRITES_QUEUE_URL']);
  return { aws: {}, telemetry: telemetry(vars), engine: engine(vars, source) };
}

/** The writer's: the engine's, Merge's, and the writes queue's dead-letter queue. */
export function writerConfigFromEnvironment(source: Environment): WriterConfig {
  const vars = readVariables(
    source,
    [...ENGINE, ...MERGE, ...TOKENS, 'WRITES_DEAD_LETTER_QUEUE_URL'],
    ['TABLE_NAME', 'WRITES_QUEUE_URL', 'WRITES_DEAD_LETTER_QUEUE_URL'],
  );
  return {
    aws: {},
    telemetry: telemetry(vars),
    engine: { ...engine(vars, source), ...tokenKey(vars) },
    merge: merge(vars),
    writes: { deadLetterQueueUrl: vars.WRITES_DEAD_LETTER_QUEUE_URL },
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

function engine(vars: Values & { TABLE_NAME: string }, source: Environment): EngineConfig {
  return {
    tableName: vars.TABLE_NAME,
    queueUrls: {
      ...(vars.EVENTS_QUEUE_URL ? { events: vars.EVENTS_QUEUE_URL } : {}),
      ...(vars.POLLS_QUEUE_URL ? { polls: vars.POLLS_QUEUE_URL } : {}),
      ...(vars.JOBS_QUEUE_URL ? { jobs: vars.JOBS_QUEUE_URL } : {}),
      ...(vars.WRITES_QUEUE_URL ? { writes: vars.WRITES_QUEUE_URL } : {}),
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

/** The KMS key wins; neither set: tokens cannot be stored or read (the first attempt says which to set). */
function tokenKey(vars: Values): { tokenKey?: TokenKeyConfig } {
  if (vars.TOKEN_KMS_KEY_ID) return { tokenKey: { kmsKeyId: vars.TOKEN_KMS_KEY_ID } };
  return vars.TOKEN_LOCAL_KEY ? { tokenKey: { localKey: vars.TOKEN_LOCAL_KEY } } : {};
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
