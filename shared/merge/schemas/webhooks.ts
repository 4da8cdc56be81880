import * as z from 'zod/mini';
import { syncStatusSchema } from './sync-status';
import { tolerantText } from './tolerant';

/**
 * `linked_account.integration`: a display name in the webhook samples ("BambooHR", reference §6a/§6b),
 * but an object `{name, slug, ...}` in the linked-accounts response (§9 `AccountDetailsAndActions`).
 * Either gives the name; anything else is absent.
 */
const integrationName = z.optional(
  z.pipe(
    z.unknown(),
    z.transform((value): string | undefined => {
      if (typeof value === 'string') return value;
      const name =
        typeof value === 'object' && value !== null ? (value as { name?: unknown }).name : undefined;
      return typeof name === 'string' ? name : undefined;
    }),
  ),
);

/**
 * Merge's webhook envelope `{hook, linked_account, data}` (reference §6). Tolerant of unknown fields
 * and values; strict only about what we rely on: the event name and the linked account's id. The other
 * `linked_account` fields are descriptive (§6 lists them from samples only, and §9 shows `integration`
 * as an object elsewhere): one of an unexpected type is read as absent, never a reason to refuse the
 * envelope (which would lose a LinkedAccount.linked, the only webhook carrying the token).
 */
export const linkedAccountSchema = z.looseObject({
  id: z.string().check(z.minLength(1)),
  category: tolerantText,
  integration: integrationName,
  integration_slug: tolerantText,
  end_user_origin_id: tolerantText,
  end_user_organization_name: tolerantText,
  end_user_email_address: tolerantText,
  status: tolerantText,
  account_type: tolerantText,
});

export const envelopeSchema = z.looseObject({
  hook: z.looseObject({
    event: z.string().check(z.minLength(1), z.maxLength(200)),
    id: tolerantText,
    target: tolerantText,
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
