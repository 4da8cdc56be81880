import { badRecordText, hugeOverrides } from './bad-records';
import type { BadRecordKind, BadRecordOptions } from './bad-records';
import { churn, seedAllModels } from './store/bulk';
import type { ChurnOptions, SeedAllOptions } from './store/bulk';
import type { SimStore } from './store/data';
import type { CreateOptions, OverridesInput, RecordChange } from './store/data';
import type { SyncResult } from './store/sync-status';
import type { ScheduleOptions } from './store/sync-schedule';
import type {
  LinkAccountInput,
  LinkedAccountStatus,
  MergeRecord,
  RecordOverrides,
  SimAccount,
  SyncStatusEntry,
} from './types';

// The simulator's ground truth, scripted by tests: accounts, records and syncs. Models are named by
// key (`filestorage.File`) or by any `model_id` spelling Merge sends (`filestorage.FileStorageFile`).
// Webhook and HTTP concerns are added by the subclasses in simulator-webhooks.ts and simulator.ts.

export abstract class SimulatorState {
  protected constructor(protected readonly store: SimStore) {}

  /** Called after an account was linked (announce) or relinked; the webhook layer sends the event. */
  protected abstract announceLinked(accountId: string, isRelink: boolean): void;

  /** Called after an account was deleted; the webhook layer sends LinkedAccount.deleted. */
  protected abstract announceDeleted(accountId: string): void;

  // Accounts

  /**
   * Links an account; its initial sync starts. With `seed: 'all-models'` every model of the category
   * is linked and seeded (`seedPerModel`, `seedCounts`). Unless `announce: false`,
   * LinkedAccount.linked is sent.
   */
  linkAccount(input: LinkAccountInput): SimAccount {
    const account = this.store.linkAccount(input);
    if (input.seed === 'all-models') {
      seedAllModels(this.store, account.id, {
        ...(input.seedPerModel !== undefined ? { perModel: input.seedPerModel } : {}),
        ...(input.seedCounts ? { counts: input.seedCounts } : {}),
      });
    }
    if (input.announce !== false) this.announceLinked(account.id, false);
    return this.store.view(account.id);
  }

  /** Afterwards every request with the account's token gets 401; LinkedAccount.deleted is sent. */
  deleteAccount(accountId: string): void {
    this.store.deleteAccount(accountId);
    this.announceDeleted(accountId);
  }

  /** The account as Merge reports it (status IDLE while paused), or undefined when unknown. */
  account(accountId: string): SimAccount | undefined {
    return this.store.find(accountId) ? this.store.view(accountId) : undefined;
  }

  /**
   * The end user relinks (merge-api.md §9): same id and token, status COMPLETE, a paused account is
   * active again and a sync starts; LinkedAccount.linked (is_relink true, current token) is sent.
   */
  relinkAccount(accountId: string): SimAccount {
    this.store.accounts.relink(accountId);
    this.announceLinked(accountId, true);
    return this.store.view(accountId);
  }

  /** What POST account-token/regenerate does: returns the new token; the old one gets 401 from now on. */
  regenerateAccountToken(accountId: string): string {
    return this.store.accounts.regenerateToken(accountId);
  }

  setAccountStatus(accountId: string, status: LinkedAccountStatus, statusDetail = ''): void {
    this.store.accounts.setStatus(accountId, status, statusDetail);
  }

  /**
   * Merge pauses the account now, as after two weeks without an inbound API request or of failing
   * syncs (help 8184193): its models PAUSED, the account IDLE, no sync until a relink or a force
   * resync. For tests that need a pause without moving the clock two weeks.
   */
  pauseAccount(accountId: string): void {
    this.store.live(accountId).sync.pauseNow();
  }

  setDuplicate(accountId: string, isDuplicate: boolean | null): void {
    this.store.live(accountId).account.isDuplicate = isDuplicate;
  }

  // Data (ground truth)

  /**
   * Adds `count` records (and, for an Employee or Candidate, one Employment or Application each).
   * Their relations point at records of the account; a nested model's records go under `parentId`
   * or a random parent (ScreeningQuestion: a Job; Viewer: a Collection or a Ticket).
   */
  seedRecords(
    accountId: string,
    modelId: string,
    count: number,
    overrides?: OverridesInput,
    opts?: CreateOptions,
  ): MergeRecord[] {
    return this.store.seedRecords(accountId, modelId, count, overrides, opts);
  }

  addRecord(
    accountId: string,
    modelId: string,
    overrides?: RecordOverrides,
    opts?: CreateOptions,
  ): MergeRecord {
    return this.store.addRecord(accountId, modelId, overrides, opts);
  }

  /**
   * Seeds every model the account is linked with, in an order where every relation finds its
   * target, up to `perModel` (default 3) or `counts[model]` live records. Returns the counts.
   */
  seedAllModels(accountId: string, opts: SeedAllOptions = {}): Record<string, number> {
    return seedAllModels(this.store, accountId, opts);
  }

  /**
   * A round of upstream activity on every model of the account (or `models`): `added`, `changed`
   * and `removed` (soft-deleted) records per model, 1 each by default. Returns each changed record
   * once, with the action a changed-data webhook would announce.
   */
  churn(accountId: string, opts: ChurnOptions = {}): RecordChange[] {
    return churn(this.store, accountId, opts);
  }

  /** Changes only this record's modified_at: a parent that expands it keeps its own (help 6188145). */
  updateRecord(accountId: string, modelId: string, recordId: string, patch?: RecordOverrides): MergeRecord {
    return this.store.updateRecord(accountId, modelId, recordId, patch);
  }

  deleteRecord(accountId: string, modelId: string, recordId: string): MergeRecord {
    return this.store.deleteRecord(accountId, modelId, recordId);
  }

  hardDeleteRecord(accountId: string, modelId: string, recordId: string): void {
    this.store.hardDeleteRecord(accountId, modelId, recordId);
  }

  /** Ground truth; injected bad records (except `huge`) are left out. */
  records(accountId: string, modelId: string, opts: { includeDeleted?: boolean } = {}): MergeRecord[] {
    return this.store.records(accountId, modelId, opts);
  }

  /**
   * Adds a record an engine must survive (bad-records.ts). Returns what the store keeps: the full
   * record for `huge`, a stub (id, timestamps) for `deep` and `not-an-object`.
   */
  injectBadRecord(
    accountId: string,
    modelId: string,
    kind: BadRecordKind,
    opts: BadRecordOptions = {},
  ): MergeRecord {
    if (kind === 'huge') return this.store.addRecord(accountId, modelId, hugeOverrides(opts));
    return this.store.insertRaw(accountId, modelId, (record) => badRecordText(kind, record, opts));
  }

  // Syncs

  startSync(accountId: string, opts: { models?: string[] } = {}): void {
    this.store.live(accountId).sync.start(opts.models);
  }

  /** SYNCING without starting: a queued sync keeps last_sync_start (help 8184193). */
  queueSync(accountId: string, opts: { models?: string[] } = {}): void {
    this.store.live(accountId).sync.queue(opts.models);
  }

  finishSync(accountId: string, opts: { models?: string[]; result?: SyncResult } = {}): void {
    this.store.live(accountId).sync.finish(opts.models, opts.result ?? 'DONE');
  }

  runSync(accountId: string, opts: { models?: string[]; result?: SyncResult } = {}): void {
    this.startSync(accountId, opts);
    this.finishSync(accountId, opts);
  }

  /**
   * Syncs on the simulator's clock: one every `everyMs`, each `durationMs` long, the next queued at
   * once (default) so the status stays SYNCING (store/sync-schedule.ts). Explicit syncs end it.
   */
  scheduleSyncs(accountId: string, opts: ScheduleOptions & { models?: string[] }): void {
    this.store.live(accountId).sync.scheduleSyncs(opts);
  }

  stopScheduledSyncs(accountId: string): void {
    this.store.live(accountId).sync.stopSchedule();
  }

  setModelStatus(accountId: string, modelId: string, status: string): void {
    this.store.live(accountId).sync.setStatus(modelId, status);
  }

  /** GET sync-status as Merge answers it now (model_id spelled as on the wire). */
  syncStatus(accountId: string): SyncStatusEntry[] {
    return this.store.live(accountId).sync.entries();
  }
}
