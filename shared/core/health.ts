/**
 * An integration's health, as the read API, the console and the `Account Health Changed` event name
 * it (docs/health.md). When several hold, the first of HEALTH_PRECEDENCE wins.
 */
export const HEALTH_STATES = [
  'initial_sync',
  'healthy',
  'delayed',
  'relink_needed',
  'failing',
  'paused',
  'deleted',
] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

/** Which state wins when several hold: deleted, then the contract's order. */
export const HEALTH_PRECEDENCE: readonly HealthState[] = [
  'deleted',
  'relink_needed',
  'paused',
  'failing',
  'delayed',
  'initial_sync',
  'healthy',
];

/** One published change of an account's health. */
export interface HealthChange {
  from: HealthState | null;
  to: HealthState;
  reason: string;
  at: string;
}

/**
 * The health last published for an account (stored on the account item, written conditionally so a
 * change is announced once), and its recent changes, newest first, for the console's timeline.
 */
export interface StoredHealth {
  state: HealthState;
  reason: string;
  since: string;
  history: HealthChange[];
}
