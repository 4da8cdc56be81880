import { OWNED_CHILDREN, modelKey } from '../catalog';
import { cloneJson } from '../json';
import { generateRecord, touchRecord } from '../record-factory';
import type { LinkAccountInput, MergeRecord, RecordOverrides, SimAccount } from '../types';
import { AccountRegistry } from './accounts';
import type { AccountState, StoreConfig } from './accounts';
import type { RecordTable } from './records';
import type { StoredRow } from './records';

// The simulator's ground truth: linked accounts (accounts.ts), their records and their sync state.
// Every mutation takes a fresh timestamp from the shared Stamper, so modified_at strictly increases
// across the whole simulator. Models are named by key or by any `model_id` spelling.

export type { AccountState, StoreConfig } from './accounts';

export type OverridesInput = RecordOverrides | ((index: number) => RecordOverrides);

export class SimStore {
  private seq = 0;
  readonly accounts: AccountRegistry;

  constructor(private readonly config: StoreConfig) {
    this.accounts = new AccountRegistry(config);
  }

  private get rng(): StoreConfig['rng'] {
    return this.config.rng;
  }

  private get stamper(): StoreConfig['stamper'] {
    return this.config.stamper;
  }

  linkAccount(input: LinkAccountInput): SimAccount {
    return this.accounts.view(this.accounts.link(input));
  }

  /** Any account, deleted or not; throws when unknown. */
  state(accountId: string): AccountState {
    return this.accounts.state(accountId);
  }

  /** A live account; throws when unknown or deleted. */
  live(accountId: string): AccountState {
    return this.accounts.live(accountId);
  }

  find(accountId: string): AccountState | undefined {
    return this.accounts.find(accountId);
  }

  /** The account as Merge reports it (status IDLE while paused). */
  view(accountId: string): SimAccount {
    return this.accounts.view(this.state(accountId));
  }

  liveAccounts(): AccountState[] {
    return this.accounts.liveAccounts();
  }

  /** An API request carrying the account's live token: first pause if it was idle, then note it. */
  inbound(accountId: string): void {
    const s = this.live(accountId);
    s.sync.refresh();
    s.sync.activity.inbound(this.config.now());
  }

  /** Deletes the account: its token stops working and its records are dropped. */
  deleteAccount(accountId: string): void {
    this.accounts.delete(accountId);
  }

  table(accountId: string, modelId: string): RecordTable {
    const table = this.live(accountId).tables.get(modelKey(modelId));
    if (!table) throw new Error(`${modelId} is not a model of account ${accountId}`);
    return table;
  }

  addRecord(accountId: string, modelId: string, overrides?: RecordOverrides): MergeRecord {
    return cloneJson(this.create(accountId, modelId, overrides ?? {}).record);
  }

  seedRecords(accountId: string, modelId: string, count: number, overrides?: OverridesInput): MergeRecord[] {
    const out: MergeRecord[] = [];
    for (let i = 0; i < count; i++) {
      const o = typeof overrides === 'function' ? overrides(i) : (overrides ?? {});
      out.push(cloneJson(this.create(accountId, modelId, o).record));
    }
    return out;
  }

  private create(
    accountId: string,
    anyModelId: string,
    overrides: RecordOverrides,
    asChild = false,
  ): StoredRow {
    const modelId = modelKey(anyModelId);
    const state = this.live(accountId);
    const table = this.table(accountId, modelId);
    const record = generateRecord(modelId, {
      rng: this.rng,
      world: state.world,
      id: typeof overrides.id === 'string' ? overrides.id : this.rng.uuid(),
      stamp: this.stamper.nextIso(),
      nowMs: this.config.now(),
      hostileKeys: this.config.hostileKeys,
    });
    // A manager is someone already employed, so the org chart has no cycles.
    if (modelId === 'hris.Employee' && !('manager' in overrides) && this.rng.chance(0.85)) {
      record.manager = this.randomLiveId(table);
    }
    applyOverrides(record, overrides);
    const row = table.insert(++this.seq, record);
    const owned = OWNED_CHILDREN[modelId];
    if (owned && !(owned.listField in overrides)) {
      // Creating a parent also creates its one child (Employee -> Employment, Candidate -> Application).
      const child = this.create(accountId, owned.childModel, { [owned.backField]: record.id }, true);
      record[owned.listField] = [child.record.id];
    }
    if (!asChild) this.attachToParent(accountId, modelId, row, overrides);
    return row;
  }

  /**
   * A standalone child (Employment, Application) belongs to a parent: the one named in the overrides,
   * else a random existing one. Joining the parent's list is a change of the parent.
   */
  private attachToParent(
    accountId: string,
    modelId: string,
    child: StoredRow,
    overrides: RecordOverrides,
  ): void {
    const entry = Object.entries(OWNED_CHILDREN).find(([, o]) => o.childModel === modelId);
    if (!entry) return;
    const [parentModel, owned] = entry;
    const parents = this.table(accountId, parentModel);
    if (!(owned.backField in overrides)) child.record[owned.backField] = this.randomLiveId(parents);
    const parentId = child.record[owned.backField];
    const parent = typeof parentId === 'string' ? parents.get(parentId) : undefined;
    if (!parent) return;
    const list = parent.record[owned.listField];
    const ids = Array.isArray(list) ? list : [];
    if (ids.includes(child.record.id)) return;
    parent.record[owned.listField] = [...ids, child.record.id];
    parent.record.modified_at = this.stamper.nextIso();
    parents.refresh(parent);
  }

  /** A random record that is not soft-deleted, by sampling (seeding stays linear in the table size). */
  private randomLiveId(table: RecordTable): string | null {
    for (let attempt = 0; attempt < 8 && table.rows.length > 0; attempt++) {
      const row = this.rng.pick(table.rows);
      if (!row.record.remote_was_deleted) return row.record.id;
    }
    return null;
  }

  updateRecord(accountId: string, modelId: string, recordId: string, patch?: RecordOverrides): MergeRecord {
    const row = this.row(accountId, modelId, recordId);
    const before = JSON.stringify(row.record);
    const stamp = this.stamper.nextIso();
    if (patch) applyOverrides(row.record, patch);
    if (JSON.stringify(row.record) === before) touchRecord(modelKey(modelId), row.record, this.rng, stamp);
    if (!patch || !('modified_at' in patch)) row.record.modified_at = stamp;
    this.table(accountId, modelId).refresh(row);
    return cloneJson(row.record);
  }

  /** Merge's soft delete: remote_was_deleted becomes true and modified_at moves. */
  deleteRecord(accountId: string, modelId: string, recordId: string): MergeRecord {
    const row = this.row(accountId, modelId, recordId);
    if (!row.record.remote_was_deleted) {
      row.record.remote_was_deleted = true;
      row.record.modified_at = this.stamper.nextIso();
      this.table(accountId, modelId).refresh(row);
    }
    return cloneJson(row.record);
  }

  /** The record vanishes without a trace (no tombstone, nothing else changes). */
  hardDeleteRecord(accountId: string, modelId: string, recordId: string): void {
    if (!this.table(accountId, modelId).remove(recordId)) throw new Error(`Unknown record ${recordId}`);
  }

  /**
   * Inserts a record served as `makeRaw(generated record)` instead of as the record (bad-records.ts).
   * Returns the stub the store keeps for ordering and filters; records() leaves such rows out.
   */
  insertRaw(accountId: string, modelId: string, makeRaw: (record: MergeRecord) => string): MergeRecord {
    const key = modelKey(modelId);
    const state = this.live(accountId);
    const record = generateRecord(key, {
      rng: this.rng,
      world: state.world,
      id: this.rng.uuid(),
      stamp: this.stamper.nextIso(),
      nowMs: this.config.now(),
    });
    const raw = makeRaw(record);
    const { id, remote_id, created_at, modified_at } = record;
    const stub: MergeRecord = { id, remote_id, created_at, modified_at, remote_was_deleted: false };
    this.table(accountId, key).insert(++this.seq, stub, raw);
    return cloneJson(stub);
  }

  records(accountId: string, modelId: string, opts: { includeDeleted?: boolean } = {}): MergeRecord[] {
    return this.table(accountId, modelId)
      .rows.filter((r) => r.raw === undefined)
      .filter((r) => opts.includeDeleted === true || !r.record.remote_was_deleted)
      .map((r) => cloneJson(r.record));
  }

  row(accountId: string, modelId: string, recordId: string): StoredRow {
    const row = this.table(accountId, modelId).get(recordId);
    if (!row) throw new Error(`Unknown ${modelId} record ${recordId} on account ${accountId}`);
    return row;
  }
}

function applyOverrides(record: MergeRecord, overrides: RecordOverrides): void {
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) record[key] = value;
  }
}
