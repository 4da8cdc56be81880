import type { MergeSimulator } from '../../../infra/local/merge-simulator';
import type { MergeRecord } from '../../../infra/local/merge-simulator/types';
import { MODEL_CATALOG } from '../../../shared/config/model-catalog';
import type { SyncSettings } from '../../../shared/config/sync-config';
import type { AccountStore, OutboxStore, RecordStore, SyncStateStore } from '../../../shared/store/ports';
import { MAX_DATA_BYTES } from '../../../shared/sync/normalize';
import { allStored } from '../../helpers/stored-records';
import { checkBadRecords } from './bad-records';
import { canonical, differingFields } from './canonical';
import type { CheckedAccount, MismatchSink } from './mismatches';

/** What a comparison of the store with Merge's data counted. */
export interface RecordFigures {
  compared: number;
  truth: number;
  stored: number;
  truncated: number;
}

/** The stores of the pipeline under test, as the checks read them. */
export interface StoreView {
  records: RecordStore;
  states: SyncStateStore;
  accounts: AccountStore;
  outbox?: OutboxStore;
  settings: SyncSettings;
}

/**
 * The stored form of a simulator record: remote_data and remote_fields are not asked for, the
 * model's denied fields (national identifiers by default) are left out, and Merge's own top-level
 * date-times (`created_at`, `modified_at`, `due_date`, `start_time`, `date_of_birth`...) are in UTC
 * with a `Z` (the brief's normalized record); every nested value (third-party data, an unknown
 * field's contents) is kept exactly as Merge sent it. Written independently of the engine's
 * normalizer: a date-time with an offset becomes the same instant in UTC, fraction kept.
 */
export function expectedData(
  record: MergeRecord,
  deniedFields: readonly string[] = [],
): Record<string, unknown> {
  const { remote_data: _d, remote_fields: _f, ...rest } = record;
  for (const field of deniedFields) delete rest[field];
  return Object.fromEntries(
    Object.entries(rest).map(([field, value]) => [field, MERGE_DATE_TIME.test(field) ? toUtc(value) : value]),
  );
}

/** Names of Merge's own date-time fields. */
const MERGE_DATE_TIME = /(?:^|_)(?:at|date|time)$|^date_/;

const WITH_OFFSET = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?([+-])(\d{2}):?(\d{2})$/;
/** A top-level date-time string with an offset, as the same instant in UTC; anything else as it is. */
function toUtc(value: unknown): unknown {
  if (typeof value === 'string') {
    const m = WITH_OFFSET.exec(value);
    if (!m) return value;
    const [, base = '', fraction = '', sign, hh = '0', mm = '0'] = m;
    const offsetMs = (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm)) * 60_000;
    const utc = new Date(Date.parse(`${base}Z`) - offsetMs).toISOString().slice(0, 19);
    return `${utc}${fraction}Z`;
  }
  return value;
}

/** Models whose records the account stores: those it syncs and their expanded relations. */
export function storedModels(
  settings: SyncSettings,
  account: Pick<CheckedAccount, 'category' | 'models'>,
): string[] {
  const out = new Set<string>();
  const overrides = account.models ? { models: [...account.models] } : undefined;
  const plan = settings.forAccount({ category: account.category, ...(overrides ? { overrides } : {}) });
  for (const model of plan.models) {
    out.add(model.modelId);
    for (const relation of model.expand) {
      const target = model.relations[relation];
      if (target) out.add(target);
    }
  }
  return [...out];
}

/**
 * Compares the store with the simulator's ground truth, record by record, for every account of the
 * run: live accounts must hold exactly Merge's records (tombstones for deleted ones, optional parts
 * dropped only from records too large for an item, records Merge served that cannot be stored as
 * they are in the form the engine promises: checks/bad-records.ts); deleted accounts must hold nothing.
 */
export async function compareStore(
  view: StoreView,
  sim: MergeSimulator,
  accounts: readonly CheckedAccount[],
  sink: MismatchSink,
): Promise<RecordFigures> {
  let compared = 0;
  let truthCount = 0;
  let storedCount = 0;
  let truncated = 0;
  const owners = new Map<string, string>();
  for (const account of accounts) {
    if (account.deleted) continue;
    for (const modelId of storedModels(view.settings, account)) {
      for (const r of sim.records(account.id, modelId, { includeDeleted: true }))
        owners.set(r.id, account.id);
    }
  }
  const note = (line: string) => sink.note(line);
  const mismatches = sink.mismatches;
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
      if (await view.accounts.hasToken(account.id)) {
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
    for (const modelId of storedModels(view.settings, account)) {
      const truth = sim.records(account.id, modelId, { includeDeleted: true });
      const stored = await allStored(view.records, account.id, modelId);
      truthCount += truth.length;
      storedCount += stored.length;
      const byId = new Map(stored.map((r) => [r.id, r]));
      const bad = (account.badRecords ?? []).filter((b) => b.model === modelId);
      if (bad.length > 0) {
        const state = await view.states.get(account.id, modelId);
        const figures = checkBadRecords(bad, account.id, byId, state, sink);
        compared += figures.compared;
        truthCount += figures.compared;
        truncated += figures.truncated;
      }
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
            `${account.id} ${modelId} ${record.id}: stale (stored modified_at ${String(mine.data.modified_at)}, Merge ${record.modified_at}; differs in ${differingFields(expected, mine.data, mine.deleted !== deleted)})`,
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
