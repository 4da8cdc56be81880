import * as z from 'zod/mini';
import { tolerantFlag, tolerantText } from './tolerant';

const optionalText = z.optional(z.nullable(z.string()));

/**
 * `GET /{category}/v1/account-details` (reference §9, OAS `AccountDetails`). Every field is optional
 * (merge-common-models.md §4: "All fields are optional"), so any JSON object is an answer: a missing
 * `id` still means Merge accepted the token (account-tokens.ts), and a field of an unexpected type is
 * read as absent. `status` is an open enum (COMPLETE, INCOMPLETE, RELINK_NEEDED, IDLE, and more).
 */
export const accountDetailsSchema = z.looseObject({
  id: z.optional(
    z.pipe(
      z.unknown(),
      z.transform((value): string | undefined =>
        typeof value === 'string' && value !== '' ? value : undefined,
      ),
    ),
  ),
  integration: tolerantText,
  integration_slug: tolerantText,
  category: tolerantText,
  end_user_origin_id: tolerantText,
  end_user_organization_name: tolerantText,
  end_user_email_address: tolerantText,
  status: tolerantText,
  webhook_listener_url: tolerantText,
  is_duplicate: tolerantFlag,
  account_type: tolerantText,
  completed_at: tolerantText,
});

export type AccountDetails = z.infer<typeof accountDetailsSchema>;

/**
 * One item of `GET /{category}/v1/linked-accounts` (OAS `AccountDetailsAndActions`): like account
 * details, but `integration` is an object and there is a `status_detail` (why RELINK_NEEDED).
 */
export const linkedAccountDetailsSchema = z.looseObject({
  id: z.string().check(z.minLength(1)),
  category: optionalText,
  status: optionalText,
  status_detail: optionalText,
  end_user_origin_id: optionalText,
  end_user_organization_name: optionalText,
  end_user_email_address: optionalText,
  subdomain: optionalText,
  webhook_listener_url: optionalText,
  is_duplicate: z.optional(z.nullable(z.boolean())),
  integration: z.optional(
    z.nullable(
      z.looseObject({
        name: optionalText,
        slug: optionalText,
        categories: z.optional(z.nullable(z.array(z.string()))),
      }),
    ),
  ),
  account_type: optionalText,
  completed_at: optionalText,
});

export type LinkedAccountDetails = z.infer<typeof linkedAccountDetailsSchema>;
