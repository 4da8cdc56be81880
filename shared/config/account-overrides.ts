import * as z from 'zod/mini';
import type { AccountOverrides } from '../core/accounts';
import { DomainError } from '../core/errors';
import { IDENTITY_FIELDS, modelIdSchema, tierNameSchema } from './sync-config-schema';
import type { SyncSettings } from './sync-config';
import { describeIssues } from './validation-errors';

/**
 * What an operator may change for one linked account (`accounts configure`, the AccountOverrides of
 * shared/core/accounts.ts): which of the deployment's models it syncs, at which cadence tier, its
 * Merge plan's request limit, and which fields its records leave out. Stored on the account item (`overrides` in its document), so the
 * poller's fan-out, the poller and the fetcher, which read the account anyway, get it without
 * another read. The annotation makes the compiler hold the schema to the core type.
 */
export const accountOverridesSchema: z.ZodMiniType<AccountOverrides> = z.strictObject({
  /** The models this account syncs: a subset of the deployment's models of its category. */
  models: z.optional(z.array(modelIdSchema).check(z.minLength(1))),
  /** Per model, the cadence tier its /sync-status is polled at (a tier the deployment declares). */
  cadence: z.optional(z.record(modelIdSchema, tierNameSchema)),
  /** This account's plan limit (requests per minute), when its Merge plan differs from the deployment's. */
  planRequestsPerMinute: z.optional(z.number().check(z.int(), z.minimum(10), z.maximum(10000))),
  /** Per model, the fields this account's records leave out, instead of the deployment's denyFields. */
  denyFields: z.optional(z.record(modelIdSchema, z.array(z.string().check(z.minLength(1))))),
});

export class AccountOverridesError extends DomainError {
  override readonly name = 'AccountOverridesError';
  readonly retryable = false;
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
  for (const [modelId, fields] of Object.entries(overrides.denyFields ?? {})) {
    const model = settings.model(modelId);
    if (!model || !configured.includes(modelId))
      problems.push(
        `denyFields: "${modelId}" is not synced for ${category} accounts by this deployment; ${choose}`,
      );
    else if (!synced.includes(modelId))
      problems.push(`denyFields: "${modelId}" is not among the models this account syncs (--models)`);
    for (const field of fields) {
      if (IDENTITY_FIELDS.includes(field))
        problems.push(`denyFields: "${modelId}" cannot leave out "${field}" (it identifies the record)`);
      if (model?.expand.includes(field))
        problems.push(`denyFields: "${modelId}" leaves out "${field}", which it expands`);
    }
  }
  if (problems.length > 0) throw new AccountOverridesError(`Invalid overrides: ${problems.join('; ')}`);
  return {
    ...(overrides.models ? { models: overrides.models } : {}),
    ...(overrides.cadence && Object.keys(overrides.cadence).length > 0 ? { cadence: overrides.cadence } : {}),
    ...(overrides.planRequestsPerMinute !== undefined
      ? { planRequestsPerMinute: overrides.planRequestsPerMinute }
      : {}),
    ...(overrides.denyFields && Object.keys(overrides.denyFields).length > 0
      ? { denyFields: overrides.denyFields }
      : {}),
  };
}
