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

/** One model's entry of a LinkedAccount.sync_completed, in either form Merge may send. */
export interface SyncCompletedEntry {
  /** The map's key, or the array entry's `model_id`. */
  modelId?: string;
  modelName?: string;
  status?: string;
  lastSyncStart?: string;
  lastSyncResult?: string;
  lastSyncFinished?: string;
}

/**
 * What a LinkedAccount.sync_completed says per model. `entries`: every entry that could be read;
 * `unreadable`: true when `sync_status` is absent or not a map or array, or some entry of it names no
 * model (the poll then asks /sync-status instead, sync-events.ts).
 */
export interface SyncCompletedStatuses {
  entries: SyncCompletedEntry[];
  unreadable: boolean;
}

const entryFields = z.looseObject({
  model_id: tolerantText,
  model_name: tolerantText,
  status: tolerantText,
  last_sync_start: tolerantText,
  last_sync_result: tolerantText,
  last_sync_finished: tolerantText,
});

/**
 * `data.sync_status` of LinkedAccount.sync_completed. Merge's sample is a map keyed by model_id
 * (reference §6b); an array of SyncStatus objects (each with its `model_id`, §5, as {Model}.synced
 * and /sync-status carry them) is read too, entry by entry. A field of an unexpected type is absent.
 */
export function readSyncCompletedStatuses(data: unknown): SyncCompletedStatuses {
  const raw = isObject(data) ? data.sync_status : undefined;
  const pairs: [string | undefined, unknown][] = Array.isArray(raw)
    ? raw.map((item): [string | undefined, unknown] => [undefined, item])
    : isObject(raw)
      ? Object.entries(raw)
      : [];
  const entries: SyncCompletedEntry[] = [];
  let unreadable = !Array.isArray(raw) && !isObject(raw);
  for (const [key, value] of pairs) {
    const fields = isObject(value) ? entryFields.safeParse(value) : undefined;
    const modelId = key ?? fields?.data?.model_id;
    const modelName = fields?.data?.model_name;
    if (!fields?.success || (!modelId && !modelName)) {
      unreadable = true;
      continue;
    }
    const { status, last_sync_start, last_sync_result, last_sync_finished } = fields.data;
    entries.push(
      dropUndefined({
        modelId,
        modelName,
        status,
        lastSyncStart: last_sync_start,
        lastSyncResult: last_sync_result,
        lastSyncFinished: last_sync_finished,
      }),
    );
  }
  return { entries, unreadable };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

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
