import * as z from 'zod/mini';

/**
 * One model's entry of /sync-status (reference §5). Status values are an open enum in Merge's own
 * SDK, so any string is accepted here and interpreted by the sync decisions.
 */
export const syncStatusSchema = z.looseObject({
  model_id: z.string().check(z.minLength(1)),
  model_name: z.optional(z.nullable(z.string())),
  status: z.string(),
  last_sync_start: z.optional(z.nullable(z.string())),
  next_sync_start: z.optional(z.nullable(z.string())),
  last_sync_result: z.optional(z.nullable(z.string())),
  last_sync_finished: z.optional(z.nullable(z.string())),
  is_initial_sync: z.optional(z.nullable(z.boolean())),
});

export type SyncStatusEntry = z.infer<typeof syncStatusSchema>;
