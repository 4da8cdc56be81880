import type { WriteOperation, WriteRecord, WriteStatus } from '../core/writes';
import type { AccountContext, MergeRequest, MergeResponse } from '../merge/types';
import type { WriteMessage } from '../queue/messages';
import type { SyncDeps } from '../sync/ports';

/** A write with the version its item was read at (saves are conditional on it). */
export interface VersionedWrite {
  write: WriteRecord;
  version: number;
}

/** What `meta/post` or `meta/patch/{id}` says a write needs, as far as we could read it. */
export interface WriteRequirements {
  /** Fields of `model` Merge requires for this account. */
  modelFields: string[];
  /** Fields of the request itself (next to `model`), such as ATS's `remote_user_id`. */
  requestFields: string[];
  /** `status.can_make_request`; null when Merge did not say. */
  canMakeRequest: boolean | null;
  /** `status.linked_account_status`, when given. */
  linkedAccountStatus: string | null;
}

export interface WritePage {
  items: WriteRecord[];
  next: string | null;
}

/** Writes, their idempotency keys, their per-record order and the cached `meta`, in the table. */
export interface WriteStore {
  /**
   * Reserves an idempotency key (its hash) of an account for `writeId`; when the key is already
   * held, answers who holds it and with which request.
   */
  claimKey(
    accountId: string,
    keyHash: string,
    writeId: string,
    requestHash: string,
  ): Promise<{ outcome: 'claimed' } | { outcome: 'held'; writeId: string; requestHash: string }>;
  /** Stores a new write; 'exists' when its id is already stored. */
  create(write: WriteRecord): Promise<'created' | 'exists'>;
  get(accountId: string, writeId: string): Promise<VersionedWrite | undefined>;
  /** Replaces the write if it is still at `version`; VersionConflictError otherwise. */
  save(write: WriteRecord, version: number): Promise<VersionedWrite>;
  /** An account's writes, oldest first, optionally of one status. */
  list(
    accountId: string,
    options: { status?: WriteStatus; pageToken?: string | null; limit: number },
  ): Promise<WritePage>;
  /** The next place in line among the updates of one record (1, 2, 3 ...). */
  nextOrderSeq(accountId: string, modelId: string, recordId: string): Promise<number>;
  /** Unfinished updates of the record that came before `orderSeq`, first first. */
  pendingBefore(
    accountId: string,
    modelId: string,
    recordId: string,
    orderSeq: number,
  ): Promise<WriteRecord[]>;
  getRequirements(
    accountId: string,
    modelId: string,
    operation: WriteOperation,
  ): Promise<{ requirements: WriteRequirements; fetchedAtMs: number } | undefined>;
  putRequirements(
    accountId: string,
    modelId: string,
    operation: WriteOperation,
    requirements: WriteRequirements,
    fetchedAtMs: number,
  ): Promise<void>;
}

/** The part of the Merge client a write needs. */
export interface MergeWriteClient {
  request(account: AccountContext, request: MergeRequest): Promise<MergeResponse>;
}

/** How hard a write is tried, and how long `meta` is trusted. */
export interface WriteSettings {
  /** Attempts before a write gives up (failed, dead-lettered, redrivable). */
  maxAttempts: number;
  /** How long a model's `meta` (per account and operation) is used before it is fetched again. */
  requirementsTtlMs: number;
  /** The first retry's delay; doubled per attempt up to `retryMaxSeconds` (SQS delays are ≤ 900 s). */
  retryBaseSeconds: number;
  retryMaxSeconds: number;
}

export const DEFAULT_WRITE_SETTINGS: WriteSettings = {
  maxAttempts: 6,
  requirementsTtlMs: 15 * 60_000,
  retryBaseSeconds: 5,
  retryMaxSeconds: 900,
};

/** Where a write that gave up is put for an operator: the writes queue's dead-letter queue. */
export interface DeadLetters {
  send(message: WriteMessage): Promise<void>;
}

/** What the writer works with: the engine's stores, bus and queues, plus writes and Merge. */
export interface WriterDeps extends SyncDeps {
  writes: WriteStore;
  merge: MergeWriteClient;
  deadLetters: DeadLetters;
  writeSettings: WriteSettings;
}
