import type { Random } from '../random';
import * as S from '../sample-data';
import type { JsonObject, MergeRecord } from '../types';

// What the record generators share: the account's "world" (its company name and domain), the links
// to the account's other records, and helpers for realistic values.

export interface AccountWorld {
  domain: string;
  organization: string;
}

export function createWorld(organizationName: string): AccountWorld {
  const slug = organizationName.toLowerCase().replace(/[^a-z0-9]+/g, '') || 'example';
  return { domain: `${slug}.com`, organization: organizationName };
}

/** The account's records a generated record may point at (store/links.ts implements it). */
export interface RecordLinks {
  /** A random live record of the model in this account, or null when it has none. */
  ref(modelId: string): string | null;
  /** Between `min` and `max` distinct live records of the model (fewer when it has fewer). */
  refs(modelId: string, min: number, max: number): string[];
  /** A random live record of the model that `match` accepts, or null. */
  refWhere(modelId: string, match: (record: MergeRecord) => boolean): string | null;
  /** A live record by id, to read its fields. */
  get(modelId: string, id: string): MergeRecord | undefined;
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
  links: RecordLinks;
  /** The record this one is listed under (nested models: the job of a screening question). */
  parentId: string | null;
}

const DAY_MS = 86_400_000;

function day(ms: number): string {
  return new Date(ms - (ms % DAY_MS)).toISOString().replace('.000Z', 'Z');
}

export function pastDate(ctx: FactoryContext, minDays: number, maxDays: number): string {
  return day(ctx.nowMs - ctx.rng.int(minDays, maxDays) * DAY_MS);
}

export function futureDate(ctx: FactoryContext, minDays: number, maxDays: number): string {
  return day(ctx.nowMs + ctx.rng.int(minDays, maxDays) * DAY_MS);
}

/** `days` after an ISO date, at midnight UTC. */
export function addDays(iso: string, days: number): string {
  return day(Date.parse(iso) + days * DAY_MS);
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

export function workEmail(ctx: FactoryContext, first: string, last: string): string {
  return `${emailLocal(first, last)}@${ctx.world.domain}`;
}

export function phone(rng: Random): string {
  return `+1${rng.digits(10)}`;
}

/** An amount with cents. */
export function money(rng: Random, min: number, max: number): number {
  return Math.round((min + rng.next() * (max - min)) * 100) / 100;
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

/**
 * A sub-object with an identity of its own inside a record (a line item, a permission): id, remote_id
 * and Merge's timestamps, then its fields.
 */
export function subObject(ctx: FactoryContext, fields: JsonObject): JsonObject {
  return {
    id: ctx.rng.uuid(),
    remote_id: ctx.rng.digits(7),
    created_at: ctx.stamp,
    modified_at: ctx.stamp,
    ...fields,
  };
}

/** Fresh each time, so no two records share (and could corrupt) one object. */
export function emptyFieldMappings(): JsonObject {
  return { organization_defined_targets: {}, linked_account_defined_targets: {} };
}

export type Generator = (ctx: FactoryContext, remoteId: string) => JsonObject;
