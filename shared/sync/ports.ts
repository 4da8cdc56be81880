import type { SyncSettings } from '../config/sync-config';
import type { AccountContext, CallLimits, Category, ListOptions, MergePage } from '../merge/types';
import type { Log, Metrics } from '../observability/ports';
import type { MessageQueue } from '../queue/messages';
import type { Clock } from '../runtime/clock';
import type { AccountStore, DedupeStore, RecordStore, SyncStateStore } from '../store/ports';
import type { EventDeps } from '../events/ports';

/** What the engine reads of Merge's account-details (reference §9); Merge sends more. */
export interface MergeAccountDetails {
  /** Whose account the token is for; every field is optional in Merge's docs, this one too. */
  id?: string | undefined;
  /** COMPLETE, INCOMPLETE, RELINK_NEEDED, IDLE (paused), or whatever Merge adds. */
  status?: string | null;
  is_duplicate?: boolean | null;
}

/** The Merge endpoints a token is checked with; the Merge client satisfies it. */
export interface TokenChecker {
  /** With the token: whose account it is, its status (IDLE when paused) and `is_duplicate`. */
  accountDetails(account: AccountContext, limits?: CallLimits): Promise<MergeAccountDetails>;
  /**
   * With the API key alone: whether our key is accepted (a 401 may be about either), and an account's
   * category when its LinkedAccount.linked does not name it (account-category.ts).
   */
  linkedAccounts(
    category: Category,
    filters?: { id?: string; pageSize?: number; testAccountsOnly?: boolean } & CallLimits,
  ): AsyncGenerator<unknown>;
}

/**
 * The part of the Merge client the sync engine reads with. In the functions, pages and sync status
 * are sent with the account's token as stored at each request (live-token-reader.ts); the token
 * checks (TokenChecker: account details, linked accounts) with the token given (account-tokens.ts).
 */
export interface MergeReader extends TokenChecker {
  pages(account: AccountContext, modelPath: string, options?: ListOptions): AsyncGenerator<MergePage>;
  syncStatus(account: AccountContext, limits?: CallLimits): AsyncGenerator<unknown>;
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
  /**
   * How far ahead (ms) the account's shared request schedule is booked: fetches of slower tiers give
   * way while it is (fetch-priority.ts). Absent: every fetch goes in arrival order.
   */
  scheduleBacklogMs?: (accountId: string) => Promise<number>;
}

export const isoNow = (clock: Clock) => new Date(clock.now()).toISOString();
