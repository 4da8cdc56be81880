import type { SimResponse } from './responses';
import type { SimStore } from './store/data';
import type { SimWrites } from './writes/write-state';

// What every route handler gets.

/** What the simulator decides outside the store: events it sends and the force-resync gate. */
export interface RouteHooks {
  /** POST delete-account succeeded: Merge sends LinkedAccount.deleted. */
  accountDeleted: (accountId: string) => void;
  /** The refusal of POST sync-status/resync when the plan does not allow it, else null. */
  resyncRefusal: () => SimResponse | null;
}

export interface HandlerContext {
  store: SimStore;
  params: URLSearchParams;
  /** Live account the X-Account-Token belongs to; null only for linked-accounts. */
  accountId: string | null;
  hooks: RouteHooks;
  /** Waits out pageDelayMs before any list page. */
  beforeAnyPage: () => Promise<void>;
  /** Runs onBeforePage callbacks before a Common Model list page is built. */
  beforeModelPage: (modelId: string, pageIndex: number) => Promise<void>;
  /** Writes' state (idempotency keys, required fields, faults): writes/write-state.ts. */
  writes?: SimWrites;
  /** A write's body and Idempotency-Key header. */
  request?: { body: string; idempotencyKey: string | null };
}
