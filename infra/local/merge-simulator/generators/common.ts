import type { Random } from '../random';
import * as S from '../sample-data';
import type { JsonObject } from '../types';

// What the record generators share: the account's "world" of ids that records point at, and
// helpers for realistic values.

/** Ids of the things an account's records point at but the simulator does not serve as models. */
export interface AccountWorld {
  domain: string;
  company: string;
  locations: string[];
  groups: string[];
  teams: string[];
  payGroups: string[];
  jobs: string[];
  stages: string[];
  users: string[];
  crmAccounts: string[];
  collections: string[];
  folder: string;
  drive: string;
}

export function createWorld(rng: Random, organizationName: string): AccountWorld {
  const ids = (n: number): string[] => Array.from({ length: n }, () => rng.uuid());
  const slug = organizationName.toLowerCase().replace(/[^a-z0-9]+/g, '') || 'example';
  return {
    domain: `${slug}.com`,
    company: rng.uuid(),
    locations: ids(3),
    groups: ids(4),
    teams: ids(3),
    payGroups: ids(2),
    jobs: ids(5),
    stages: ids(4),
    users: ids(5),
    crmAccounts: ids(6),
    collections: ids(2),
    folder: rng.uuid(),
    drive: rng.uuid(),
  };
}

export interface FactoryContext {
  rng: Random;
  world: AccountWorld;
  id: string;
  /** Timestamp of this creation, used for created_at/modified_at and nested objects. */
  stamp: string;
  /** Clock reading in ms, to place third-party dates in the past. */
  nowMs: number;
  /** remote_data also gets `__proto__` and `constructor` keys. */
  hostileKeys?: boolean;
}

const DAY_MS = 86_400_000;

export function pastDate(ctx: FactoryContext, minDays: number, maxDays: number): string {
  const ms = ctx.nowMs - ctx.rng.int(minDays, maxDays) * DAY_MS;
  return new Date(ms - (ms % DAY_MS)).toISOString().replace('.000Z', 'Z');
}

export function person(rng: Random): { first: string; last: string } {
  return { first: rng.pick(S.FIRST_NAMES), last: rng.pick(S.LAST_NAMES) };
}

export function emailLocal(first: string, last: string): string {
  return `${first}.${last}`
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z.]/g, '');
}

export function phone(rng: Random): string {
  return `+1${rng.digits(10)}`;
}

export function address(ctx: FactoryContext): JsonObject {
  const place = ctx.rng.pick(S.CITIES);
  return {
    created_at: ctx.stamp,
    modified_at: ctx.stamp,
    street_1: `${ctx.rng.int(1, 999)} ${ctx.rng.pick(S.STREETS)}`,
    street_2: null,
    city: place.city,
    state: place.state,
    postal_code: place.postal,
    country: 'US',
    address_type: ctx.rng.pick(['Billing', 'Shipping']),
  };
}

/** Fresh each time, so no two records share (and could corrupt) one object. */
export function emptyFieldMappings(): JsonObject {
  return { organization_defined_targets: {}, linked_account_defined_targets: {} };
}

export type Generator = (ctx: FactoryContext, remoteId: string) => JsonObject;
