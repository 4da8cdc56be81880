import type { MergeSimulator } from '../../infra/local/merge-simulator';
import type { MergeRecord } from '../../infra/local/merge-simulator/types';
import { MODEL_CATALOG } from '../../shared/config/model-catalog';
import type { SyncSettings } from '../../shared/config/sync-config';
import type { AccountStore, OutboxStore, RecordStore, SyncStateStore } from '../../shared/store/ports';
import { MAX_DATA_BYTES } from '../../shared/sync/normalize';
import { toEpochMs } from '../../shared/sync/timestamps';
import { allStored } from '../helpers/stored-records';
import type { SyncState } from '../../shared/core/sync-state';

/** What a run counts as wrong. Every figure must be 0. */
export interface Mismatches {
  /** In Merge's data (tombstones included) but not stored. */
  missing: number;
  /** Stored, but not Merge's latest version. */
  stale: number;
  /** Deleted at Merge, live in the store. */
  resurrected: number;
  /** Stored, but not in Merge's data. */
  extra: number;
  /** Stored under one account but belonging to another (tenant isolation). */
  foreign: number;
  /** Records, sync states or a token left behind by a deleted account. */
  deletedAccountLeftovers: number;
  /** Invariant 4 broken: a cursor that moved back, moved without a completed fetch, or ran ahead. */
  cursor: number;
  /** Dead-letter messages the run did not poison on purpose. */
  dlqUnexpected: number;
  /** Messages the run poisoned that did not reach a dead-letter queue. */
  dlqMissing: number;
  /** Log lines or HTTP answers containing a key or an account token. */
  secretLeaks: number;
  /** Read API answers or Merge requests crossing accounts. */
  tenant: number;
  /** Accepted (2xx) webhooks never processed. */
  unprocessedWebhooks: number;
  /** Merge requests for a deleted account after it was purged. */
  postDeleteRequests: number;
  /** Records rewritten by a fetch of unchanged data (invariant 9). */
  wastedWrites: number;
  /** Differences found by a second comparison after an idle pass. */
  idleDrift: number;
  /** Stored records whose latest version never reached the change-event bus. */
  eventsMissing: number;
  /** Record change events emitted by the idle pass (nothing changed upstream: invariant 9). */
  wastedEvents: number;
  /** 5xx answers of the receiver (the enqueue never fails in these runs). */
  receiver5xx: number;
  /** A cursor-free invariant the run checks along the way (e.g. a FAILED sync not recorded). */
  decisions: number;
  /** The harness itself failed (a step threw, the queues never settled): a failed run. */
  harness: number;
}

export const emptyMismatches = (): Mismatches => ({
  missing: 0,
  stale: 0,
  resurrected: 0,
  extra: 0,
  foreign: 0,
  deletedAccountLeftovers: 0,
  cursor: 0,
  dlqUnexpected: 0,
  dlqMissing: 0,
  secretLeaks: 0,
  tenant: 0,
  unprocessedWebhooks: 0,
  postDeleteRequests: 0,
  wastedWrites: 0,
  idleDrift: 0,
  eventsMissing: 0,
  wastedEvents: 0,
  receiver5xx: 0,
  decisions: 0,
  harness: 0,
});

export const totalMismatches = (m: Mismatches): number => Object.values(m).reduce((a, b) => a + b, 0);

export interface CheckedAccount {
  id: string;
  category: string;
  deleted: boolean;
}

export interface StoreView {
  records: RecordStore;
  states: SyncStateStore;
  accounts: AccountStore;
  outbox?: OutboxStore;
  settings: SyncSettings;
}

/**
 * The stored form of a simulator record: remote_data and remote_fields are not asked for, the
 * model's denied fields (national identifiers by default) are left out, and every date-time is in
 * UTC with a `Z` (the brief's normalized record). Written independently of the
 * engine's normalizer: a date-time with an offset becomes the same instant in UTC, fraction kept.
 */
export function expectedData(
  record: MergeRecord,
  deniedFields: readonly string[] = [],
): Record<string, unknown> {
  const { remote_data: _d, remote_fields: _f, ...rest } = record;
  for (const field of deniedFields) delete rest[field];
  return toUtc(rest) as Record<string, unknown>;
}

const WITH_OFFSET = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?([+-])(\d{2}):?(\d{2})$/;
function toUtc(value: unknown): unknown {
  if (typeof value === 'string') {
    const m = WITH_OFFSET.exec(value);
    if (!m) return value;
    const [, base = '', fraction = '', sign, hh = '0', mm = '0'] = m;
    const offsetMs = (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm)) * 60_000;
    const utc = new Date(Date.parse(`${base}Z`) - offsetMs).toISOString().slice(0, 19);
    return `${utc}${fraction}Z`;
  }
  if (Array.isArray(value)) return value.map(toUtc);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toUtc(v)]));
  return value;
}

/** Models whose records an account of `category` stores: configured ones and their expanded relations. */
export function storedModels(settings: SyncSettings, category: string): string[] {
  const out = new Set<string>();
  for (const model of settings.modelsForCategory(category)) {
    out.add(model.modelId);
    for (const relation of model.expand) {
      const target = model.relations[relation];
      if (target) out.add(target);
    }
  }
  return [...out];
}

const canonical = (value: unknown): string => JSON.stringify(sortKeys(value));
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/**
 * Compares the store with the simulator's ground truth, record by record, for every account of the
 * run: live accounts must hold exactly Merge's records (tombstones for deleted ones, optional parts
 * dropped only from records too large for an item); deleted accounts must hold nothing.
 */
export async function compareStore(
  view: StoreView,
  sim: MergeSimulator,
  accounts: readonly CheckedAccount[],
  mismatches: Mismatches,
  details: string[],
): Promise<{ compared: number; truth: number; stored: number; truncated: number }> {
  let compared = 0;
  let truthCount = 0;
  let storedCount = 0;
  let truncated = 0;
  const owners = new Map<string, string>();
  for (const account of accounts) {
    if (account.deleted) continue;
    for (const modelId of storedModels(view.settings, account.category)) {
      for (const r of sim.records(account.id, modelId, { includeDeleted: true }))
        owners.set(r.id, account.id);
    }
  }
  const note = (line: string) => {
    if (details.length < 40) details.push(line);
  };
  for (const account of accounts) {
    if (account.deleted) {
      const catalog = MODEL_CATALOG.filter((m) => m.category === account.category).map((m) => m.modelId);
      for (const modelId of catalog) {
        const left = await allStored(view.records, account.id, modelId);
        if (left.length > 0) {
          mismatches.deletedAccountLeftovers += left.length;
          note(`deleted account ${account.id}: ${left.length} ${modelId} record(s) left`);
        }
      }
      const states = await view.states.listForAccount(account.id);
      if (states.length > 0) {
        mismatches.deletedAccountLeftovers += states.length;
        note(`deleted account ${account.id}: ${states.length} sync state(s) left`);
      }
      const outbox = (await view.outbox?.listForAccount(account.id)) ?? [];
      if (outbox.length > 0) {
        mismatches.deletedAccountLeftovers += outbox.length;
        note(`deleted account ${account.id}: ${outbox.length} outbox batch(es) left`);
      }
      if (await view.accounts.getToken(account.id)) {
        mismatches.deletedAccountLeftovers++;
        note(`deleted account ${account.id}: token left`);
      }
      const stored = await view.accounts.get(account.id);
      if (stored?.status !== 'DELETED') {
        mismatches.deletedAccountLeftovers++;
        note(`deleted account ${account.id}: status ${stored?.status ?? 'absent'}`);
      }
      continue;
    }
    for (const modelId of storedModels(view.settings, account.category)) {
      const truth = sim.records(account.id, modelId, { includeDeleted: true });
      const stored = await allStored(view.records, account.id, modelId);
      truthCount += truth.length;
      storedCount += stored.length;
      const byId = new Map(stored.map((r) => [r.id, r]));
      for (const record of truth) {
        compared++;
        const mine = byId.get(record.id);
        byId.delete(record.id);
        const deleted = record.remote_was_deleted === true;
        if (!mine) {
          mismatches.missing++;
          note(`${account.id} ${modelId} ${record.id}: missing (deleted=${deleted})`);
          continue;
        }
        if (deleted && !mine.deleted) {
          mismatches.resurrected++;
          note(`${account.id} ${modelId} ${record.id}: deleted at Merge, live in the store`);
          continue;
        }
        const expected = expectedData(record, view.settings.model(modelId)?.deniedFields);
        if (mine.droppedFields && mine.droppedFields.length > 0) {
          truncated++;
          const size = Buffer.byteLength(JSON.stringify(expected));
          for (const field of mine.droppedFields) delete expected[field];
          if (size <= MAX_DATA_BYTES) {
            mismatches.stale++;
            note(`${account.id} ${modelId} ${record.id}: fields dropped from a record that fits (${size} B)`);
            continue;
          }
        }
        if (canonical(expected) !== canonical(mine.data) || mine.deleted !== deleted) {
          mismatches.stale++;
          note(
            `${account.id} ${modelId} ${record.id}: stale (stored modified_at ${String(mine.data.modified_at)}, Merge ${record.modified_at})`,
          );
        }
      }
      for (const leftover of byId.values()) {
        const owner = owners.get(leftover.id);
        if (owner && owner !== account.id) {
          mismatches.foreign++;
          note(`${account.id} ${modelId} ${leftover.id}: a record of account ${owner}`);
        } else {
          mismatches.extra++;
          note(`${account.id} ${modelId} ${leftover.id}: not in Merge's data`);
        }
      }
    }
  }
  return { compared, truth: truthCount, stored: storedCount, truncated };
}

export interface CursorSample {
  cursor: string | null;
  lastRunId: string | null;
  lastRunStart: string | null;
}

/**
 * Invariant 4 along the run: the cursor never moves back, moves only when a fetch completed (a new
 * lastRun), and never runs ahead of the last completed fetch's start less the overlap.
 */
export function checkCursor(
  previous: CursorSample | undefined,
  state: SyncState,
  overlapSeconds: number,
): { sample: CursorSample; problems: string[] } {
  const sample: CursorSample = {
    cursor: state.cursor,
    lastRunId: state.lastRun?.id ?? null,
    lastRunStart: state.lastRun?.startedAt ?? null,
  };
  const problems: string[] = [];
  const ms = (v: string | null) => (v === null ? undefined : toEpochMs(v));
  if (sample.cursor !== null) {
    if (!sample.lastRunStart) problems.push('cursor set without a completed fetch');
    else {
      const limit = (ms(sample.lastRunStart) ?? 0) - overlapSeconds * 1000;
      if ((ms(sample.cursor) ?? 0) > limit)
        problems.push(
          `cursor ${sample.cursor} is past the last fetch start ${sample.lastRunStart} less the overlap`,
        );
    }
  }
  if (previous) {
    if (previous.cursor !== null && sample.cursor === null) problems.push('cursor cleared');
    if (
      previous.cursor !== null &&
      sample.cursor !== null &&
      (ms(sample.cursor) ?? 0) < (ms(previous.cursor) ?? 0)
    )
      problems.push(`cursor moved back from ${previous.cursor} to ${sample.cursor}`);
    if (previous.cursor !== sample.cursor && previous.lastRunId === sample.lastRunId)
      problems.push('cursor moved without a completed fetch');
    if (
      previous.lastRunStart &&
      sample.lastRunStart &&
      (ms(sample.lastRunStart) ?? 0) < (ms(previous.lastRunStart) ?? 0)
    )
      problems.push('last completed fetch went back in time');
  }
  return { sample, problems };
}
