import { DEFAULT_INTEGRATIONS, modelSpec, modelsOf } from './catalog';
import type { ModelSpec } from './model-spec';
import type { RenderOptions } from './query';
import { syncedFieldsOf } from './record-factory';
import type { SimStore } from './store/data';
import { inlineObjects } from './store/inline';
import type { StoredRow } from './store/records';
import type { JsonObject, JsonValue, LinkedAccountPayload, MergeRecord, SimAccount } from './types';

// How stored records and accounts look on the wire.

/**
 * A record as an API response carries it: `remote_data` only with include_remote_data (reference section 4),
 * `remote_fields` only with include_remote_fields, expanded relations replaced by the nested records
 * (an id whose record does not exist stays an id), collapsed inline sub-objects as ids unless
 * expanded, and requested enums shown with their third-party value. The result shares nested
 * objects with the store: serialise it or cloneJson it, never mutate it.
 */
export function renderRecord(
  store: SimStore,
  accountId: string,
  spec: ModelSpec,
  row: StoredRow,
  opts: RenderOptions,
): MergeRecord {
  const out = strip(row.record, spec, opts);
  // `answers.question` expands inside the answers, so it comes after `answers` itself.
  const ordered = [...opts.expand].sort(
    (a, b) => Number(a.field.includes('.')) - Number(b.field.includes('.')),
  );
  for (const relation of ordered) {
    const [base = relation.field, sub] = relation.field.split('.');
    const value = out[base];
    if (value === undefined) continue;
    if (sub !== undefined) {
      const objects = spec.relations.find((r) => r.field === base)?.collapsed
        ? inlineObjects(row, base)
        : value;
      if (!Array.isArray(objects)) continue;
      const expand = expander(store, accountId, relation.target, opts);
      out[base] = objects.map((o) => (isObject(o) && sub in o ? { ...o, [sub]: expand(o[sub] ?? null) } : o));
    } else if (!relation.listed) {
      // Inline sub-objects are objects already; collapsed ones come back from the row.
      if (relation.collapsed) out[base] = inlineObjects(row, base);
    } else {
      const expand = expander(store, accountId, relation.target, opts);
      out[base] = relation.many && Array.isArray(value) ? value.map(expand) : expand(value);
    }
  }
  for (const field of opts.enumOrigins) {
    const value = out[field];
    if (typeof value === 'string') out[field] = enumOrigin(spec.enumOrigins[field] ?? {}, value);
  }
  return out;
}

const isObject = (v: JsonValue): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Replaces an id with its record of `target` in the account, unexpanded (an unknown id stays). */
function expander(
  store: SimStore,
  accountId: string,
  target: string,
  opts: RenderOptions,
): (value: JsonValue) => JsonValue {
  const table = store.table(accountId, target);
  const targetSpec = modelSpec(target);
  const plain: RenderOptions = { ...opts, expand: [], enumOrigins: [] };
  return (value) => {
    if (typeof value !== 'string') return value;
    const row = table.get(value);
    return row ? strip(row.record, targetSpec, plain) : value;
  };
}

/** The third party's value: the model's own table, or the value in title case (`Accounts Payable`). */
function enumOrigin(origins: Record<string, string>, value: string): string {
  if (Object.keys(origins).length > 0) return origins[value] ?? value;
  if (value.length <= 3) return value;
  const words = value.toLowerCase().split('_');
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
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
        supported_fields: syncedFieldsOf(m.modelId),
      })),
    },
    account_type: account.accountType,
    completed_at: account.completedAt,
    integration_specific_fields: {},
  };
}
