import type { FaultKind, SimFaultKind } from './fault-kinds';

/** What a chaos scenario is made of (scenario.ts draws one from a seed). */

export const CATEGORIES = ['hris', 'ats', 'crm', 'accounting', 'ticketing', 'filestorage'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface AccountPlan {
  index: number;
  category: Category;
  /**
   * The models the account syncs (set as its overrides when it links): its category's defaults and a
   * few more drawn from the whole catalog. Absent: every configured model of its category.
   */
  models?: string[];
  /** Records seeded per synced model before the account is linked. */
  seeds: Record<string, number>;
}

export type Step =
  | { kind: 'link'; account: number }
  | {
      kind: 'mergeSync';
      account: number;
      result: 'DONE' | 'PARTIALLY_SYNCED';
      signal: 'account' | 'models' | 'none';
    }
  | { kind: 'failedThenDone'; account: number }
  | {
      kind: 'upstream';
      account: number;
      model: string;
      changes: number;
      odd: boolean;
      oversized: boolean;
    }
  | { kind: 'changedWebhooks' }
  | { kind: 'simFault'; account: number; fault: SimFaultKind; model: string | null; times: number }
  | { kind: 'process'; rounds: number; parallelJobs: number }
  | { kind: 'redeliver'; queue: 'events' | 'polls' | 'jobs' }
  | { kind: 'killBatch'; queue: 'events' | 'polls' }
  | { kind: 'killFetch'; account: number; model: string; atPage: number }
  | { kind: 'failingFetch'; account: number; model: string; failures: number; status: 500 | 502 | 503 }
  | { kind: 'midPagination'; account: number; model: string; atPage: number; changes: number }
  | { kind: 'doubleJob'; account: number; model: string }
  | { kind: 'relink'; account: number }
  | { kind: 'deleteDuringFetch'; account: number; model: string }
  | { kind: 'poison'; queue: 'events' | 'jobs' }
  | { kind: 'schedule'; tier: string | null }
  | { kind: 'restart'; signal: 'SIGTERM' | 'SIGKILL' }
  | { kind: 'busThrottle'; refusals: number }
  | { kind: 'oddStatus'; account: number; model: string; status: string; signal: boolean }
  | { kind: 'issue'; account: number; status: 'ONGOING' | 'RESOLVED' }
  | { kind: 'syncingQueued'; account: number; model: string; changes: number }
  | { kind: 'orgWideWebhooks'; model: string }
  | { kind: 'testDelivery'; shape: 'ping' | 'sample' }
  | { kind: 'replayLinked'; account: number }
  | { kind: 'deletedAtMerge'; account: number }
  | { kind: 'badRecord'; account: number; model: string; shape: BadRecordShape }
  | {
      kind: 'mergePause';
      account: number;
      model: string;
      /** Merge pauses the whole account (IDLE, every model PAUSED) or this model only. */
      scope: 'account' | 'model';
      /** How it comes back (reference §12 "Unpausing"): the end user relinks, or an operator's force resync. */
      resume: 'relink' | 'force-resync';
      changes: number;
    }
  | {
      kind: 'duplicateLinked';
      /** The account the new link duplicates (same end user and integration). */
      account: number;
      model: string;
      /** The duplicate deleted in Merge (the original stays), or Merge no longer flags either. */
      resolution: 'delete-duplicate' | 'unflag';
      changes: number;
    }
  | {
      kind: 'writes';
      account: number;
      /** Creates (and updates of records Merge has, where the model has PATCH) accepted at once. */
      count: number;
      fault: WriteFault;
      /** Through POST /accounts/{id}/writes, or as Write Requested events on the bus. */
      via: 'api' | 'bus';
      /** Each write posted again with its key (same write id), and once with another body (409). */
      resubmit: boolean;
    };

/** What a page element that is not a Common Model is: not an object, or an object without a string id. */
export const NOT_A_MODEL_BODIES = [
  'string',
  'number',
  'array',
  'null',
  'no-id',
  'blank-id',
  'numeric-id',
] as const;
export type NotAModelBody = (typeof NOT_A_MODEL_BODIES)[number];

/**
 * A record Merge serves that cannot be stored as it is (issue 12 point 12): over 400 KB; one field
 * nested 20,000 levels deep (`field_mappings` or a field the catalog does not know), also sent as a
 * record webhook when `webhook`; or a page element that is not a Common Model. `after` records are
 * added behind it, so its page goes on past it.
 */
export type BadRecordShape =
  | { kind: 'huge' }
  | { kind: 'deep'; field: 'field_mappings' | 'x_chaos_deep'; webhook: boolean; after: number }
  | { kind: 'not-a-model'; body: NotAModelBody; after: number };

/**
 * What a writes step does to Merge: nothing; 429s with Retry-After or 503s on the model's path;
 * the first write applied and answered 500 anyway; or one write lacking a field `meta` requires.
 */
export const WRITE_FAULTS = ['none', 'http429', 'http503', 'applied-but-500', 'missing-field'] as const;
export type WriteFault = (typeof WRITE_FAULTS)[number];

export interface Scenario {
  seed: number;
  /** The fault kind this seed is sure to exercise (seeds cycle through every kind). */
  featured: FaultKind;
  accounts: AccountPlan[];
  steps: Step[];
  /** Merge's clock against ours, in ms (0: none); the cursor overlap (120 s) must absorb it. */
  mergeClockSkewMs: number;
  /**
   * How Merge spells `model_id` where the reference is unsure (merge-common-models §1.1): the
   * simulator's reading for this run (its defaults when absent).
   */
  modelIdSpelling?: { accounting: 'plural' | 'singular'; crm: 'plain' | 'prefixed' };
  /** Delivery fault probabilities for this run's webhooks. */
  delivery: { duplicate: number; delay: number; drop: number; reorder: number };
}
