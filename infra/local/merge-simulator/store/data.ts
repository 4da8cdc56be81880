import { modelKey, modelSpec } from '../catalog';
import { cloneJson } from '../json';
import { generateRecord, touchRecord } from '../record-factory';
import { ownedChildOf } from '../record-links';
import type { LinkAccountInput, MergeRecord, RecordOverrides, SimAccount } from '../types';
import { AccountRegistry } from './accounts';
import type { AccountState, StoreConfig } from './accounts';
import { applyOverrides, collapseInline } from './inline';
import { AccountLinks } from './links';
import { joinParents, listedUnder, pickParent } from './membership';
import type { RecordTable } from './records';
import type { StoredRow } from './records';

// The simulator's ground truth: linked accounts (accounts.ts), their records and their sync state.
// Every mutation takes a fresh timestamp from the shared Stamper, so modified_at strictly increases
// across the whole simulator. Models are named by key or by any `model_id` spelling.

export type { AccountState, StoreConfig } from './accounts';

export type OverridesInput = RecordOverrides | ((index: number) => RecordOverrides);

/** A change of the ground truth, as a changed-data webhook would announce it. */
export interface RecordChange {
  modelId: string;
  recordId: string;
  action: 'added' | 'changed' | 'removed';
}

export interface CreateOptions {
  /** The record a nested model's record is listed under (default: a random one of its parents). */
  parentId?: string;
}

export class SimStore {
  private seq = 0;
  readonly accounts: AccountRegistry;
  private readonly observers = new Set<(change: RecordChange) => void>();

  constructor(private readonly config: StoreConfig) {
    this.accounts = new AccountRegistry(config);
  }

  /** The simulator's one random source (ids and values stay reproducible with a seed). */
  get rng(): StoreConfig['rng'] {
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

  /** Calls `observer` with every record change until the returned function is called. */
  observe(observer: (change: RecordChange) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  private notify(modelId: string, recordId: string, action: RecordChange['action']): void {
    for (const observer of this.observers) observer({ modelId, recordId, action });
  }

  links(accountId: string): AccountLinks {
    return new AccountLinks(this.live(accountId).tables, this.rng);
  }

  addRecord(
    accountId: string,
    modelId: string,
    overrides?: RecordOverrides,
    opts?: CreateOptions,
  ): MergeRecord {
    return cloneJson(this.create(accountId, modelId, overrides ?? {}, opts ?? {}).record);
  }

  seedRecords(
    accountId: string,
    modelId: string,
    count: number,
    overrides?: OverridesInput,
    opts?: CreateOptions,
  ): MergeRecord[] {
    const out: MergeRecord[] = [];
    for (let i = 0; i < count; i++) {
      const o = typeof overrides === 'function' ? overrides(i) : (overrides ?? {});
      out.push(cloneJson(this.create(accountId, modelId, o, opts ?? {}).record));
    }
    return out;
  }

  private create(
    accountId: string,
    anyModelId: string,
    overrides: RecordOverrides,
    opts: CreateOptions & { asChild?: boolean },
  ): StoredRow {
    const modelId = modelKey(anyModelId);
    const spec = modelSpec(modelId);
    const state = this.live(accountId);
    const table = this.table(accountId, modelId);
    const links = this.links(accountId);
    const parentId = opts.parentId ?? pickParent(spec, links, this.rng);
    const record = generateRecord(modelId, {
      rng: this.rng,
      world: state.world,
      id: typeof overrides.id === 'string' ? overrides.id : this.rng.uuid(),
      stamp: this.stamper.nextIso(),
      nowMs: this.config.now(),
      hostileKeys: this.config.hostileKeys,
      links,
      parentId,
    });
    applyOverrides(record, overrides);
    const row = table.insert(++this.seq, record);
    collapseInline(spec, row);
    const parents = listedUnder(spec, record, parentId);
    if (parents.length > 0) row.memberOf = parents;
    this.notify(modelId, record.id, 'added');
    const owned = ownedChildOf(modelId);
    if (owned?.backField && !(owned.listField in overrides)) {
      // Creating a parent also creates its one child (Employee -> Employment, Candidate -> Application).
      const child = this.create(accountId, owned.child, { [owned.backField]: record.id }, { asChild: true });
      record[owned.listField] = [child.record.id];
    }
    if (!opts.asChild) {
      for (const parent of joinParents(state.tables, modelId, row)) {
        parent.row.record.modified_at = this.stamper.nextIso();
        parent.table.refresh(parent.row);
        this.notify(parent.modelId, parent.row.record.id, 'changed');
      }
    }
    return row;
  }

  updateRecord(accountId: string, modelId: string, recordId: string, patch?: RecordOverrides): MergeRecord {
    const row = this.row(accountId, modelId, recordId);
    const before = JSON.stringify(row.record);
    const stamp = this.stamper.nextIso();
    if (patch) applyOverrides(row.record, patch);
    if (JSON.stringify(row.record) === before) {
      touchRecord(modelKey(modelId), row.record, { rng: this.rng, stamp, links: this.links(accountId) });
    }
    collapseInline(modelSpec(modelId), row);
    if (!patch || !('modified_at' in patch)) row.record.modified_at = stamp;
    this.table(accountId, modelId).refresh(row);
    this.notify(modelKey(modelId), recordId, 'changed');
    return cloneJson(row.record);
  }

  /** Merge's soft delete: remote_was_deleted becomes true and modified_at moves. */
  deleteRecord(accountId: string, modelId: string, recordId: string): MergeRecord {
    const row = this.row(accountId, modelId, recordId);
    if (!row.record.remote_was_deleted) {
      row.record.remote_was_deleted = true;
      row.record.modified_at = this.stamper.nextIso();
      this.table(accountId, modelId).refresh(row);
      this.notify(modelKey(modelId), recordId, 'removed');
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
    const links = this.links(accountId);
    const record = generateRecord(key, {
      rng: this.rng,
      world: state.world,
      id: this.rng.uuid(),
      stamp: this.stamper.nextIso(),
      nowMs: this.config.now(),
      links,
      parentId: pickParent(modelSpec(key), links, this.rng),
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
