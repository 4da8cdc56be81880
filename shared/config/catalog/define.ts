import type { Category } from '../../merge/types';
import type { ModelDefinition, Relation, WriteAction } from './types';

/** An `expand` target written in the data files: `'Employee'`, `'Employment[]'`, or a helper below. */
type RelationSpec = string | { target: string; listed: boolean; unconfirmed?: true; note?: string };

/** How the per-category data files describe one model; `defineModels` fills in the rest. */
export interface ModelSpec {
  /** List path below `/api/{category}/v1/` (a template for nested models). */
  path: string;
  /** `expand` value → target name in the same category (`Name[]` for a list). */
  expand?: Record<string, RelationSpec>;
  /** Only for the reference's **N** rows: the list takes no `modified_after`. */
  modifiedAfter?: false;
  /** Only for the models §2.0 names as having no `GET <path>/{id}`. */
  retrieve?: false;
  /** For a `path` with a parent's id: the parent's name and why no plain list syncs it. */
  nested?: { parent: string; reason: string };
  otherLists?: { parent: string; path: string; modifiedAfter: boolean }[];
  writes?: { post?: string; patch?: string; remoteUserId?: true; actions?: WriteAction[] };
  /** The §5.2 webhook `{Model}` when it differs from the Common Model name. */
  webhook?: string;
  /** §5.2 marks the model's webhook name unknown (or does not list it). */
  webhookUnknown?: true;
  spellings?: string[];
  sensitiveFields?: string[];
  personalIdentifiers?: string[];
}

/** A sub-object that exists only inside its parent (no list endpoint of its own). */
export const inline = (target: string, note?: string): RelationSpec => ({
  target,
  listed: false,
  ...(note ? { note } : {}),
});

/** In the expand enum, but the SDK types the field as UUIDs (reference §2.7: uncertain). */
export const uuidTyped = (target: string): RelationSpec => ({ target, listed: true, unconfirmed: true });

export const ignoreAction = (path: string): WriteAction => ({
  kind: 'ignore',
  method: 'POST',
  path: `${path}/ignore/{model_id}`,
});
export const bulkAction = (path: string): WriteAction => ({
  kind: 'bulk',
  method: 'POST',
  path: `${path}/bulk`,
});
export const applyCreditAction = (path: string): WriteAction => ({
  kind: 'apply-credit',
  method: 'POST',
  path: `${path}/{id}/application`,
});

/**
 * The prefix some categories put before internal/webhook model names (`CRMContact`,
 * `FileStorageFile`). Where the reference gives the plain name, the prefixed one is accepted too.
 */
const INTERNAL_PREFIX: Partial<Record<Category, string>> = {
  crm: 'CRM',
  accounting: 'Accounting',
  ticketing: 'Ticketing',
  filestorage: 'FileStorage',
};

/** English plural of a PascalCase name, the way Merge's `accounting.Invoices` is formed. */
export function pluralOf(name: string): string {
  if (/[^aeiou]y$/i.test(name)) return `${name.slice(0, -1)}ies`;
  if (/(s|x|ch|sh)$/i.test(name)) return `${name}es`;
  return `${name}s`;
}

const unique = (values: string[]): string[] => [...new Set(values)];

function toRelation(category: Category, field: string, spec: RelationSpec): Relation {
  const { target, listed, unconfirmed, note } =
    typeof spec === 'string' ? { target: spec, listed: true } : spec;
  const many = target.endsWith('[]');
  const name = many ? target.slice(0, -2) : target;
  return {
    field,
    target: `${category}.${name}`,
    listed,
    many,
    ...(unconfirmed ? { unconfirmed } : {}),
    ...(note ? { note } : {}),
  };
}

/** Builds the catalog entries of one category from its data file. */
export function defineModels(category: Category, specs: Record<string, ModelSpec>): ModelDefinition[] {
  const prefix = INTERNAL_PREFIX[category];
  return Object.entries(specs).map(([name, spec]) => {
    const spellings = spec.spellings ?? [];
    const prefixed = prefix && !name.startsWith(prefix) ? [`${prefix}${name}`] : [];
    const webhookNames = unique([spec.webhook ?? name, name, ...prefixed, ...spellings]);
    const expandable = Object.entries(spec.expand ?? {}).map(([field, s]) => toRelation(category, field, s));
    const writes = spec.writes ?? {};
    return {
      modelId: `${category}.${name}`,
      category,
      path: spec.path,
      modelName: name,
      spellings,
      syncStatusIds: unique(webhookNames.flatMap((n) => [`${category}.${n}`, `${category}.${pluralOf(n)}`])),
      webhookNames,
      webhookNameKnown: !spec.webhookUnknown,
      relations: Object.fromEntries(expandable.filter((r) => r.listed).map((r) => [r.field, r.target])),
      expandable,
      modifiedAfter: spec.modifiedAfter ?? true,
      includeDeletedData: true,
      retrieve: spec.retrieve ?? true,
      ...(spec.nested
        ? { nested: { parent: `${category}.${spec.nested.parent}`, reason: spec.nested.reason } }
        : {}),
      otherLists: (spec.otherLists ?? []).map((l) => ({ ...l, parent: `${category}.${l.parent}` })),
      sensitiveFields: spec.sensitiveFields ?? [],
      personalIdentifiers: spec.personalIdentifiers ?? [],
      writes: {
        ...(writes.post ? { post: writes.post } : {}),
        ...(writes.patch ? { patch: writes.patch } : {}),
        meta: [...(writes.post ? (['post'] as const) : []), ...(writes.patch ? (['patch'] as const) : [])],
        requiresRemoteUserId: writes.remoteUserId ?? false,
        actions: writes.actions ?? [],
      },
    };
  });
}
