import {
  MODEL_CATALOG,
  WEBHOOK_ONLY_MODELS,
  findModel,
  modelIdFromWebhookName,
  modelsOfCategory,
  type ModelDefinition,
} from '../../../shared/config/model-catalog';
import {
  CATEGORY_WORDS,
  categoryOfHeading,
  codeSpans,
  parseExpand,
  parseMeta,
  parseWrites,
  readReferenceTables,
  splitTopLevel,
} from './support/reference-tables';

const tables = readReferenceTables();

/** The catalog model a reference table names (`Eeoc` is our `ats.EEOC`). */
const modelNamed = (category: string, name: string): ModelDefinition | undefined =>
  modelsOfCategory(category).find((m) => m.modelName === name || m.spellings.includes(name));
const idOf = (category: string, name: string) => modelNamed(category, name)?.modelId ?? `${category}.${name}`;

/**
 * Writes the reference documents outside the §2.3 Writes column (§2.7 CRM notes, §3.3): custom
 * objects and association types are created under their class, associations with a PUT.
 */
const WRITES_OUTSIDE_THE_TABLE: Record<string, { writes: string[]; meta: string[] }> = {
  'crm.CustomObject': {
    writes: ['POST custom-object-classes/{custom_object_class_id}/custom-objects'],
    meta: ['post'],
  },
  'crm.AssociationType': {
    writes: ['POST custom-object-classes/{custom_object_class_id}/association-types'],
    meta: ['post'],
  },
  'crm.Association': {
    writes: [
      'PUT custom-object-classes/{source_class_id}/custom-objects/{source_object_id}/associations/{target_class_id}/{target_object_id}/{association_type_id}',
    ],
    meta: [],
  },
};

/** What a §2 row says, in a shape the catalog entry is turned into too, so a diff reads well. */
interface ListSummary {
  path: string;
  modifiedAfter: boolean;
  includeDeletedData: boolean;
  expand: string[];
  writes: string[];
  meta: string[];
}

const sorted = (values: string[]) => [...values].sort();

function referenceSummary(category: string, row: Record<string, string>, modelId: string): ListSummary {
  const extra = WRITES_OUTSIDE_THE_TABLE[modelId];
  return {
    path: codeSpans(row['List path']!)[0]!,
    modifiedAfter: row.mod_after === 'Y',
    includeDeletedData: row.incl_deleted === 'Y',
    expand: sorted(
      parseExpand(row['`expand` → target']!).map((r) => {
        if (!r.target) return `${r.field}→(UUID-typed)`;
        const id = idOf(category, r.target);
        return `${r.field}→${id}${r.many ? '[]' : ''}${findModel(id) ? '' : ' (inline)'}`;
      }),
    ),
    writes: sorted([...parseWrites(row.Writes!), ...(extra?.writes ?? [])]),
    meta: sorted([...parseMeta(row.meta!), ...(extra?.meta ?? [])]),
  };
}

function catalogSummary(model: ModelDefinition, path: string): ListSummary {
  const other = model.otherLists.find((l) => l.path === path);
  const { writes } = model;
  return {
    path: other ? other.path : model.path,
    modifiedAfter: other ? other.modifiedAfter : model.modifiedAfter,
    includeDeletedData: model.includeDeletedData,
    expand: sorted(
      model.expandable.map((r) => {
        if (r.unconfirmed) return `${r.field}→(UUID-typed)`;
        return `${r.field}→${r.target}${r.many ? '[]' : ''}${r.listed ? '' : ' (inline)'}`;
      }),
    ),
    // The further lists of a model are read-only views of it.
    writes: other
      ? []
      : sorted([
          ...(writes.post ? [`POST ${writes.post}`] : []),
          ...(writes.patch ? [`PATCH ${writes.patch}`] : []),
          ...writes.actions.map((a) => `${a.method} ${a.path}`),
        ]),
    meta: other ? [] : sorted([...writes.meta]),
  };
}

const listRows = tables.flatMap((table) => {
  const category = categoryOfHeading(table.heading);
  if (!category || !('List path' in (table.rows[0] ?? {}))) return [];
  return table.rows.map((row) => ({ category, name: /^\w+/.exec(row.Model!)![0], row }));
});

describe('the model catalog matches the reference tables (test/fixtures/reference)', () => {
  it('reads every §2 table: about 95 rows in six categories', () => {
    expect(new Set(listRows.map((r) => r.category))).toEqual(
      new Set(['hris', 'ats', 'crm', 'accounting', 'ticketing', 'filestorage']),
    );
    expect(listRows.length).toBeGreaterThan(90);
  });

  it.each(listRows.map((r) => [`${r.category} ${r.name}`, codeSpans(r.row['List path']!)[0], r] as const))(
    '%s (%s): same path, expand targets, modified_after, writes and meta',
    (_label, path, { category, name, row }) => {
      const model = modelNamed(category, name);
      expect(model?.category).toBe(category);
      const expected = referenceSummary(category, row, model!.modelId);
      expect(catalogSummary(model!, path!)).toEqual(expected);
    },
  );

  it('has no model or list the reference does not have', () => {
    const referenced = new Set(
      listRows.map((r) => `${idOf(r.category, r.name)} ${codeSpans(r.row['List path']!)[0]}`),
    );
    const catalogued = MODEL_CATALOG.flatMap((m) =>
      [m.path, ...m.otherLists.map((l) => l.path)].map((p) => `${m.modelId} ${p}`),
    );
    expect(sorted(catalogued)).toEqual(sorted([...referenced]));
  });
});

const webhookRows = tables
  .filter((t) => t.heading.startsWith('5.2'))
  .flatMap((t) => t.rows)
  .map((row) => ({ category: CATEGORY_WORDS[row.Category!]!, row }));

/** The catalog models a §5.2 row names (none for a row of objects without a list endpoint). */
const modelNamesOf = (category: string, row: Record<string, string>): string[] =>
  splitTopLevel(row['Common Model (API)']!.replace(/\([^)]*\)/g, '').trim()).filter((n) =>
    modelNamed(category, n),
  );

describe('webhook model names match the reference §5.2 table', () => {
  it.each(webhookRows.map((r) => [r.row.Category, r.row['Common Model (API)'], r] as const))(
    '%s %s',
    (_category, _models, { category, row }) => {
      const webhookCell = row['Webhook `{Model}`']!;
      const named = codeSpans(webhookCell);
      const names = modelNamesOf(category, row);
      if (names.length === 0) {
        // Objects without a list endpoint: known as webhook-only, never taken for a catalog model.
        expect(named.length).toBeGreaterThan(0);
        for (const webhook of named) {
          expect(WEBHOOK_ONLY_MODELS[category as keyof typeof WEBHOOK_ONLY_MODELS]).toContain(webhook);
          expect(modelIdFromWebhookName(category, webhook)).toBeUndefined();
        }
        return;
      }
      expect(names).toEqual(splitTopLevel(row['Common Model (API)']!.replace(/\([^)]*\)/g, '').trim()));
      names.forEach((name, i) => {
        const model = modelNamed(category, name)!;
        const unknown = webhookCell.includes('**unknown**');
        const expected = unknown || named.length === 0 ? model.modelName : named[names.length === 1 ? 0 : i]!;
        expect({ model: model.modelId, known: model.webhookNameKnown, first: model.webhookNames[0] }).toEqual(
          {
            model: model.modelId,
            known: !unknown,
            first: expected,
          },
        );
        expect(modelIdFromWebhookName(category, expected)).toBe(model.modelId);
      });
    },
  );

  it('names every catalog model in some row', () => {
    const covered = webhookRows.flatMap(({ category, row }) =>
      modelNamesOf(category, row).map((n) => modelNamed(category, n)!.modelId),
    );
    expect(sorted(covered)).toEqual(sorted(MODEL_CATALOG.map((m) => m.modelId)));
  });
});

describe('the reference §1.1 model_id examples resolve', () => {
  const rows = tables.find((t) => t.heading.startsWith('1.1'))!.rows;
  it.each(rows.map((row) => [row['`model_id`'], row] as const))('%s', (_ids, row) => {
    const category = row.Category!;
    const ids = codeSpans(row['`model_id`']!);
    const names = row['`model_name`']!.startsWith('(') ? [] : row['`model_name`']!.split(', ');
    ids.forEach((modelId, i) => {
      const model = modelsOfCategory(category).find((m) => m.syncStatusIds.includes(modelId));
      expect(model?.modelId).toBeDefined();
      if (names.length > 0) expect(model?.modelName).toBe(names[names.length === 1 ? 0 : i]);
    });
  });
});
