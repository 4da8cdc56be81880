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
  | { kind: 'badRecord'; account: number; model: string };

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
