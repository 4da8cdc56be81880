import { DEFAULT_INTEGRATIONS, OWNED_CHILDREN, modelSpec, modelsOf } from '../catalog';
import type { ModelSpec } from '../catalog';
import { createWorld, generateRecord, touchRecord } from '../record-factory';
import type { AccountWorld } from '../record-factory';
import type { Random } from '../random';
import type { Stamper } from '../time';
import type { LinkAccountInput, MergeRecord, RecordOverrides, SimAccount } from '../types';
import { RecordTable } from './records';
import type { StoredRow } from './records';
import { SyncTracker } from './sync-status';
import { cloneJson } from '../json';

// The simulator's ground truth: linked accounts, their records and their sync state.
// Every mutation takes a fresh timestamp from the shared Stamper, so modified_at strictly increases
// across the whole simulator.

export interface AccountState {
  account: SimAccount;
  world: AccountWorld;
  tables: Map<string, RecordTable>;
  sync: SyncTracker;
  /** Link order, for the linked-accounts listing. */
  seq: number;
}

export type OverridesInput = RecordOverrides | ((index: number) => RecordOverrides);

export class SimStore {
  private seq = 0;
  private readonly accounts = new Map<string, AccountState>();
  private readonly tokens = new Map<string, string>();

  constructor(
    private readonly rng: Random,
    private readonly stamper: Stamper,
    private readonly now: () => number,
    private readonly syncIntervalMs: number,
  ) {}

  linkAccount(input: LinkAccountInput): SimAccount {
    const category = input.category;
    const all = modelsOf(category);
    if (all.length === 0) throw new Error(`Unknown category ${JSON.stringify(category)}`);
    const specs: ModelSpec[] = input.models
      ? input.models.map((id) => {
          const spec = modelSpec(id);
          if (spec.category !== category) throw new Error(`${id} is not a ${category} model`);
          return spec;
        })
      : all;
    const id = input.id ?? this.rng.uuid();
    const accountToken = input.accountToken ?? this.rng.token();
    if (this.accounts.has(id)) throw new Error(`Account ${id} already exists`);
    if (this.tokens.has(accountToken)) throw new Error('Account token already in use');
    const integration = DEFAULT_INTEGRATIONS[category];
    const organization = input.endUserOrganizationName ?? 'Acme Corp';
    const account: SimAccount = {
      id,
      accountToken,
      category,
      integration: input.integration ?? integration.name,
      integrationSlug: input.integrationSlug ?? integration.slug,
      endUserOrganizationName: organization,
      endUserOriginId: input.endUserOriginId ?? `org_${this.rng.digits(6)}_${category}`,
      endUserEmailAddress: input.endUserEmailAddress ?? 'admin@example.com',
      status: 'COMPLETE',
      accountType: 'PRODUCTION',
      completedAt: this.stamper.nextIso(),
      // Not the account token: Merge's listener URL carries a separate opaque id.
      webhookListenerUrl: `https://api.merge.dev/api/integrations/webhook-listener/${this.rng.token(32)}`,
      models: specs.map((s) => s.modelId),
      deleted: false,
    };
    const tables = new Map<string, RecordTable>(all.map((s) => [s.modelId, new RecordTable()]));
    const sync = new SyncTracker(specs, this.stamper, this.now, this.syncIntervalMs);
    this.accounts.set(id, {
      account,
      world: createWorld(this.rng, organization),
      tables,
      sync,
      seq: ++this.seq,
    });
    this.tokens.set(accountToken, id);
    return { ...account, models: [...account.models] };
  }

  /** Any account, deleted or not; throws when unknown. */
  state(accountId: string): AccountState {
    const s = this.accounts.get(accountId);
    if (!s) throw new Error(`Unknown account ${accountId}`);
    return s;
  }

  /** A live account; throws when unknown or deleted. */
  live(accountId: string): AccountState {
    const s = this.state(accountId);
    if (s.account.deleted) throw new Error(`Account ${accountId} was deleted`);
    return s;
  }

  find(accountId: string): AccountState | undefined {
    return this.accounts.get(accountId);
  }

  accountIdForToken(token: string): string | undefined {
    return this.tokens.get(token);
  }

  liveAccounts(): AccountState[] {
    return [...this.accounts.values()].filter((s) => !s.account.deleted).sort((a, b) => a.seq - b.seq);
  }

  /** Deletes the account: its token stops working and its records are dropped. */
  deleteAccount(accountId: string): void {
    const s = this.state(accountId);
    s.account.deleted = true;
    s.tables = new Map([...s.tables.keys()].map((k) => [k, new RecordTable()]));
  }

  table(accountId: string, modelId: string): RecordTable {
    const table = this.live(accountId).tables.get(modelId);
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

  private create(accountId: string, modelId: string, overrides: RecordOverrides, asChild = false): StoredRow {
    const state = this.live(accountId);
    const table = this.table(accountId, modelId);
    const record = generateRecord(modelId, {
      rng: this.rng,
      world: state.world,
      id: typeof overrides.id === 'string' ? overrides.id : this.rng.uuid(),
      stamp: this.stamper.nextIso(),
      nowMs: this.now(),
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
    if (JSON.stringify(row.record) === before) touchRecord(modelId, row.record, this.rng, stamp);
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

  records(accountId: string, modelId: string, opts: { includeDeleted?: boolean } = {}): MergeRecord[] {
    return this.table(accountId, modelId)
      .rows.filter((r) => opts.includeDeleted === true || !r.record.remote_was_deleted)
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
