import type { JsonObject, MergeRecord } from './types';

// Records a third party (or Merge) can hand over that an engine must survive (merge-api.md §12: store
// remote_data exactly as received; nothing bounds a record's size or depth). Opt-in: a test injects
// them with `injectBadRecord`; they are served in list pages, retrieves and changed-data webhooks.
//  - `deep`: a Common Model record one of whose fields nests 20,000 levels deep. Valid JSON that
//    JSON.parse reads but JSON.stringify (recursive) cannot write back, so it is kept as raw text.
//  - `huge`: a record over 400 KB (DynamoDB's item limit) in one field.
//  - `not-an-object`: an element of `results` that is not a Common Model object (a string by default).

export type BadRecordKind = 'deep' | 'huge' | 'not-an-object';

export interface BadRecordOptions {
  /** Field holding the nesting or the bulk (default `field_mappings`, which every model returns). */
  field?: string;
  /** Nesting levels of `deep` (default 20 000). */
  depth?: number;
  /** Size of the bulk of `huge` in bytes (default 410 000). */
  bytes?: number;
  /** JSON text served for `not-an-object` (default `"Varies by platform"`). */
  body?: string;
}

export const DEFAULT_DEPTH = 20_000;
export const DEFAULT_HUGE_BYTES = 410_000;

/** `{"a":{"a":…null…}}` nested `depth` objects deep, as text. */
export function deepJsonText(depth: number): string {
  return `${'{"a":'.repeat(depth)}null${'}'.repeat(depth)}`;
}

/** The raw text served for a `deep` or `not-an-object` record built from `record`. */
export function badRecordText(
  kind: 'deep' | 'not-an-object',
  record: MergeRecord,
  opts: BadRecordOptions,
): string {
  if (kind === 'not-an-object') {
    const body = opts.body ?? '"Varies by platform"';
    JSON.parse(body); // must be valid JSON: the page stays parseable, only the element is wrong
    return body;
  }
  const field = opts.field ?? 'field_mappings';
  const marker = `__simulator_deep_${record.id}__`;
  const { remote_data: _remote, ...rest } = record;
  const text = JSON.stringify({ ...rest, [field]: marker });
  return text.replace(JSON.stringify(marker), deepJsonText(opts.depth ?? DEFAULT_DEPTH));
}

/** Overrides that make a record bigger than `bytes` through one field. */
export function hugeOverrides(opts: BadRecordOptions): JsonObject {
  const field = opts.field ?? 'field_mappings';
  const bulk = 'Lorem ipsum dolor sit amet. '.repeat(Math.ceil((opts.bytes ?? DEFAULT_HUGE_BYTES) / 28));
  if (field === 'field_mappings') {
    return {
      field_mappings: { organization_defined_targets: {}, linked_account_defined_targets: { notes: bulk } },
    };
  }
  return { [field]: bulk };
}
