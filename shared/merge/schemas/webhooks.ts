import * as z from 'zod/mini';
import { syncStatusSchema } from './sync-status';

/**
 * Merge's webhook envelope `{hook, linked_account, data}` (reference §6). Tolerant of unknown fields
 * and values; strict only about what we rely on: the event name and the linked account's id.
 */
export const linkedAccountSchema = z.looseObject({
  id: z.string().check(z.minLength(1)),
  category: z.optional(z.nullable(z.string())),
  integration: z.optional(z.nullable(z.string())),
  integration_slug: z.optional(z.nullable(z.string())),
  end_user_origin_id: z.optional(z.nullable(z.string())),
  end_user_organization_name: z.optional(z.nullable(z.string())),
  end_user_email_address: z.optional(z.nullable(z.string())),
  status: z.optional(z.nullable(z.string())),
  account_type: z.optional(z.nullable(z.string())),
});

export const envelopeSchema = z.looseObject({
  hook: z.looseObject({
    event: z.string().check(z.minLength(1), z.maxLength(200)),
    id: z.optional(z.nullable(z.string())),
    target: z.optional(z.nullable(z.string())),
  }),
  linked_account: linkedAccountSchema,
  data: z.optional(z.unknown()),
});

/** LinkedAccount.linked: the only webhook that carries the account token (reference §6a). */
export const linkedDataSchema = z.looseObject({
  account_token: z.string().check(z.minLength(1)),
  is_relink: z.optional(z.nullable(z.boolean())),
});

/** LinkedAccount.sync_completed: `sync_status` is a map keyed by model_id (reference §6b). */
export const syncCompletedDataSchema = z.looseObject({
  is_initial_sync: z.optional(z.nullable(z.boolean())),
  sync_status: z.record(
    z.string(),
    z.looseObject({
      last_sync_result: z.optional(z.nullable(z.string())),
      last_sync_finished: z.optional(z.nullable(z.string())),
      status: z.optional(z.nullable(z.string())),
    }),
  ),
});

/** {Model}.synced: a full sync-status object (reference §6c). */
export const modelSyncedDataSchema = z.looseObject({ sync_status: syncStatusSchema });

/** {Model}.added / .changed / .removed carry the Common Model object itself (reference §6d). */
export const changedDataSchema = z.looseObject({ id: z.string().check(z.minLength(1)) });

/** Issue.*: the Issue object (reference §6f). */
export const issueDataSchema = z.looseObject({
  id: z.optional(z.nullable(z.string())),
  status: z.optional(z.nullable(z.string())),
  error_description: z.optional(z.nullable(z.string())),
});

/** Merge dashboard's "Send test POST request" is a ping, not an event (reference §6). */
export const testPingSchema = z.looseObject({ response: z.string() });

export type Envelope = z.infer<typeof envelopeSchema>;
