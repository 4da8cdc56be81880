import * as z from 'zod/mini';
import { CATEGORIES } from '../merge/types';
import type { ModelDefinition } from './model-catalog';

export const tierNameSchema = z
  .string()
  .check(z.regex(/^[a-z][a-z0-9-]{0,30}$/, 'tier names are lowercase words'));

export const modelIdSchema = z
  .string()
  .check(z.regex(/^[a-z]+\.[A-Za-z]+$/, 'model ids look like "hris.Employee"'));

/** Never denied: what identifies a record and orders its versions. */
export const IDENTITY_FIELDS: readonly string[] = [
  'id',
  'remote_id',
  'created_at',
  'modified_at',
  'remote_was_deleted',
];

export const syncModelSchema = z.strictObject({
  modelId: modelIdSchema,
  tier: tierNameSchema,
  /** Relations to inline with `expand`; each is stored as a record of its own model. */
  expand: z._default(z.array(z.string().check(z.minLength(1))), []),
  /** Keep Merge's `remote_data` on stored records (off by default: large, and plan-gated). */
  includeRemoteData: z._default(z.boolean(), false),
  /**
   * Ask Merge for the model's sensitive fields (`include_sensitive_fields=true`, e.g. an employee's
   * `ssn`). Off unless set; only for models that have them, and only useful with `denyFields`
   * letting them through.
   */
  includeSensitiveFields: z._default(z.boolean(), false),
  /**
   * Top-level fields left out before anything is stored, published or served (this model's records,
   * also when they arrive through `expand` or in a webhook). Absent: the model's national
   * identifiers (the catalog's `personalIdentifiers`, e.g. `ssn`); `[]` keeps every field.
   */
  denyFields: z.optional(z.array(z.string().check(z.minLength(1)))),
});

export const syncTierSchema = z.strictObject({
  name: tierNameSchema,
  /** How often the scheduled poller checks /sync-status for the models of this tier. */
  everyMinutes: z.number().check(z.int(), z.minimum(1), z.maximum(1440)),
});

export const syncConfigSchema = z.strictObject({
  /** Merge's per-linked-account limit: 100 (Launch), 400 (Professional), 600 (Enterprise) per minute. */
  planRequestsPerMinute: z.number().check(z.int(), z.minimum(10), z.maximum(10000)),
  /** Share of the plan limit we allow ourselves; the rest is headroom for the customer's own calls. */
  budgetShare: z.number().check(z.gt(0), z.lte(1)),
  tiers: z.array(syncTierSchema).check(z.minLength(1)),
  models: z.array(syncModelSchema).check(z.minLength(1)),
  /** A fetch of every model with no signal at all, because webhooks can be missed. */
  reconcileEveryMinutes: z.number().check(z.int(), z.minimum(60), z.maximum(1440)),
  /** The cursor is the start of the last completed fetch less this, for clock skew against Merge. */
  cursorOverlapSeconds: z.number().check(z.int(), z.minimum(0), z.maximum(3600)),
  /**
   * A fetch run that found nothing new publishes its Sync Completed event only if the model's last
   * one is at least this old (0: every run publishes one). Runs with changes always do.
   */
  quietRunEventEveryMinutes: z._default(z.number().check(z.int(), z.minimum(0), z.maximum(1440)), 60),
  /** Watching an initial sync: Merge suggests every 15-30 s for a few minutes, then every 1-5 min. */
  initialSyncWatch: z.strictObject({
    fastEverySeconds: z.number().check(z.int(), z.minimum(5), z.maximum(900)),
    fastForMinutes: z.number().check(z.int(), z.minimum(0), z.maximum(60)),
    slowEverySeconds: z.number().check(z.int(), z.minimum(5), z.maximum(900)),
    giveUpAfterHours: z.number().check(z.minimum(1), z.maximum(72)),
    /**
     * A model /sync-status does not list (Merge may never report it, or spell it in a way we do not
     * know) is waited for this long, then fetched once without a signal and no longer waited for
     * (0: not waited for at all).
     */
    unreportedGiveUpMinutes: z._default(z.number().check(z.minimum(0), z.maximum(1440)), 5),
  }),
});

export type SyncConfigInput = z.input<typeof syncConfigSchema>;
export type SyncConfig = z.output<typeof syncConfigSchema>;
export type SyncModelConfig = z.output<typeof syncModelSchema>;
export type SyncTier = z.output<typeof syncTierSchema>;

/** A configured model joined with what the catalog knows about it. */
export interface ConfiguredModel extends SyncModelConfig, Omit<ModelDefinition, 'modelId'> {
  /** The fields its records never keep: `denyFields`, or the catalog's personal identifiers. */
  deniedFields: readonly string[];
  /** The same for each model `expand` inlines into its records, by model id. */
  relatedDeniedFields: Readonly<Record<string, readonly string[]>>;
}
export { CATEGORIES };
