import { MODEL_CATALOG } from './catalog-models';
import { DEFAULT_MODELS } from './catalog-overlay';
import type { ModelIdSpelling, ModelSpec } from './model-spec';
import type { Category, OrgCategory } from './types';

// Looking models up. A model is named by its key (`filestorage.File`) or by any `model_id` spelling
// Merge may send for it (`filestorage.FileStorageFile`, `accounting.Invoices`, `crm.CRMContact`), so
// callers can hand back what /sync-status returned.

export { MODEL_CATALOG } from './catalog-models';
export type { ModelIdSpelling, ModelSpec, OtherList, RelationSpec } from './model-spec';

/** The six categories the engine syncs. */
export const CATEGORIES: readonly Category[] = [
  'hris',
  'ats',
  'crm',
  'accounting',
  'ticketing',
  'filestorage',
];

/** Every category an organization's linked accounts can have (merge-api.md §1, linked-accounts filter). */
export const ORG_CATEGORIES: readonly OrgCategory[] = [...CATEGORIES, 'knowledgebase', 'chat', 'mktg'];

/** Integration shown for a freshly linked account of each category unless the test names one. */
export const DEFAULT_INTEGRATIONS: Record<OrgCategory, { name: string; slug: string; color: string }> = {
  hris: { name: 'BambooHR', slug: 'bamboohr', color: '#73C41D' },
  ats: { name: 'Greenhouse', slug: 'greenhouse', color: '#24A47F' },
  crm: { name: 'Salesforce', slug: 'salesforce', color: '#1798C1' },
  accounting: { name: 'QuickBooks Online', slug: 'quickbooks-online', color: '#2CA01C' },
  ticketing: { name: 'Jira', slug: 'jira', color: '#1F73E5' },
  filestorage: { name: 'Google Drive', slug: 'google-drive', color: '#1FA463' },
  knowledgebase: { name: 'Confluence', slug: 'confluence', color: '#1868DB' },
  chat: { name: 'Slack', slug: 'slack', color: '#4A154B' },
  mktg: { name: 'Mailchimp', slug: 'mailchimp', color: '#FFE01B' },
};

export function isCategory(value: string): value is OrgCategory {
  return (ORG_CATEGORIES as readonly string[]).includes(value);
}

const byName = new Map<string, ModelSpec>();
for (const spec of MODEL_CATALOG) {
  for (const name of [spec.modelId, spec.syncModelId, spec.syncModelIdVariant?.modelId]) {
    if (name !== undefined && !byName.has(name)) byName.set(name, spec);
  }
}

/** The model named by its key or any of its `model_id` spellings; throws when unknown. */
export function modelSpec(modelId: string): ModelSpec {
  const spec = byName.get(modelId);
  if (!spec) throw new Error(`Unknown model id ${JSON.stringify(modelId)}`);
  return spec;
}

/** The model's key (`filestorage.File`) for any of its names. */
export function modelKey(modelId: string): string {
  return modelSpec(modelId).modelId;
}

/** The `model_id` Merge sends for the model under the chosen reading of the uncertain spellings. */
export function wireModelId(spec: ModelSpec, spelling: ModelIdSpelling = {}): string {
  const variant = spec.syncModelIdVariant;
  if (!variant) return spec.syncModelId;
  const alternative = variant.option === 'accounting' ? 'singular' : 'prefixed';
  return spelling[variant.option] === alternative ? variant.modelId : spec.syncModelId;
}

export function modelsOf(category: OrgCategory): ModelSpec[] {
  return MODEL_CATALOG.filter((m) => m.category === category);
}

/** Models an account links with unless told otherwise (catalog-overlay.ts). */
export function defaultModelsOf(category: OrgCategory): ModelSpec[] {
  const keys = (DEFAULT_MODELS as Partial<Record<OrgCategory, string[]>>)[category];
  return keys ? keys.map(modelSpec) : modelsOf(category);
}
