import * as z from 'zod/mini';

const optionalText = z.optional(z.nullable(z.string()));

/**
 * `GET /{category}/v1/account-details` (reference §9, OAS `AccountDetails`). Tolerant of unknown fields;
 * `status` is an open enum (COMPLETE, INCOMPLETE, RELINK_NEEDED, IDLE, and whatever Merge adds).
 */
export const accountDetailsSchema = z.looseObject({
  id: z.string().check(z.minLength(1)),
  integration: optionalText,
  integration_slug: optionalText,
  category: optionalText,
  end_user_origin_id: optionalText,
  end_user_organization_name: optionalText,
  end_user_email_address: optionalText,
  status: optionalText,
  webhook_listener_url: optionalText,
  is_duplicate: z.optional(z.nullable(z.boolean())),
  account_type: optionalText,
  completed_at: optionalText,
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
