import * as z from 'zod/mini';
import { modelIdSchema, tierNameSchema } from './sync-config-schema';
import type { ConfiguredModel, SyncSettings } from './sync-config';
import { describeIssues } from './validation-errors';

/**
 * What an operator may change for one linked account (`accounts configure`): which of the
 * deployment's models it syncs, at which cadence tier, and its Merge plan's request limit. Stored on
 * the account item (`overrides` in its document), so the poller's fan-out, the poller and the
 * fetcher, which read the account anyway, get it without another read.
 */
export const accountOverridesSchema = z.strictObject({
  /** The models this account syncs: a subset of the deployment's models of its category. */
  models: z.optional(z.array(modelIdSchema).check(z.minLength(1))),
  /** Per model, the cadence tier its /sync-status is polled at (a tier the deployment declares). */
  cadence: z.optional(z.record(modelIdSchema, tierNameSchema)),
  /** This account's plan limit (requests per minute), when its Merge plan differs from the deployment's. */
  planRequestsPerMinute: z.optional(z.number().check(z.int(), z.minimum(10), z.maximum(10000))),
});

export type AccountOverrides = z.output<typeof accountOverridesSchema>;

/** As stored on the account: the overrides and when they were last changed. */
export interface StoredAccountOverrides extends AccountOverrides {
  updatedAt: string;
}

export class AccountOverridesError extends Error {
  override readonly name = 'AccountOverridesError';
}

/**
 * Validates overrides for an account of `category` against the deployment's config: the shape
 * strictly (unknown keys are errors), then every model and tier named. Throws AccountOverridesError
 * listing every problem; returns the overrides without empty parts.
 */
export function validateAccountOverrides(
  settings: SyncSettings,
  category: string,
  input: unknown,
): AccountOverrides {
  const parsed = accountOverridesSchema.safeParse(input);
  if (!parsed.success) throw new AccountOverridesError(`Invalid overrides: ${describeIssues(parsed.error)}`);
  const overrides = parsed.data;
  const configured = settings.modelsForCategory(category).map((m) => m.modelId);
  const choose = `choose from ${configured.join(', ') || 'none'}`;
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const modelId of overrides.models ?? []) {
    if (!configured.includes(modelId))
      problems.push(
        `models: "${modelId}" is not synced for ${category} accounts by this deployment; ${choose}`,
      );
    if (seen.has(modelId)) problems.push(`models: "${modelId}" is named twice`);
    seen.add(modelId);
  }
  const synced = overrides.models ?? configured;
  const tiers = settings.config.tiers.map((t) => t.name);
  for (const [modelId, tier] of Object.entries(overrides.cadence ?? {})) {
    if (!configured.includes(modelId))
      problems.push(
        `cadence: "${modelId}" is not synced for ${category} accounts by this deployment; ${choose}`,
      );
    else if (!synced.includes(modelId))
      problems.push(`cadence: "${modelId}" is not among the models this account syncs (--models)`);
    if (!tiers.includes(tier))
      problems.push(`cadence: tier "${tier}" for "${modelId}" is not declared; tiers: ${tiers.join(', ')}`);
  }
  if (problems.length > 0) throw new AccountOverridesError(`Invalid overrides: ${problems.join('; ')}`);
  return {
    ...(overrides.models ? { models: overrides.models } : {}),
    ...(overrides.cadence && Object.keys(overrides.cadence).length > 0 ? { cadence: overrides.cadence } : {}),
    ...(overrides.planRequestsPerMinute !== undefined
      ? { planRequestsPerMinute: overrides.planRequestsPerMinute }
      : {}),
  };
}

/** An account as far as its sync plan is concerned. */
export interface PlannedAccount {
  category: string;
  overrides?: AccountOverrides;
}

/**
 * The deployment's config as it applies to one account: its category's models, narrowed and
 * re-tiered by the account's overrides. An override naming a model or tier the deployment no longer
 * configures (the config changed after it was set) is ignored rather than failing every poll.
 */
export class AccountSyncPlan {
  readonly models: readonly ConfiguredModel[];
  /** The account's Merge plan limit: its own when an operator set one, else the deployment's. */
  readonly planRequestsPerMinute: number;

  constructor(settings: SyncSettings, account: PlannedAccount) {
    const overrides = account.overrides;
    const chosen = overrides?.models ? new Set(overrides.models) : undefined;
    this.models = settings
      .modelsForCategory(account.category)
      .filter((m) => !chosen || chosen.has(m.modelId))
      .map((m) => {
        const tier = overrides?.cadence?.[m.modelId];
        return tier && settings.tier(tier) ? { ...m, tier } : m;
      });
    this.planRequestsPerMinute = overrides?.planRequestsPerMinute ?? settings.config.planRequestsPerMinute;
  }

  model(modelId: string): ConfiguredModel | undefined {
    return this.models.find((m) => m.modelId === modelId);
  }

  modelsForTier(tier: string): ConfiguredModel[] {
    return this.models.filter((m) => m.tier === tier);
  }
}
