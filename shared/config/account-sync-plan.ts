import type { AccountOverrides } from '../core/accounts';
import type { ConfiguredModel } from './sync-config-schema';

/** An account as far as its sync plan is concerned. */
export interface PlannedAccount {
  category: string;
  overrides?: AccountOverrides;
}

/** What a plan is made from: the deployment's settings (SyncSettings). */
export interface DeploymentPlan {
  readonly config: { planRequestsPerMinute: number };
  modelsForCategory(category: string): ConfiguredModel[];
  tier(name: string): unknown;
}

/**
 * The deployment's config as it applies to one account: its category's models, narrowed and
 * re-tiered by the account's overrides. An override naming a model or tier the deployment no longer
 * configures (the config changed after it was set) is ignored rather than failing every poll. A
 * model the account does not sync is not expanded into another's records either: it would go stale
 * there (Merge's modified_after ignores changes inside expanded objects). An account's own
 * `denyFields` replace the deployment's for its models, also where another model expands them.
 */
export class AccountSyncPlan {
  readonly category: string;
  readonly models: readonly ConfiguredModel[];
  /** The account's Merge plan limit: its own when an operator set one, else the deployment's. */
  readonly planRequestsPerMinute: number;

  constructor(settings: DeploymentPlan, account: PlannedAccount) {
    const overrides = account.overrides;
    this.category = account.category;
    const chosen = overrides?.models ? new Set(overrides.models) : undefined;
    this.models = settings
      .modelsForCategory(account.category)
      .filter((m) => !chosen || chosen.has(m.modelId))
      .map((m) => {
        const tier = overrides?.cadence?.[m.modelId];
        const retiered = tier && settings.tier(tier) ? { ...m, tier } : m;
        return chosen ? withoutExpandOf(retiered, chosen) : retiered;
      })
      .map((m, _i, models) => withDenyOverrides(m, models, overrides?.denyFields));
    this.planRequestsPerMinute = overrides?.planRequestsPerMinute ?? settings.config.planRequestsPerMinute;
  }

  model(modelId: string): ConfiguredModel | undefined {
    return this.models.find((m) => m.modelId === modelId);
  }

  modelsForTier(tier: string): ConfiguredModel[] {
    return this.models.filter((m) => m.tier === tier);
  }
}

/** The model without the `expand`s whose target model the account does not sync. */
function withoutExpandOf(model: ConfiguredModel, synced: ReadonlySet<string>): ConfiguredModel {
  const kept = model.expand.filter((r) => {
    const target = model.relations[r];
    return target === undefined || synced.has(target);
  });
  if (kept.length === model.expand.length) return model;
  const relatedDeniedFields = Object.fromEntries(
    Object.entries(model.relatedDeniedFields).filter(([target]) => synced.has(target)),
  );
  return { ...model, expand: kept, relatedDeniedFields };
}

/**
 * The model with the account's deny-lists: its own, and those of the models it expands. Sensitive
 * fields are not asked for when the account denies every one of them.
 */
function withDenyOverrides(
  model: ConfiguredModel,
  models: readonly ConfiguredModel[],
  denyFields: Readonly<Record<string, string[]>> | undefined,
): ConfiguredModel {
  if (!denyFields) return model;
  const deniedFields = denyFields[model.modelId] ?? model.deniedFields;
  const relatedDeniedFields = Object.fromEntries(
    Object.entries(model.relatedDeniedFields).map(([target, fields]) => [
      target,
      denyFields[target] && models.some((m) => m.modelId === target) ? denyFields[target] : fields,
    ]),
  );
  const includeSensitiveFields =
    model.includeSensitiveFields && model.sensitiveFields.some((f) => !deniedFields.includes(f));
  return { ...model, deniedFields, relatedDeniedFields, includeSensitiveFields };
}
