import { DEFAULT_INTEGRATIONS, modelSpec, modelsOf } from './catalog';
import type { ModelSpec } from './model-spec';
import type { RenderOptions } from './query';
import type { SimStore } from './store/data';
import type { JsonObject, JsonValue, LinkedAccountPayload, MergeRecord, SimAccount } from './types';

// How stored records and accounts look on the wire.

/**
 * A record as an API response carries it: `remote_data` only with include_remote_data (reference section 4),
 * `remote_fields` only with include_remote_fields, expanded relations replaced by the nested records
 * (an id whose record does not exist stays an id), and requested enums shown with their third-party value.
 * The result shares nested objects with the store: serialise it or cloneJson it, never mutate it.
 */
export function renderRecord(
  store: SimStore,
  accountId: string,
  spec: ModelSpec,
  record: MergeRecord,
  opts: RenderOptions,
): MergeRecord {
  const out = strip(record, spec, opts);
  for (const relation of opts.expand) {
    const targetSpec = modelSpec(relation.target);
    const table = store.table(accountId, relation.target);
    const expandOne = (value: JsonValue): JsonValue => {
      if (typeof value !== 'string') return value;
      const row = table.get(value);
      return row ? strip(row.record, targetSpec, { ...opts, expand: [], enumOrigins: [] }) : value;
    };
    const value = out[relation.field];
    if (value === undefined) continue;
    out[relation.field] = relation.many && Array.isArray(value) ? value.map(expandOne) : expandOne(value);
  }
  for (const field of opts.enumOrigins) {
    const value = out[field];
    const original = typeof value === 'string' ? spec.enumOrigins[field]?.[value] : undefined;
    if (original !== undefined) out[field] = original;
  }
  return out;
}

/** A shallow copy: callers only replace top-level fields, and responses are serialised right away. */
function strip(record: MergeRecord, spec: ModelSpec, opts: RenderOptions): MergeRecord {
  const out = { ...record };
  if (!opts.includeRemoteData) delete out.remote_data;
  if (spec.hasRemoteFields && !opts.includeRemoteFields) delete out.remote_fields;
  return out;
}

/**
 * GET account-details, and `linked_account` in webhooks (same fields in Merge's samples). Pass the
 * account as Merge reports it (SimStore.view), so a paused account shows IDLE.
 */
export function accountDetails(account: SimAccount): LinkedAccountPayload {
  return {
    id: account.id,
    integration: account.integration,
    integration_slug: account.integrationSlug,
    category: account.category,
    end_user_origin_id: account.endUserOriginId,
    end_user_organization_name: account.endUserOrganizationName,
    end_user_email_address: account.endUserEmailAddress,
    status: account.status,
    webhook_listener_url: account.webhookListenerUrl,
    is_duplicate: account.isDuplicate,
    account_type: account.accountType,
    completed_at: account.completedAt,
  };
}

/** One item of GET linked-accounts (OAS `AccountDetailsAndActions`). */
export function linkedAccountItem(account: SimAccount): JsonObject {
  const integration = DEFAULT_INTEGRATIONS[account.category];
  return {
    id: account.id,
    category: account.category,
    status: account.status,
    status_detail: account.statusDetail,
    end_user_origin_id: account.endUserOriginId,
    end_user_organization_name: account.endUserOrganizationName,
    end_user_email_address: account.endUserEmailAddress,
    subdomain: null,
    webhook_listener_url: account.webhookListenerUrl,
    is_duplicate: account.isDuplicate,
    integration: {
      name: account.integration,
      categories: [account.category],
      color: integration.color,
      slug: account.integrationSlug,
      passthrough_available: true,
      available_model_operations: modelsOf(account.category).map((m) => ({
        model_name: m.modelName,
        available_operations: ['FETCH'],
        required_post_parameters: [],
        supported_fields: m.syncedFields,
      })),
    },
    account_type: account.accountType,
    completed_at: account.completedAt,
    integration_specific_fields: {},
  };
}
