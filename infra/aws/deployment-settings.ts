import { isMergeRegion, MERGE_REGIONS, type MergeRegion } from '../../shared/merge/regions';
import { SECRET_PATH_SLOTS, WEBHOOK_PATH_SLOTS, type WebhookPathSlot } from './webhook-path-slots';

const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * What a deployment chooses, from CDK context: cdk.json's `context`, or `-c key=value` on the
 * command line (which always arrives as a string). Everything else is decided in code, with its
 * reason next to it.
 */
export interface DeploymentSettings {
  /** CloudFormation stack name; also the metrics namespace and the alarms' name prefix. */
  stackName: string;
  /** Where your Merge organization lives: us (api.merge.dev), eu (api-eu) or ap (api-ap). */
  mergeRegion: MergeRegion;
  /** Your Merge plan's requests per minute per linked account (100, 400 or 600). */
  planRequestsPerMinute: number;
  /** Subscribed to the alarm topic; none when empty. */
  alarmEmail: string | undefined;
  /** Sync lag allowed on top of a model's cadence before its alarm fires. */
  syncLagSloMinutes: number;
  /** Steady webhook requests per second API Gateway lets through (bursts: twice that). */
  webhookRequestsPerSecond: number;
  /**
   * The webhook URL's secret path segments served: `a` (the default), or `a,b` / `b` while and after
   * rotating it (docs/security.md, "Rotating the webhook path secret"). Each slot has a secret of its
   * own. Plus `open` (the bare /webhooks/merge of earlier versions) only while moving Merge off it.
   */
  webhookPaths: readonly WebhookPathSlot[];
  /** Powertools' log level. */
  logLevel: LogLevel;
}

export const DEFAULT_DEPLOYMENT_SETTINGS: DeploymentSettings = {
  stackName: 'MergeSync',
  mergeRegion: 'us',
  planRequestsPerMinute: 100,
  alarmEmail: undefined,
  syncLagSloMinutes: 30,
  webhookRequestsPerSecond: 50,
  webhookPaths: ['a'],
  logLevel: 'INFO',
};

export class DeploymentSettingsError extends Error {
  override readonly name = 'DeploymentSettingsError';
}

type Parsed<T> = { value: T } | { expected: string };
type Parsers = { [K in keyof DeploymentSettings]: (raw: unknown) => Parsed<DeploymentSettings[K]> };

const PARSERS: Parsers = {
  stackName: (raw) =>
    typeof raw === 'string' && /^[A-Za-z][A-Za-z0-9-]{0,63}$/.test(raw)
      ? { value: raw }
      : { expected: 'a letter, then letters, digits or hyphens (64 at most)' },
  mergeRegion: (raw) =>
    isMergeRegion(raw)
      ? { value: raw }
      : {
          expected: `one of ${Object.keys(MERGE_REGIONS).join(', ')} (the Merge region of your organization)`,
        },
  planRequestsPerMinute: integerIn(
    10,
    10_000,
    "your Merge plan's requests per minute per linked account (100, 400 or 600)",
  ),
  alarmEmail: (raw) => {
    if (raw === '') return { value: undefined };
    return typeof raw === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(raw)
      ? { value: raw }
      : { expected: 'an email address, or "" for none' };
  },
  syncLagSloMinutes: integerIn(5, 1440, 'minutes'),
  webhookRequestsPerSecond: integerIn(1, 5000, 'requests per second'),
  webhookPaths: (raw) => {
    const slots = typeof raw === 'string' ? raw.split(',').map((slot) => slot.trim()) : raw;
    const valid =
      Array.isArray(slots) &&
      slots.length > 0 &&
      new Set(slots).size === slots.length &&
      slots.every((slot) => WEBHOOK_PATH_SLOTS.includes(slot as WebhookPathSlot)) &&
      slots.some((slot) => (SECRET_PATH_SLOTS as readonly string[]).includes(slot as string));
    return valid
      ? { value: [...(slots as WebhookPathSlot[])].sort() }
      : {
          expected:
            '"a", "b" or "a,b": the webhook path secrets to serve, plus "open" while moving Merge off ' +
            'the URL without one (docs/security.md)',
        };
  },
  logLevel: (raw) =>
    LOG_LEVELS.includes(raw as LogLevel)
      ? { value: raw as LogLevel }
      : { expected: `one of ${LOG_LEVELS.join(', ')}` },
};

/** The context keys this app reads; cdk.json lists each with its default. */
export const CONTEXT_KEYS = Object.keys(PARSERS) as (keyof DeploymentSettings)[];

/**
 * Reads and validates every setting, reporting all problems at once, each naming the context key,
 * the value given and what is allowed. Unset keys take their defaults.
 */
export function readDeploymentSettings(context: (key: string) => unknown): DeploymentSettings {
  const settings: DeploymentSettings = { ...DEFAULT_DEPLOYMENT_SETTINGS };
  const problems: string[] = [];
  const apply = <K extends keyof DeploymentSettings>(key: K): void => {
    const raw = context(key);
    if (raw === undefined || raw === null) return;
    const parsed = PARSERS[key](raw);
    if ('expected' in parsed)
      problems.push(`${key}: got ${JSON.stringify(raw)}, expected ${parsed.expected}`);
    else settings[key] = parsed.value;
  };
  CONTEXT_KEYS.forEach(apply);
  if (problems.length > 0) {
    throw new DeploymentSettingsError(
      `Invalid deployment settings (cdk.json "context", or -c key=value):\n  - ${problems.join('\n  - ')}`,
    );
  }
  return settings;
}

/** A whole number in [min, max]; from the command line it arrives as a string of digits. */
function integerIn(min: number, max: number, what: string): (raw: unknown) => Parsed<number> {
  return (raw) => {
    const value = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
    return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
      ? { value }
      : { expected: `a whole number from ${min} to ${max}: ${what}` };
  };
}
