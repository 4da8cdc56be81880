import type { JsonObject } from './types';

// "Send test POST request" from Merge's dashboard (merge-api.md §6, §12 "Dashboard test deliveries"):
// the docs say it sends a sample payload, its exact shape is unconfirmed, and it must never create or
// change an account. Both readings are offered, signed like any webhook:
//  - `ping`: the connectivity ping SKILLS describes, `{"response": "Success! This URL will be notified."}`.
//  - `sample`: a sample-looking envelope built from the documented example values (ids of the
//    reconstructed LinkedAccount.linked example in §6a, the WIRE example account token), naming no
//    real account.

export type TestDeliveryKind = 'ping' | 'sample';

export const TEST_PING: JsonObject = { response: 'Success! This URL will be notified.' };

/** Documented example values: hook and linked-account ids of §6a, account token of WIRE accountToken. */
export const SAMPLE_IDS = {
  hookId: 'e8affe31-8ae0-4b37-8c50-d86303094dc4',
  linkedAccountId: '4ac10f37-c656-4e9a-89a1-1b04f9e9a343',
  accountToken: 'T9klMDQrcHdm9jrtHuOS2Nf06BIHwMNjpPXPMB',
} as const;

export function sampleLinkedEvent(target: string): JsonObject {
  return {
    hook: { id: SAMPLE_IDS.hookId, event: 'LinkedAccount.linked', target },
    linked_account: {
      id: SAMPLE_IDS.linkedAccountId,
      integration: 'BambooHR',
      integration_slug: 'bamboohr',
      category: 'hris',
      end_user_origin_id: 'org_123_hris',
      end_user_organization_name: 'Acme Corp',
      end_user_email_address: 'customer@example.com',
      status: 'COMPLETE',
      webhook_listener_url: 'https://api.merge.dev/api/integrations/webhook-listener/<token>',
      is_duplicate: null,
      account_type: 'PRODUCTION',
      completed_at: '2025-11-26T23:54:25.835905Z',
    },
    data: { account_token: SAMPLE_IDS.accountToken, is_relink: false },
  };
}
