import type * as z from 'zod/mini';
import { MERGE_REGIONS } from '../../merge/regions';
import type { SecretRef } from '../secrets';
import { env, readEnvironment } from './environment';
import { LOG_LEVELS, type TelemetryConfig } from './runtime-config';

/**
 * Every variable the functions read (README, "Function environment") and how its text is parsed.
 * Kept apart from the readers so the receiver's bundle carries none of the sync config's code.
 */
export const VARIABLES = {
  TABLE_NAME: env.text(),
  EVENTS_QUEUE_URL: env.httpUrl(),
  POLLS_QUEUE_URL: env.httpUrl(),
  JOBS_QUEUE_URL: env.httpUrl(),
  WRITES_QUEUE_URL: env.httpUrl(),
  WRITES_DEAD_LETTER_QUEUE_URL: env.httpUrl(),
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
  /** The account-token key: a KMS key id or ARN in AWS, or locally 32 bytes in base64. */
  TOKEN_KMS_KEY_ID: env.text(),
  TOKEN_LOCAL_KEY: env.text(),
  /** The key a rotation replaced, accepted too until emptied (docs/security.md); usually unset. */
  MERGE_WEBHOOK_SIGNATURE_KEY_PREVIOUS_SECRET_ID: env.text(),
  MERGE_WEBHOOK_SIGNATURE_KEY_PREVIOUS: env.text(),
  MAX_WEBHOOK_BYTES: env.positiveWholeNumber('bytes'),
  FEED_SETTLE_MS: env.wholeNumber('milliseconds'),
  LOG_LEVEL: env.upperCaseOneOf(LOG_LEVELS),
  METRICS_NAMESPACE: env.text(),
};
export type Variable = keyof typeof VARIABLES;
export type Values = { [K in Variable]?: z.output<(typeof VARIABLES)[K]> };
export type Environment = Readonly<Record<string, string | undefined>>;

/** Reads the named variables (VARIABLES says how); the `required` ones must be set. */
export function readVariables<N extends Variable, R extends N = never>(
  source: Environment,
  names: readonly N[],
  required: readonly R[] = [],
) {
  const shape = Object.fromEntries(names.map((name) => [name, VARIABLES[name]])) as Pick<typeof VARIABLES, N>;
  return readEnvironment(source, shape, required);
}

export const TELEMETRY_VARIABLES = ['LOG_LEVEL', 'METRICS_NAMESPACE'] as const;

export function telemetry(vars: Values): TelemetryConfig {
  return {
    ...(vars.LOG_LEVEL ? { logLevel: vars.LOG_LEVEL } : {}),
    ...(vars.METRICS_NAMESPACE ? { metricsNamespace: vars.METRICS_NAMESPACE } : {}),
  };
}

/** The secret id wins: in AWS the value never is in the environment. */
export function secretRef(secretId: string | undefined, value: string | undefined): SecretRef | undefined {
  if (secretId) return { secretId };
  return value ? { value } : undefined;
}
