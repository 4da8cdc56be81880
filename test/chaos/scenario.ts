import type { SyncSettings } from '../../shared/config/sync-config';
import { Prng } from './lib/prng';

/**
 * A chaos scenario is pure data derived from a seed: the linked accounts with their seeded records,
 * and a timeline of steps. The executor (executor.ts) plays it against the real pipeline; every
 * further choice it makes (which record, which webhook is lost) comes from the same seed.
 */

export const CATEGORIES = ['hris', 'ats', 'crm', 'accounting', 'ticketing', 'filestorage'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Every fault kind the issue lists, by family; the report counts each. */
export const FAULT_KINDS = {
  simulator: [
    'http429-retry-after-seconds',
    'http429-retry-after-date',
    'http429-no-retry-after',
    'http500',
    'http502',
    'http503',
    'timeout',
    'connection-reset',
    'slow-page',
    'malformed-page',
    'modified-mid-pagination',
  ],
  delivery: [
    'webhook-duplicated',
    'webhook-reordered',
    'webhook-delayed',
    'webhook-lost',
    'sqs-redelivery',
    'handler-killed-mid-batch',
    'handler-killed-mid-fetch',
    'fetch-merge-keeps-failing',
    'runtime-restarted',
  ],
  control: [
    'two-fetch-jobs-at-once',
    'relink',
    'account-deleted-during-fetch',
    'sync-failed-then-done',
    'poison-message',
  ],
  /** Beyond the list: the change-event bus throttling, Merge's clock off ours, odd statuses. */
  extra: ['bus-throttled', 'merge-clock-skew', 'sync-status-odd'],
} as const;
export type FaultKind =
  | (typeof FAULT_KINDS.simulator)[number]
  | (typeof FAULT_KINDS.delivery)[number]
  | (typeof FAULT_KINDS.control)[number]
  | (typeof FAULT_KINDS.extra)[number];
export const ALL_FAULT_KINDS: readonly FaultKind[] = [
  ...FAULT_KINDS.simulator,
  ...FAULT_KINDS.delivery,
  ...FAULT_KINDS.control,
  ...FAULT_KINDS.extra,
];

export type SimFaultKind =
  | 'http429-retry-after-seconds'
  | 'http429-retry-after-date'
  | 'http429-no-retry-after'
  | 'http500'
  | 'http502'
  | 'http503'
  | 'timeout'
  | 'connection-reset'
  | 'slow-page'
  | 'malformed-page';

export interface AccountPlan {
  index: number;
  category: Category;
  /** Records seeded per configured model before the account is linked. */
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
  | { kind: 'issue'; account: number; status: 'ONGOING' | 'RESOLVED' };

export interface Scenario {
  seed: number;
  /** The fault kind this seed is sure to exercise (seeds cycle through every kind). */
  featured: FaultKind;
  accounts: AccountPlan[];
  steps: Step[];
  /** Merge's clock against ours, in ms (0: none); the cursor overlap (120 s) must absorb it. */
  mergeClockSkewMs: number;
  /** Delivery fault probabilities for this run's webhooks. */
  delivery: { duplicate: number; delay: number; drop: number; reorder: number };
}

/** Kinds a seed can feature; `runtime-restarted` is featured only by the restart runs. */
export const FEATURABLE: readonly FaultKind[] = ALL_FAULT_KINDS.filter((k) => k !== 'runtime-restarted');

export function generateScenario(
  seed: number,
  settings: SyncSettings,
  options: { restart?: boolean } = {},
): Scenario {
  const rng = new Prng(seed);
  const featured: FaultKind = options.restart
    ? 'runtime-restarted'
    : (FEATURABLE[(Math.abs(seed) - 1 + FEATURABLE.length * 1000) % FEATURABLE.length] as FaultKind);
  const modelsOf = (c: Category) => settings.modelsForCategory(c).map((m) => m.modelId);

  const accountCount = featured === 'account-deleted-during-fetch' ? 3 : rng.pick([2, 2, 3, 3, 4]);
  const accounts: AccountPlan[] = [];
  for (let i = 0; i < accountCount; i++) {
    const category = rng.pick(CATEGORIES);
    const seeds: Record<string, number> = {};
    for (const modelId of modelsOf(category)) {
      seeds[modelId] = rng.chance(0.3) ? rng.int(101, 180) : rng.chance(0.15) ? 0 : rng.int(3, 40);
    }
    accounts.push({ index: i, category, seeds });
  }
  const pickAccount = () => rng.int(0, accounts.length - 1);
  const pickModel = (account: number) => rng.pick(modelsOf((accounts[account] as AccountPlan).category));

  const steps: Step[] = [];
  for (const a of accounts) steps.push({ kind: 'link', account: a.index });
  steps.push({ kind: 'process', rounds: 2, parallelJobs: 1 });
  // Merge finishes the initial syncs (some signalled, some left for the watch polls to find).
  const initial = rng.shuffle(accounts.map((a) => a.index));
  const body: Step[] = [];
  for (const account of initial) {
    body.push({
      kind: 'mergeSync',
      account,
      result: rng.chance(0.85) ? 'DONE' : 'PARTIALLY_SYNCED',
      signal: rng.weighted({ account: 4, models: 4, none: 1 }),
    });
  }
  body.push({ kind: 'process', rounds: 3, parallelJobs: 2 });

  const featureStep = (kind: FaultKind): Step[] => {
    const account = pickAccount();
    const model = pickModel(account);
    switch (kind) {
      case 'http429-retry-after-seconds':
      case 'http429-retry-after-date':
      case 'http429-no-retry-after':
      case 'http500':
      case 'http502':
      case 'http503':
      case 'timeout':
      case 'connection-reset':
      case 'slow-page':
      case 'malformed-page':
        return [
          {
            kind: 'simFault',
            account,
            fault: kind,
            model: rng.chance(0.7) ? model : null,
            times: kind === 'timeout' ? 1 : rng.int(1, 3),
          },
          { kind: 'upstream', account, model, changes: rng.int(1, 4), odd: false, oversized: false },
          { kind: 'mergeSync', account, result: 'DONE', signal: rng.pick(['account', 'models'] as const) },
          { kind: 'process', rounds: 3, parallelJobs: rng.int(1, 2) },
        ];
      case 'modified-mid-pagination':
        return [{ kind: 'midPagination', account, model, atPage: 1, changes: rng.int(2, 6) }];
      case 'webhook-duplicated':
      case 'webhook-reordered':
      case 'webhook-delayed':
      case 'webhook-lost':
        return [
          { kind: 'upstream', account, model, changes: rng.int(3, 8), odd: false, oversized: false },
          { kind: 'changedWebhooks' },
          { kind: 'mergeSync', account, result: 'DONE', signal: 'models' },
        ];
      case 'sqs-redelivery':
        return [
          { kind: 'upstream', account, model, changes: rng.int(1, 4), odd: false, oversized: false },
          { kind: 'changedWebhooks' },
          { kind: 'redeliver', queue: 'events' },
          { kind: 'mergeSync', account, result: 'DONE', signal: 'models' },
          { kind: 'process', rounds: 1, parallelJobs: 1 },
          { kind: 'redeliver', queue: rng.pick(['jobs', 'polls'] as const) },
        ];
      case 'handler-killed-mid-batch':
        return [
          { kind: 'upstream', account, model, changes: rng.int(3, 8), odd: false, oversized: false },
          { kind: 'changedWebhooks' },
          { kind: 'killBatch', queue: 'events' },
        ];
      case 'handler-killed-mid-fetch':
        return [{ kind: 'killFetch', account, model, atPage: rng.int(0, 1) }];
      case 'fetch-merge-keeps-failing':
        return [
          {
            kind: 'failingFetch',
            account,
            model,
            failures: rng.int(5, 9),
            status: rng.pick([500, 502, 503] as const),
          },
        ];
      case 'two-fetch-jobs-at-once':
        return [
          { kind: 'upstream', account, model, changes: rng.int(1, 5), odd: false, oversized: false },
          { kind: 'doubleJob', account, model },
        ];
      case 'relink':
        return [{ kind: 'relink', account }];
      case 'account-deleted-during-fetch':
        return [{ kind: 'deleteDuringFetch', account, model }];
      case 'sync-failed-then-done':
        return [
          { kind: 'upstream', account, model, changes: rng.int(1, 5), odd: false, oversized: false },
          { kind: 'failedThenDone', account },
        ];
      case 'poison-message':
        return [{ kind: 'poison', queue: rng.pick(['events', 'jobs'] as const) }];
      case 'runtime-restarted':
        return [{ kind: 'restart', signal: rng.pick(['SIGTERM', 'SIGKILL'] as const) }];
      case 'bus-throttled':
        return [
          { kind: 'busThrottle', refusals: rng.int(3, 70) },
          { kind: 'upstream', account, model, changes: rng.int(2, 8), odd: false, oversized: false },
          { kind: 'changedWebhooks' },
          { kind: 'mergeSync', account, result: 'DONE', signal: 'models' },
          { kind: 'process', rounds: 3, parallelJobs: 2 },
        ];
      case 'merge-clock-skew':
        return [
          { kind: 'upstream', account, model, changes: rng.int(2, 8), odd: false, oversized: false },
          { kind: 'mergeSync', account, result: 'DONE', signal: 'account' },
        ];
      case 'sync-status-odd':
        return [
          {
            kind: 'oddStatus',
            account,
            model,
            status: rng.pick(['PAUSED', 'DISABLED', 'SYNCING', 'QUEUED_FOR_RESYNC']),
            signal: rng.chance(0.5),
          },
          { kind: 'upstream', account, model, changes: rng.int(1, 4), odd: false, oversized: false },
          { kind: 'process', rounds: 2, parallelJobs: 1 },
          { kind: 'schedule', tier: null },
        ];
    }
  };

  const count = rng.int(6, 11);
  const featuredAt = rng.int(0, count - 1);
  const extrasPool: FaultKind[] = FEATURABLE.filter(
    (k) => k !== 'timeout' && k !== 'account-deleted-during-fetch' && k !== 'poison-message',
  );
  for (let i = 0; i < count; i++) {
    if (i === featuredAt) body.push(...featureStep(featured));
    const choice = rng.weighted({ upstream: 4, webhooks: 2, sync: 2, process: 3, schedule: 1, extra: 2 });
    const account = pickAccount();
    const model = pickModel(account);
    switch (choice) {
      case 'upstream':
        body.push({
          kind: 'upstream',
          account,
          model,
          changes: rng.int(1, 10),
          odd: rng.chance(0.2),
          oversized: rng.chance(0.04),
        });
        break;
      case 'webhooks':
        body.push({ kind: 'changedWebhooks' });
        break;
      case 'sync':
        body.push({
          kind: 'mergeSync',
          account,
          result: rng.chance(0.8) ? 'DONE' : 'PARTIALLY_SYNCED',
          signal: rng.weighted({ account: 3, models: 3, none: 1 }),
        });
        break;
      case 'process':
        body.push({ kind: 'process', rounds: rng.int(1, 4), parallelJobs: rng.int(1, 3) });
        break;
      case 'schedule':
        body.push({
          kind: 'schedule',
          tier: rng.chance(0.3) ? null : rng.pick(['frequent', 'hourly', 'periodic', 'daily']),
        });
        if (rng.chance(0.3))
          body.push({ kind: 'issue', account, status: rng.pick(['ONGOING', 'RESOLVED'] as const) });
        break;
      case 'extra':
        body.push(...featureStep(rng.pick(extrasPool)));
        break;
    }
  }
  if (options.restart) {
    // A second restart late in the run, once more work is under way.
    body.splice(Math.max(1, body.length - 2), 0, ...featureStep('runtime-restarted'));
  }
  steps.push(...body);
  const skew = featured === 'merge-clock-skew' || rng.chance(0.1);
  return {
    seed,
    featured,
    accounts,
    steps,
    mergeClockSkewMs: skew ? rng.pick([-1, 1]) * rng.int(5_000, 100_000) : 0,
    delivery: {
      duplicate: featured === 'webhook-duplicated' ? 0.4 : rng.pick([0.05, 0.1, 0.2]),
      delay: featured === 'webhook-delayed' ? 0.3 : rng.pick([0.05, 0.1, 0.15]),
      drop: featured === 'webhook-lost' ? 0.3 : rng.pick([0.05, 0.1, 0.2]),
      reorder: featured === 'webhook-reordered' ? 0.9 : rng.pick([0.2, 0.4, 0.6]),
    },
  };
}
