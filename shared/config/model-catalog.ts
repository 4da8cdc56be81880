/**
 * The Common Models this product knows how to sync. The data lives in ./catalog/ (one file per
 * category); this module keeps the original import path.
 */
export {
  MODEL_CATALOG,
  WEBHOOK_ONLY_MODELS,
  closestModelId,
  findModel,
  isWebhookOnlyModel,
  modelIdFromWebhookName,
  modelsOfCategory,
  resolveSyncStatusModel,
  syncableModelIds,
  unknownModelHint,
} from './catalog';
export type { ModelDefinition, ModelWrites, NestedList, Relation, WriteAction } from './catalog';
