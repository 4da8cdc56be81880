import type { SyncSettings } from '../config/sync-config';
import type { AccountContext, ListOptions, MergePage } from '../merge/types';
import type { Log, Metrics } from '../observability/ports';
import type { MessageQueue } from '../queue/messages';
import type { Clock } from '../runtime/clock';
import type { AccountStore, DedupeStore, RecordStore, SyncStateStore } from '../store/ports';
import type { RecordChange } from './apply-records';

/** The part of the Merge client the sync engine reads with. */
export interface MergeReader {
  pages(account: AccountContext, modelPath: string, options?: ListOptions): AsyncGenerator<MergePage>;
  syncStatus(account: AccountContext): AsyncGenerator<unknown>;
}

/** Downstream delivery of record changes (change events); optional, and must not lose a change. */
export interface ChangeSink {
  publish(accountId: string, changes: readonly RecordChange[]): Promise<void>;
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
  changes?: ChangeSink;
}

export interface MergeDeps {
  merge: MergeReader;
}

export const isoNow = (clock: Clock) => new Date(clock.now()).toISOString();
