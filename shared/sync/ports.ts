import type { SyncSettings } from '../config/sync-config';
import type { AccountContext, CallLimits, ListOptions, MergePage } from '../merge/types';
import type { Log, Metrics } from '../observability/ports';
import type { MessageQueue } from '../queue/messages';
import type { Clock } from '../runtime/clock';
import type { AccountStore, DedupeStore, RecordStore, SyncStateStore } from '../store/ports';
import type { EventDeps } from '../events/ports';

/** What the engine reads of Merge's account-details (reference §9); Merge sends more. */
export interface MergeAccountDetails {
  /** COMPLETE, INCOMPLETE, RELINK_NEEDED, IDLE (paused), or whatever Merge adds. */
  status?: string | null;
  is_duplicate?: boolean | null;
}

/** The part of the Merge client the sync engine reads with. */
export interface MergeReader {
  pages(account: AccountContext, modelPath: string, options?: ListOptions): AsyncGenerator<MergePage>;
  syncStatus(account: AccountContext, limits?: CallLimits): AsyncGenerator<unknown>;
  /** The linked account as Merge sees it: its status (IDLE when paused) and `is_duplicate`. */
  accountDetails(account: AccountContext, limits?: CallLimits): Promise<MergeAccountDetails>;
}

/** Everything the sync engine works with: ports only; the handlers wire the adapters. */
export interface SyncDeps {
  settings: SyncSettings;
  accounts: AccountStore;
  states: SyncStateStore;
  records: RecordStore;
  dedupe: DedupeStore;
  queue: MessageQueue;
  clock: Clock;
  log: Log;
  metrics: Metrics;
  newId: () => string;
  /** The change-event bus and its outbox; absent when no bus is configured. */
  events?: EventDeps;
}

export interface MergeDeps {
  merge: MergeReader;
}

export const isoNow = (clock: Clock) => new Date(clock.now()).toISOString();
