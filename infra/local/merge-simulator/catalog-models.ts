import { MODEL_CATALOG as PRODUCT_CATALOG } from '../../../shared/config/catalog';
import type { ModelDefinition } from '../../../shared/config/catalog';
import { pluralOf } from '../../../shared/config/catalog/define';
import { COLLAPSED_INLINE, ENUM_ORIGIN_FIELDS, OVERLAY, REMOTE_FIELDS_MODELS } from './catalog-overlay';
import type { ModelSpec } from './model-spec';

// The Common Models the simulator serves, as data. Paths, relations, filters, nesting and webhook
// names come from the product's catalog (shared/config/catalog, checked against merge-common-models
// §2 and §5.2), so the simulator and the engine cannot disagree on them; catalog-overlay.ts adds what
// only the simulator needs. `syncModelId` spells model ids as Merge's examples do (§1.1): the
// internal (webhook) name, `crm.<Model>` by default in CRM, plural in accounting.

function wireSpelling(def: ModelDefinition): Pick<ModelSpec, 'syncModelId' | 'syncModelIdVariant'> {
  const internal = def.webhookNames[0] ?? def.modelName;
  if (def.category === 'accounting') {
    return {
      syncModelId: `accounting.${pluralOf(internal)}`,
      syncModelIdVariant: { option: 'accounting', modelId: `accounting.${internal}` },
    };
  }
  if (def.category === 'crm' && internal !== def.modelName) {
    return {
      syncModelId: `crm.${def.modelName}`,
      syncModelIdVariant: { option: 'crm', modelId: `crm.${internal}` },
    };
  }
  return { syncModelId: `${def.category}.${internal}` };
}

/** The third party's path for remote_data: the last literal segment of the list path. */
function remotePath(path: string): string {
  const literal = path.split('/').filter((s) => !s.startsWith('{'));
  return `/${literal[literal.length - 1] ?? path}`;
}

function fromDefinition(def: ModelDefinition): ModelSpec {
  const overlay = OVERLAY[def.modelId] ?? {};
  const enumOrigins: Record<string, Record<string, string>> = {};
  for (const field of ENUM_ORIGIN_FIELDS[def.modelId] ?? []) enumOrigins[field] = {};
  Object.assign(enumOrigins, overlay.enumOrigins ?? {});
  return {
    modelId: def.modelId,
    category: def.category,
    modelName: def.modelName,
    ...wireSpelling(def),
    path: def.path,
    webhookName: def.webhookNames[0] ?? def.modelName,
    fixture: overlay.fixture ?? null,
    remoteDataPath: overlay.remoteDataPath ?? remotePath(def.path),
    relations: def.expandable.map((r) => ({
      field: r.field,
      target: r.target,
      many: r.many,
      listed: r.listed,
      collapsed: COLLAPSED_INLINE.has(`${def.modelId}.${r.field}`),
    })),
    syncedFields: overlay.syncedFields ?? [],
    enumOrigins,
    hasRemoteFields: REMOTE_FIELDS_MODELS.has(def.modelId),
    modifiedAfter: def.modifiedAfter,
    retrieve: def.retrieve,
    nested: def.nested !== undefined,
    listParents: [...(def.nested ? [def.nested.parent] : []), ...def.otherLists.map((l) => l.parent)],
    otherLists: def.otherLists.map((l) => ({ path: l.path, modifiedAfter: l.modifiedAfter })),
  };
}

/**
 * Categories a deployment may not sync, whose accounts still exist in the organization and whose
 * webhooks still arrive (merge-api.md §12 "Webhooks are organization-wide"). One model each; the model
 * names, `model_id` spellings and paths are UNCONFIRMED (webhook names from merge-common-models §5.2
 * where it lists them: KnowledgeBaseArticle, MKTGCampaign).
 */
function other(
  spec: Pick<
    ModelSpec,
    'modelId' | 'category' | 'modelName' | 'syncModelId' | 'path' | 'webhookName' | 'remoteDataPath'
  >,
): ModelSpec {
  return {
    ...spec,
    fixture: null,
    relations: [],
    syncedFields: ['name'],
    enumOrigins: {},
    hasRemoteFields: false,
    modifiedAfter: true,
    retrieve: true,
    nested: false,
    listParents: [],
    otherLists: [],
  };
}

const OTHER: ModelSpec[] = [
  other({
    modelId: 'knowledgebase.Article',
    category: 'knowledgebase',
    modelName: 'Article',
    syncModelId: 'knowledgebase.KnowledgeBaseArticle',
    path: 'articles',
    webhookName: 'KnowledgeBaseArticle',
    remoteDataPath: '/wiki/pages',
  }),
  other({
    modelId: 'chat.Message',
    category: 'chat',
    modelName: 'Message',
    syncModelId: 'chat.Message',
    path: 'messages',
    webhookName: 'Message',
    remoteDataPath: '/conversations.history',
  }),
  other({
    modelId: 'mktg.Campaign',
    category: 'mktg',
    modelName: 'Campaign',
    syncModelId: 'mktg.MKTGCampaign',
    path: 'campaigns',
    webhookName: 'MKTGCampaign',
    remoteDataPath: '/campaigns',
  }),
];

/** Every Common Model of the six categories (the product's catalog), then the other categories' one model. */
export const MODEL_CATALOG: readonly ModelSpec[] = [...PRODUCT_CATALOG.map(fromDefinition), ...OTHER];
