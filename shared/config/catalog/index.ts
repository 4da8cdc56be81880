import { ACCOUNTING_MODELS } from './accounting';
import { ATS_MODELS } from './ats';
import { CRM_MODELS } from './crm';
import { pluralOf } from './define';
import { FILESTORAGE_MODELS } from './filestorage';
import { HRIS_MODELS } from './hris';
import { TICKETING_MODELS } from './ticketing';
import type { ModelDefinition } from './types';
import { WEBHOOK_ONLY_MODELS } from './webhook-only';

export type { ModelDefinition, ModelWrites, NestedList, Relation, WriteAction } from './types';
export { WEBHOOK_ONLY_MODELS } from './webhook-only';

/** Every Common Model of the six categories that has a list endpoint (reference merge-common-models §2). */
export const MODEL_CATALOG: readonly ModelDefinition[] = [
  ...HRIS_MODELS,
  ...ATS_MODELS,
  ...CRM_MODELS,
  ...ACCOUNTING_MODELS,
  ...TICKETING_MODELS,
  ...FILESTORAGE_MODELS,
];

const byId = new Map(MODEL_CATALOG.map((m) => [m.modelId, m]));

export const findModel = (modelId: string): ModelDefinition | undefined => byId.get(modelId);

export const modelsOfCategory = (category: string): ModelDefinition[] =>
  MODEL_CATALOG.filter((m) => m.category === category);

/**
 * The ids a deployment may sync (every catalog model with a plain list: nested ones are listed only
 * per parent), of one category or of all: what an error about an unknown model id lists.
 */
export const syncableModelIds = (category?: string): string[] =>
  MODEL_CATALOG.filter((m) => !m.nested && (category === undefined || m.category === category)).map(
    (m) => m.modelId,
  );

/** The catalog id that `modelId` probably meant: same letters ignoring case, `-` and `_`. */
export function closestModelId(modelId: string): string | undefined {
  const squash = (id: string) => id.toLowerCase().replace(/[-_]/g, '');
  const wanted = squash(modelId);
  return MODEL_CATALOG.find((m) => squash(m.modelId) === wanted)?.modelId;
}

/** "unknown model hris.employee (did you mean hris.Employee?); valid ids: ..." without the prefix. */
export function unknownModelHint(modelId: string): string {
  const category = modelId.slice(0, modelId.indexOf('.'));
  const valid = syncableModelIds(category);
  const guess = closestModelId(modelId);
  return (
    (guess ? `did you mean ${guess}? ` : '') +
    (valid.length > 0
      ? `valid ${category} model ids: ${valid.join(', ')}`
      : `valid model ids: ${syncableModelIds().join(', ')}`)
  );
}

/**
 * Resolves the `{Model}` of a webhook event (`CRMContact.changed`) to a model id within the linked
 * account's category. Merge's prefixes are only partly documented, so known aliases are tried, then
 * the same names ignoring case.
 */
export function modelIdFromWebhookName(category: string, webhookModel: string): string | undefined {
  const models = modelsOfCategory(category);
  const exact = models.find((m) => m.webhookNames.includes(webhookModel));
  if (exact) return exact.modelId;
  const lower = webhookModel.toLowerCase();
  return models.find((m) => m.webhookNames.some((n) => n.toLowerCase() === lower))?.modelId;
}

/** A webhook `{Model}` Merge uses for objects without a list endpoint (no catalog model). */
export const isWebhookOnlyModel = (category: string, webhookModel: string): boolean =>
  (WEBHOOK_ONLY_MODELS[category as keyof typeof WEBHOOK_ONLY_MODELS] ?? []).includes(webhookModel);

/** Every name a model may go by, lower-cased, with plurals: what a `model_id` suffix or `model_name` may say. */
function namesOf(model: ModelDefinition): Set<string> {
  const names = [model.modelName, ...model.spellings, ...model.webhookNames];
  return new Set(names.flatMap((n) => [n, pluralOf(n)]).map((n) => n.toLowerCase()));
}
const namesById = new Map(MODEL_CATALOG.map((m) => [m.modelId, namesOf(m)]));

/**
 * Maps a /sync-status entry (or a `LinkedAccount.sync_completed` key) to our model id. Merge's
 * `model_id` is not always `<category>.<Common Model>` (`filestorage.FileStorageFile`,
 * `accounting.Invoices`, `ticketing.TicketingTeam`), so every known spelling is tried: the exact
 * id, then its name part against each model's names and plurals ignoring case, then `model_name`.
 * Returns undefined for a spelling no model has (the caller records it); never throws.
 */
export function resolveSyncStatusModel(
  category: string,
  entry: { modelId?: unknown; modelName?: unknown },
): string | undefined {
  const models = modelsOfCategory(category);
  const modelId = typeof entry.modelId === 'string' ? entry.modelId : '';
  const modelName = typeof entry.modelName === 'string' ? entry.modelName : '';
  const byName = (name: string) => {
    const lower = name.toLowerCase();
    return lower ? models.find((m) => namesById.get(m.modelId)?.has(lower))?.modelId : undefined;
  };
  return (
    models.find((m) => m.syncStatusIds.includes(modelId))?.modelId ??
    byName(modelId.slice(modelId.lastIndexOf('.') + 1)) ??
    models.find((m) => m.modelName === modelName)?.modelId ??
    byName(modelName)
  );
}
