import type { SyncSettings } from '../../config/sync-config';
import type { WriteSettings } from '../../writes/ports';
import type { QueueName } from '../../queue/messages';
import type { SecretRef } from '../secrets';

/**
 * Everything the functions are configured with, validated: in AWS read once from each function's
 * environment (from-environment.ts), locally and in tests given explicitly (infra/local/pipeline.ts).
 * Each function takes the parts it needs (the Pick types below); the dependency factory
 * (shared/runtime/deps) builds its adapters from them.
 */
export interface RuntimeConfig {
  aws: AwsConfig;
  telemetry: TelemetryConfig;
  engine: EngineConfig;
  merge: MergeConfig;
  eventProcessor: {
    /** How long a webhook's dedupe claim lasts (shared/queue/queue-design.ts). */
    claimLeaseMs: number;
  };
  receiver: ReceiverConfig;
  readApi: {
    /** How old a record must be before the feed serves it; the feed's default when absent. */
    feedSettleMs?: number;
  };
  writes: WritesConfig;
}

/** The writer's: where a write that gave up goes, and how hard writes are tried. */
export interface WritesConfig {
  /** The writes queue's dead-letter queue (WRITES_DEAD_LETTER_QUEUE_URL). */
  deadLetterQueueUrl?: string;
  /** Defaults: shared/writes/ports.ts DEFAULT_WRITE_SETTINGS. */
  settings?: Partial<WriteSettings>;
}

/** Where the SDK clients connect. Empty in Lambda: the SDK's own region, credentials and endpoints. */
export interface AwsConfig {
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  endpoints?: Partial<Record<AwsService, string>>;
}
export type AwsService = 'dynamodb' | 'sqs' | 'eventBridge' | 'secretsManager' | 'kms';

export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface TelemetryConfig {
  /** Powertools' logger level; its own default (the LOG_LEVEL variable, else INFO) when absent. */
  logLevel?: LogLevel;
  /** The CloudWatch namespace of the EMF metrics, default MergeSync. */
  metricsNamespace?: string;
  /** false: the functions' metrics go nowhere (the local runtime has no CloudWatch). */
  emitMetrics?: boolean;
}

/** What the sync engine works on: the table, the queues, the sync config, the change-event bus. */
export interface EngineConfig {
  tableName: string;
  /** The queues this function sends to (the stack gives each function only its own). */
  queueUrls: Partial<Record<QueueName, string>>;
  settings: SyncSettings;
  /**
   * The key account tokens are sealed with (shared/store/tokens): the stack's KMS key, or locally a
   * 32-byte key (base64). Absent: this function handles no token (the read API); any attempt fails.
   */
  tokenKey?: TokenKeyConfig;
  /** Absent: no change events. */
  eventBus?: {
    name: string;
    /** When an outbox batch counts as abandoned; shared/events/outbox.ts's default when absent. */
    abandonedAfterMs?: number;
  };
}

export type TokenKeyConfig = { kmsKeyId: string } | { localKey: string };

export interface MergeConfig {
  /** Resolved from MERGE_BASE_URL or MERGE_REGION. */
  baseUrl: string;
  /** Absent: the first request fails, naming the variables to set. */
  apiKey?: SecretRef;
  /**
   * The Merge client's waits, each the client's default (shared/merge/client-options.ts) when absent:
   * Merge's own timings in AWS; a test world with a scaled-down clock of Merge (the chaos suite) sets
   * shorter ones so its 429s and hung requests cost seconds, not minutes.
   */
  clientTiming?: MergeClientTiming;
}

/** The time-dependent options of the Merge client (shared/merge/client-options.ts documents each). */
export interface MergeClientTiming {
  /** Per attempt; default 60 s, what Merge's SDK waits. */
  timeoutMs?: number;
  /** A 429 without a wait header defers the account this long; default 60 s (a per-minute window). */
  rateLimitWindowMs?: number;
  /** First backoff; default 500 ms. */
  baseDelayMs?: number;
  /** Cap of one backoff; default 30 s. */
  maxDelayMs?: number;
  /** A longer server-requested wait is deferred instead of slept; default 60 s. */
  maxRetryAfterMs?: number;
}

export interface ReceiverConfig {
  eventsQueueUrl: string;
  /** Absent: every signed webhook fails (the invocation errors, Merge retries), naming the variables to set. */
  signingKey?: SecretRef;
  /**
   * The key a rotation replaced, accepted too while it is set (docs/security.md, "Rotating the webhook
   * signature key"). Absent, or a secret without a value (or `none`): only the current key.
   */
  previousSigningKey?: SecretRef;
  maxWebhookBytes?: number;
}

type Base = 'aws' | 'telemetry';
/** The event processor asks Merge too: it checks a LinkedAccount.linked's token before storing it. */
export type EventProcessorConfig = Pick<RuntimeConfig, Base | 'engine' | 'eventProcessor' | 'merge'>;
/** The poller and the fetcher: the engine and Merge. */
export type MergeFunctionConfig = Pick<RuntimeConfig, Base | 'engine' | 'merge'>;
export type ReadApiConfig = Pick<RuntimeConfig, Base | 'engine' | 'readApi'>;
export type ReceiverFunctionConfig = Pick<RuntimeConfig, Base | 'receiver'>;
/** The write API: the table and the writes queue. */
export type WriteApiConfig = Pick<RuntimeConfig, Base | 'engine'>;
/** The writer: the engine (table, bus, writes queue), Merge, and its dead letters. */
export type WriterConfig = Pick<RuntimeConfig, Base | 'engine' | 'merge' | 'writes'>;
