import { DEFAULT_SYNC_CONFIG } from '../../shared/config/default-sync-config';
import type { SyncConfigInput } from '../../shared/config/sync-config-schema';

/**
 * Entries of the default config, by id, at their default tiers: the explicit, smaller config of a
 * test that needs only these (each model an account syncs is one more fetch on every sync), as
 * `syncConfigOverrides: { models: defaultModels('crm.Lead', 'crm.Contact') }`.
 */
export function defaultModels(...modelIds: string[]): SyncConfigInput['models'] {
  return modelIds.map((modelId) => {
    const entry = DEFAULT_SYNC_CONFIG.models.find((m) => m.modelId === modelId);
    if (!entry) throw new Error(`${modelId} is not in the default config`);
    return entry;
  });
}

/** The models of the tests that link accounts of the three people-centred categories. */
export const HRIS_ATS_CRM_MODELS = [
  'hris.Employee',
  'hris.Employment',
  'ats.Candidate',
  'ats.Application',
  'crm.Lead',
  'crm.Contact',
] as const;
