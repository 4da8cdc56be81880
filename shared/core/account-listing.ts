import { CATEGORIES, isCategory } from '../merge/types';
import type { LinkedAccount } from './accounts';
import { HEALTH_PRECEDENCE, HEALTH_STATES, type HealthState } from './health';

/**
 * How GET /accounts finds an account without reading every one: the keys of the accounts health
 * index and the scopes of the maintained counts (docs/read-api.md, "GET /accounts"). Everything
 * here is derived from the account document alone, so the store can write it with every account.
 */

/**
 * The account's state as last published (shared/health/health-changes.ts, evaluated after every
 * poll and fetch): listing accounts reads their items only, never their sync states. An account
 * not evaluated yet is starting out.
 */
export function listedState(account: LinkedAccount): HealthState {
  if (account.status === 'DELETED') return 'deleted';
  return account.health?.state ?? 'initial_sync';
}

/** The problems order: worst first (relink_needed = 1) ... healthy = 6, deleted last (7). One digit. */
export function healthRank(state: HealthState): number {
  return state === 'deleted' ? HEALTH_PRECEDENCE.length : HEALTH_PRECEDENCE.indexOf(state);
}

/** The states in the problems order. */
export const STATES_BY_RANK: readonly HealthState[] = [...HEALTH_STATES].sort(
  (a, b) => healthRank(a) - healthRank(b),
);

/** Sorts after every epoch millisecond: its complement sorts the newest first, as a string. */
const LATEST_MS = 9_999_999_999_999;

/**
 * The account's key in the problems order: `rank#inverse-time#id`, the worst state first, the most
 * recent change first within a state, then by id. Keys sort as strings.
 */
export function healthListingKey(account: LinkedAccount): string {
  const since = Date.parse(account.health?.since ?? account.linkedAt) || 0;
  const inverse = String(LATEST_MS - since).padStart(13, '0');
  return `${healthRank(listedState(account))}#${inverse}#${account.id}`;
}

/** Every key of one state lies in [from, to] (`to` itself is never a key: `$` follows `#`). */
export function stateKeyRange(state: HealthState): { from: string; to: string } {
  const rank = healthRank(state);
  return { from: `${rank}#`, to: `${rank}$` };
}

/** Every key of every state lies in [from, to]. */
export const ALL_STATES_KEY_RANGE = { from: '0', to: '9' } as const;

/**
 * The index partitions accounts by category: the six we sync each have theirs, every other
 * category (knowledgebase, chat, ... as Merge spells them, never upper case) shares one, so the
 * partitions of an unfiltered listing are a fixed few.
 */
export const OTHER_CATEGORIES_BUCKET = 'OTHER';
export const listingBucket = (category: string): string =>
  isCategory(category) ? category : OTHER_CATEGORIES_BUCKET;
export const LISTING_BUCKETS: readonly string[] = [...CATEGORIES, OTHER_CATEGORIES_BUCKET];

/** The integration filter matches the name or the slug, in any case: the account's values for it. */
export function integrationKeys(account: Pick<LinkedAccount, 'integration' | 'integrationSlug'>): string[] {
  const keys = [account.integration, account.integrationSlug].flatMap((v) => (v ? [v.toLowerCase()] : []));
  return [...new Set(keys)];
}

/** What an account adds to the maintained counts: its state, under each scope it falls in. */
export interface ListingFacts {
  state: HealthState;
  scopes: string[];
}

/** The scope of a listing's counts: its category and integration filters (either or none). */
export function countScope(filter: {
  category?: string | undefined;
  integration?: string | undefined;
}): string {
  const category = filter.category ? `CATEGORY#${filter.category}` : '';
  const integration = filter.integration ? `INTEGRATION#${filter.integration.toLowerCase()}` : '';
  return [category, integration].filter(Boolean).join('#') || 'ALL';
}

/** Longer integration names than this (none that Merge has) are not counted per integration. */
const MAX_COUNTED_INTEGRATION_BYTES = 256;

export function listingFacts(account: LinkedAccount): ListingFacts {
  const integrations = integrationKeys(account).filter(
    (key) => Buffer.byteLength(key) <= MAX_COUNTED_INTEGRATION_BYTES,
  );
  const scopes = [
    countScope({}),
    countScope({ category: account.category }),
    ...integrations.map((integration) => countScope({ integration })),
    ...integrations.map((integration) => countScope({ category: account.category, integration })),
  ];
  return { state: listedState(account), scopes: [...new Set(scopes)] };
}

export type StateCounts = Record<HealthState, number>;

export const zeroCounts = (): StateCounts =>
  Object.fromEntries(HEALTH_STATES.map((s) => [s, 0])) as StateCounts;

/**
 * The changes to the counts when an account goes from `before` to `after` (either absent: created
 * or removed): per scope, per state, only what is not zero.
 */
export function countChanges(
  before: ListingFacts | undefined,
  after: ListingFacts | undefined,
): Map<string, Partial<StateCounts>> {
  const changes = new Map<string, Partial<StateCounts>>();
  const add = (facts: ListingFacts | undefined, by: number) => {
    for (const scope of facts?.scopes ?? []) {
      const counts = changes.get(scope) ?? {};
      counts[facts!.state] = (counts[facts!.state] ?? 0) + by;
      changes.set(scope, counts);
    }
  };
  add(before, -1);
  add(after, 1);
  for (const [scope, counts] of changes) {
    for (const state of HEALTH_STATES) if (counts[state] === 0) delete counts[state];
    if (Object.keys(counts).length === 0) changes.delete(scope);
  }
  return changes;
}
