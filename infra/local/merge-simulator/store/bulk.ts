import { modelKey } from '../catalog';
import { SEED_ORDER } from '../record-links';
import type { Random } from '../random';
import type { RecordChange, SimStore } from './data';

// Whole-account scripting for tests and the demo: seed every model of an account (in an order where
// every relation finds its target), and run a round of upstream adds, changes and deletes across
// all its models.

export interface SeedAllOptions {
  /** Live records each model ends up with (default 3), unless `counts` names the model. */
  perModel?: number;
  /** Live records per model, by key or any `model_id` spelling (0 leaves a model empty). */
  counts?: Record<string, number>;
}

export interface ChurnOptions {
  /** Records added per model (default 1). */
  added?: number;
  /** Existing live records changed per model (default 1). */
  changed?: number;
  /** Existing live records soft-deleted per model (default 1). */
  removed?: number;
  /** Only these models (default: every model the account is linked with). */
  models?: string[];
}

/** The account's models in seeding order (record-links.ts SEED_ORDER), then any others. */
function orderedModels(store: SimStore, accountId: string, only?: string[]): string[] {
  const account = store.live(accountId).account;
  const chosen = new Set((only ?? account.models).map(modelKey));
  const order = (SEED_ORDER as Partial<Record<string, readonly string[]>>)[account.category] ?? [];
  return [...order.filter((m) => chosen.has(m)), ...[...chosen].filter((m) => !order.includes(m))];
}

function liveIds(store: SimStore, accountId: string, modelId: string): string[] {
  return store
    .table(accountId, modelId)
    .rows.filter((r) => r.raw === undefined && !r.record.remote_was_deleted)
    .map((r) => r.record.id);
}

/** Seeds every model of the account up to its count; returns the live records per model. */
export function seedAllModels(
  store: SimStore,
  accountId: string,
  opts: SeedAllOptions = {},
): Record<string, number> {
  const counts = new Map(Object.entries(opts.counts ?? {}).map(([m, n]) => [modelKey(m), n]));
  const out: Record<string, number> = {};
  for (const modelId of orderedModels(store, accountId)) {
    const target = counts.get(modelId) ?? opts.perModel ?? 3;
    const missing = target - liveIds(store, accountId, modelId).length;
    if (missing > 0) store.seedRecords(accountId, modelId, missing);
    out[modelId] = liveIds(store, accountId, modelId).length;
  }
  return out;
}

/** Picks `count` distinct ids from `ids` (all of them when there are fewer). */
function sample(rng: Random, ids: readonly string[], count: number): string[] {
  const pool = [...ids];
  const out: string[] = [];
  while (out.length < count && pool.length > 0) out.push(...pool.splice(rng.int(0, pool.length - 1), 1));
  return out;
}

/**
 * One round of upstream activity: per model, adds, then changes and soft-deletes records that
 * existed before the round. Returns every record that changed, once each, in order, with the action
 * a changed-data webhook would announce (a parent whose mirrored list grew counts as changed).
 */
export function churn(store: SimStore, accountId: string, opts: ChurnOptions = {}): RecordChange[] {
  const rng = store.rng;
  const changes: RecordChange[] = [];
  const stop = store.observe((c) => changes.push(c));
  try {
    for (const modelId of orderedModels(store, accountId, opts.models)) {
      const before = liveIds(store, accountId, modelId);
      store.seedRecords(accountId, modelId, opts.added ?? 1);
      const changed = sample(rng, before, opts.changed ?? 1);
      for (const id of changed) store.updateRecord(accountId, modelId, id);
      const rest = before.filter((id) => !changed.includes(id));
      for (const id of sample(rng, rest, opts.removed ?? 1)) store.deleteRecord(accountId, modelId, id);
    }
  } finally {
    stop();
  }
  return settle(changes);
}

const RANK: Record<RecordChange['action'], number> = { changed: 0, added: 1, removed: 2 };

/** One entry per record: removed beats added beats changed; first-seen order. */
function settle(changes: readonly RecordChange[]): RecordChange[] {
  const byRecord = new Map<string, RecordChange>();
  for (const c of changes) {
    const key = `${c.modelId}\u0000${c.recordId}`;
    const seen = byRecord.get(key);
    if (!seen) byRecord.set(key, { ...c });
    else if (RANK[c.action] > RANK[seen.action]) seen.action = c.action;
  }
  return [...byRecord.values()];
}
