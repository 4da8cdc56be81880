import { DEFAULT_SYNC_CONFIG } from '../../shared/config/default-sync-config';
import type { SyncSettings } from '../../shared/config/sync-config';
import { FAULT_KINDS, FEATURABLE, type FaultKind } from './fault-kinds';
import { featureSteps } from './feature-steps';
import { Prng } from './lib/prng';
import { CATEGORIES, type AccountPlan, type Category, type Scenario, type Step } from './scenario-types';

/**
 * A chaos scenario is pure data derived from a seed: the linked accounts with their seeded records,
 * and a timeline of steps. The executor (executor.ts) plays it against the real pipeline; every
 * further choice it makes (which record, which webhook is lost) comes from the same seed.
 */
export function generateScenario(
  seed: number,
  settings: SyncSettings,
  options: { restart?: boolean } = {},
): Scenario {
  const rng = new Prng(seed);
  const featured: FaultKind = options.restart
    ? 'runtime-restarted'
    : (FEATURABLE[(Math.abs(seed) - 1 + FEATURABLE.length * 1000) % FEATURABLE.length] as FaultKind);
  const configured = (c: Category) => settings.modelsForCategory(c).map((m) => m.modelId);

  const accountCount = featured === 'account-deleted-during-fetch' ? 3 : rng.pick([2, 2, 3, 3, 4]);
  const accounts: AccountPlan[] = [];
  for (let i = 0; i < accountCount; i++) {
    // Merge's uncertain spellings are CRM's and accounting's: a run featuring them links a CRM account.
    const category = featured === 'model-id-spelling' && i === 0 ? 'crm' : rng.pick(CATEGORIES);
    const models = drawModels(rng, configured(category));
    const seeds: Record<string, number> = {};
    for (const modelId of models ?? configured(category)) {
      seeds[modelId] = rng.chance(0.3) ? rng.int(101, 180) : rng.chance(0.15) ? 0 : rng.int(3, 40);
    }
    accounts.push({ index: i, category, ...(models ? { models } : {}), seeds });
  }
  const pickAccount = () => rng.int(0, accounts.length - 1);
  const pickModel = (account: number) => {
    const plan = accounts[account] as AccountPlan;
    return rng.pick(plan.models ?? configured(plan.category));
  };

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
    return featureSteps(kind, rng, account, model);
  };

  const count = rng.int(6, 11);
  const featuredAt = rng.int(0, count - 1);
  // Merge's behaviours (issue 12) are featured, not drawn as extras: the older seeds keep their draws.
  const featuredOnly: readonly FaultKind[] = FAULT_KINDS.merge;
  const extrasPool: FaultKind[] = FEATURABLE.filter(
    (k) =>
      k !== 'timeout' &&
      k !== 'account-deleted-during-fetch' &&
      k !== 'poison-message' &&
      !featuredOnly.includes(k),
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
  const skewMs = skew ? rng.pick([-1, 1]) * rng.int(5_000, 100_000) : 0;
  const delivery = {
    duplicate: featured === 'webhook-duplicated' ? 0.4 : rng.pick([0.05, 0.1, 0.2]),
    delay: featured === 'webhook-delayed' ? 0.3 : rng.pick([0.05, 0.1, 0.15]),
    drop: featured === 'webhook-lost' ? 0.3 : rng.pick([0.05, 0.1, 0.2]),
    reorder: featured === 'webhook-reordered' ? 0.9 : rng.pick([0.2, 0.4, 0.6]),
  };
  // Either reading of Merge's uncertain model_id spellings (drawn last: earlier draws stay as they were).
  const spelling =
    featured === 'model-id-spelling' || rng.chance(0.3)
      ? {
          accounting: rng.pick(['plural', 'singular'] as const),
          crm:
            featured === 'model-id-spelling'
              ? ('prefixed' as const)
              : rng.pick(['plain', 'prefixed'] as const),
        }
      : undefined;
  return {
    seed,
    featured,
    accounts,
    steps,
    mergeClockSkewMs: skewMs,
    ...(spelling ? { modelIdSpelling: spelling } : {}),
    delivery,
  };
}

/**
 * The models an account syncs, drawn from the whole catalog: its category's defaults and one to three
 * more of the catalog models the world configures (the chaos world configures every one). Undefined
 * when the world configures nothing beyond the defaults: the account syncs them all.
 */
function drawModels(rng: Prng, configured: readonly string[]): string[] | undefined {
  const defaults = DEFAULT_SYNC_CONFIG.models.map((m) => m.modelId).filter((id) => configured.includes(id));
  const others = configured.filter((id) => !defaults.includes(id));
  if (others.length === 0) return undefined;
  return [...defaults, ...rng.shuffle(others).slice(0, rng.int(1, Math.min(3, others.length)))];
}
