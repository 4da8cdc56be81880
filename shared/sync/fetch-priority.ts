import type { ConfiguredModel, SyncTier } from '../config/sync-config-schema';
import type { SyncState } from '../core/sync-state';

/** A backlog of the account's request schedule shorter than this is no reason to give way. */
export const YIELD_PATIENCE_MS = 5_000;
/** SQS's longest message delay. */
const MAX_DELAY_SECONDS = 900;

/** What decides whether a fetch goes now or gives way to the account's more urgent fetches. */
export interface PriorityInput {
  /** The fetch's model and the account's other models (its plan), with their tiers. */
  model: Pick<ConfiguredModel, 'modelId' | 'tier'>;
  models: readonly Pick<ConfiguredModel, 'tier'>[];
  tiers: readonly SyncTier[];
  state: Pick<SyncState, 'run' | 'lastRun'>;
  /** When the fetch was asked for: how long it has waited already. */
  requestedAt: string;
  nowMs: number;
  /** How far ahead the account's request schedule is booked (0: a request could go now). */
  backlogMs: number;
}

/**
 * Pacing across many models: an account's budget goes first to initial syncs and to the models of
 * its fastest tier. Any other fetch that finds the account's request schedule booked more than a few
 * seconds ahead gives way: it is asked again once the booked requests are through. It never gives
 * way past its own cadence (its tier's interval since it was asked for), so no model starves: each
 * gets its fetch within its cadence plus the time the budget needs for what was booked before it.
 * A run already under way is never held back (it keeps its checkpoint and its place).
 * Returns the delay in seconds, or undefined to fetch now.
 */
export function yieldDelaySeconds(input: PriorityInput): number | undefined {
  const { model, models, tiers, state, requestedAt, nowMs, backlogMs } = input;
  if (state.run || !state.lastRun) return undefined; // under way, or an initial sync
  const minutesOf = (tier: string) => tiers.find((t) => t.name === tier)?.everyMinutes;
  const own = minutesOf(model.tier);
  const fastest = Math.min(...models.map((m) => minutesOf(m.tier) ?? Number.POSITIVE_INFINITY));
  if (own === undefined || own <= fastest) return undefined;
  if (backlogMs <= YIELD_PATIENCE_MS) return undefined;
  const waitedMs = nowMs - Date.parse(requestedAt);
  const leftMs = own * 60_000 - waitedMs;
  if (!(leftMs > 0)) return undefined; // waited a full cadence already: its turn
  return Math.max(1, Math.min(MAX_DELAY_SECONDS, Math.ceil(Math.min(backlogMs, leftMs) / 1000)));
}
