import { DomainError } from '../core/errors';
import { describeIssues } from './validation-errors';
import { AccountSyncPlan, type PlannedAccount } from './account-sync-plan';
import { DEFAULT_SYNC_CONFIG } from './default-sync-config';
import { findModel, unknownModelHint, type ModelDefinition } from './model-catalog';
import {
  IDENTITY_FIELDS,
  syncConfigSchema,
  type ConfiguredModel,
  type SyncConfig,
  type SyncModelConfig,
  type SyncTier,
} from './sync-config-schema';

export class SyncConfigError extends DomainError {
  override readonly name = 'SyncConfigError';
  readonly retryable = false;
}

/** The validated sync config with the lookups every function needs. */
export class SyncSettings {
  readonly models: readonly ConfiguredModel[];
  private readonly byId: Map<string, ConfiguredModel>;

  constructor(readonly config: SyncConfig) {
    const denied = new Map(config.models.map((m) => [m.modelId, deniedFieldsOf(m)]));
    this.models = config.models.map((m) => {
      const known = findModel(m.modelId) as ModelDefinition;
      const targets = m.expand.map((r) => known.relations[r]).filter((t): t is string => t !== undefined);
      return {
        ...known,
        ...m,
        deniedFields: denied.get(m.modelId) ?? [],
        relatedDeniedFields: Object.fromEntries(
          targets.map((t) => [t, denied.get(t) ?? findModel(t)?.personalIdentifiers ?? []]),
        ),
      };
    });
    this.byId = new Map(this.models.map((m) => [m.modelId, m]));
  }

  model(modelId: string): ConfiguredModel | undefined {
    return this.byId.get(modelId);
  }

  modelsForCategory(category: string): ConfiguredModel[] {
    return this.models.filter((m) => m.category === category);
  }

  modelsForTier(category: string, tier: string): ConfiguredModel[] {
    return this.models.filter((m) => m.category === category && m.tier === tier);
  }

  /** What one account syncs and how often: these settings with its overrides applied. */
  forAccount(account: PlannedAccount): AccountSyncPlan {
    return new AccountSyncPlan(this, account);
  }

  tier(name: string): SyncTier | undefined {
    return this.config.tiers.find((t) => t.name === name);
  }

  /** Requests per minute we allow ourselves per linked account. */
  get requestsPerMinute(): number {
    return Math.max(1, Math.floor(this.config.planRequestsPerMinute * this.config.budgetShare));
  }
}

/** What a configured model's records leave out: its `denyFields`, or its national identifiers. */
const deniedFieldsOf = (m: SyncModelConfig): readonly string[] =>
  m.denyFields ?? findModel(m.modelId)?.personalIdentifiers ?? [];

/**
 * Validates a sync config (shape, then cross-references: known models, declared tiers, known
 * relations) and returns it ready to use. Throws SyncConfigError listing every problem.
 */
export function parseSyncConfig(input: unknown): SyncSettings {
  const parsed = syncConfigSchema.safeParse(input);
  if (!parsed.success) throw new SyncConfigError(`Invalid sync config: ${describeIssues(parsed.error)}`);
  const config = parsed.data;
  const problems: string[] = [];
  const tierNames = new Set<string>();
  for (const tier of config.tiers) {
    if (tierNames.has(tier.name)) problems.push(`tiers: "${tier.name}" is declared twice`);
    tierNames.add(tier.name);
  }
  const seen = new Set<string>();
  const configured = new Set(config.models.map((m) => m.modelId));
  config.models.forEach((m, i) => {
    const where = `models.${i} (${m.modelId})`;
    const known = findModel(m.modelId);
    if (!known) problems.push(`${where}: unknown model; ${unknownModelHint(m.modelId)} (docs/models.md)`);
    // A nested model's path needs a parent's id: there is no plain list to sync it from.
    if (known?.nested) problems.push(`${where}: cannot be synced on its own (${known.nested.reason})`);
    if (seen.has(m.modelId)) problems.push(`${where}: configured twice`);
    seen.add(m.modelId);
    if (!tierNames.has(m.tier)) problems.push(`${where}: tier "${m.tier}" is not declared in tiers`);
    if (known) problems.push(...modelProblems(where, m, known, configured));
  });
  if (problems.length > 0) throw new SyncConfigError(`Invalid sync config: ${problems.join('; ')}`);
  return new SyncSettings(config);
}

/** What is wrong with one known model's `expand`, `denyFields` and `includeSensitiveFields`. */
function modelProblems(
  where: string,
  m: SyncModelConfig,
  known: ModelDefinition,
  configured: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  // Inline sub-objects (line items, addresses) are expandable too: they stay inside the record.
  const expandable = known.expandable.map((r) => r.field);
  for (const relation of m.expand) {
    const target = known.expandable.find((r) => r.field === relation);
    if (!target) {
      problems.push(`${where}: cannot expand "${relation}"; expandable: ${expandable.join(', ') || 'none'}`);
    } else if (target.listed && findModel(target.target)?.nested) {
      problems.push(
        `${where}: expand "${relation}" stores ${target.target} records, which would go stale: ` +
          `modified_after ignores changes inside expanded objects, and ${target.target} cannot be ` +
          `synced on its own; remove "${relation}" from expand`,
      );
    } else if (target.listed && !configured.has(target.target)) {
      // Merge's modified_after ignores changes inside expanded objects (reference §12): a related
      // record stored only through its parent's pages would go stale.
      problems.push(
        `${where}: expand "${relation}" stores ${target.target} records, which go stale unless ` +
          `${target.target} is synced in its own right (modified_after ignores changes inside expanded ` +
          `objects): add ${target.target} to models, or remove "${relation}" from expand`,
      );
    }
  }
  const denied = deniedFieldsOf(m);
  for (const field of m.denyFields ?? []) {
    if (IDENTITY_FIELDS.includes(field))
      problems.push(`${where}: denyFields cannot leave out "${field}" (it identifies the record)`);
    if (m.expand.includes(field))
      problems.push(`${where}: denyFields leaves out "${field}", which expand asks for`);
  }
  if (m.includeSensitiveFields) {
    const sensitive = known.sensitiveFields;
    if (sensitive.length === 0)
      problems.push(`${where}: includeSensitiveFields: the model has no sensitive fields`);
    else if (sensitive.every((f) => denied.includes(f)))
      problems.push(
        `${where}: includeSensitiveFields asks Merge for ${sensitive.join(', ')}, which denyFields ` +
          `leaves out${m.denyFields ? '' : ' by default (national identifiers)'}: set denyFields ` +
          `to let ${sensitive.length > 1 ? 'them' : 'it'} through, or remove includeSensitiveFields`,
      );
  }
  return problems;
}

/**
 * The deployment's config: the defaults (shared/config/default-sync-config.ts), then top-level keys
 * from `SYNC_CONFIG_OVERRIDES` (JSON; the local runtime and tests use it), then the plan limit from
 * `MERGE_PLAN_REQUESTS_PER_MINUTE` (set by the stack from its context). Validated as a whole.
 */
export function loadSyncConfig(env: NodeJS.ProcessEnv = process.env): SyncSettings {
  let overrides: Record<string, unknown> = {};
  if (env.SYNC_CONFIG_OVERRIDES) {
    try {
      overrides = JSON.parse(env.SYNC_CONFIG_OVERRIDES) as Record<string, unknown>;
    } catch {
      throw new SyncConfigError('SYNC_CONFIG_OVERRIDES is not valid JSON');
    }
  }
  const plan = env.MERGE_PLAN_REQUESTS_PER_MINUTE;
  return parseSyncConfig({
    ...DEFAULT_SYNC_CONFIG,
    ...overrides,
    ...(plan ? { planRequestsPerMinute: Number(plan) } : {}),
  });
}
