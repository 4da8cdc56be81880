import { MODEL_CATALOG, findModel } from '../../shared/config/catalog';
import type { ModelDefinition } from '../../shared/config/catalog';
import type { MergeRecord, SimAccount } from '../../infra/local/merge-simulator';
import { allPages } from './helpers';
import type { Harness, Json } from './helpers';

// What the catalog-wide simulator tests share: one account per category with every model seeded,
// and where each model's records are listed (plain lists, and nested lists under every parent).

export const SYNCED_CATEGORIES = ['hris', 'ats', 'crm', 'accounting', 'ticketing', 'filestorage'] as const;
export type SyncedCategory = (typeof SYNCED_CATEGORIES)[number];

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export const catalogModel = (modelId: string): ModelDefinition => {
  const model = findModel(modelId);
  if (!model) throw new Error(`not in the catalog: ${modelId}`);
  return model;
};

export const plainModels = (): string[] => MODEL_CATALOG.filter((m) => !m.nested).map((m) => m.modelId);
export const nestedModels = (): string[] => MODEL_CATALOG.filter((m) => m.nested).map((m) => m.modelId);

/** One account per category, linked with `seed: 'all-models'`. */
export function seedEveryCategory(h: Harness, perModel = 3): Record<SyncedCategory, SimAccount> {
  const out = {} as Record<SyncedCategory, SimAccount>;
  for (const category of SYNCED_CATEGORIES) {
    out[category] = h.sim.linkAccount({ category, seed: 'all-models', seedPerModel: perModel });
  }
  return out;
}

export function accountOf(accounts: Record<SyncedCategory, SimAccount>, modelId: string): SimAccount {
  return accounts[catalogModel(modelId).category as SyncedCategory];
}

/** Every record of a list, following `next`. */
export async function listAll(h: Harness, account: SimAccount, path: string): Promise<Json[]> {
  return (await allPages(h, account, path)).flatMap((p) => p.results);
}

/**
 * The concrete paths of a path template under one parent record. Every template names one parent,
 * except associations, whose path names the custom object's class and then the object.
 */
export function fillTemplate(template: string, parent: MergeRecord): string {
  const ids =
    (template.match(/\{[^}]+\}/g) ?? []).length === 2 ? [parent.object_class, parent.id] : [parent.id];
  let i = 0;
  return template.replace(/\{[^}]+\}/g, () => encodeURIComponent(String(ids[i++])));
}

/** Each list of a model under its parents: the nested path and the model's other lists, per parent record. */
export function listsUnderParents(
  h: Harness,
  account: SimAccount,
  model: ModelDefinition,
): { path: string; parentModel: string; parent: MergeRecord }[] {
  const lists = [
    ...(model.nested ? [{ parent: model.nested.parent, path: model.path }] : []),
    ...model.otherLists.map((l) => ({ parent: l.parent, path: l.path })),
  ];
  return lists.flatMap((l) =>
    h.sim.records(account.id, l.parent, { includeDeleted: true }).map((parent) => ({
      path: `/${model.category}/v1/${fillTemplate(l.path, parent)}`,
      parentModel: l.parent,
      parent,
    })),
  );
}

/** A record as an unexpanded list serves it by default: the ground truth without remote_data/remote_fields. */
export function asListed(record: MergeRecord): Json {
  const { remote_data: _data, remote_fields: _fields, ...rest } = record;
  return rest;
}
