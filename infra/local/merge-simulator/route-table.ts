import { ORG_CATEGORIES, modelsOf } from './catalog';
import type { ModelSpec } from './model-spec';
import type { OrgCategory } from './types';

// Where each model is listed and retrieved (merge-common-models §2): `GET {path}` and, where the
// reference says retrieve exists, `GET {path}/{id}`; nested lists with their parents' ids in the
// path (`jobs/{job_id}/screening-questions`, `custom-object-classes/{id}/custom-objects/{id}/
// associations`) and a model's further lists (`tickets/{ticket_id}/viewers`, `projects/{id}/users`).

/** A parent named in the path: the model whose list path precedes the placeholder, and the id given. */
export interface PathParent {
  modelId: string;
  id: string;
}

export type RecordRoute =
  | { kind: 'list'; spec: ModelSpec; parents: PathParent[]; modifiedAfter: boolean }
  | { kind: 'retrieve'; spec: ModelSpec; parents: PathParent[]; id: string };

interface Pattern {
  segments: string[];
  spec: ModelSpec;
  kind: 'list' | 'retrieve';
  modifiedAfter: boolean;
  /** For each placeholder of `segments`, the parent model it names (null: the record's own id). */
  placeholders: (string | null)[];
}

const isPlaceholder = (segment: string): boolean => segment.startsWith('{') && segment.endsWith('}');
const shape = (segments: readonly string[]): string =>
  segments.map((s) => (isPlaceholder(s) ? '{}' : s)).join('/');

function patternsOf(category: OrgCategory): Pattern[] {
  const specs = modelsOf(category);
  const byShape = new Map(specs.map((s) => [shape(s.path.split('/')), s.modelId]));
  const build = (spec: ModelSpec, template: string, kind: Pattern['kind'], modifiedAfter: boolean) => {
    const segments = template.split('/');
    const placeholders = segments.flatMap((segment, i) => {
      if (!isPlaceholder(segment)) return [];
      if (kind === 'retrieve' && i === segments.length - 1) return [null];
      const parent = byShape.get(shape(segments.slice(0, i)));
      if (!parent) throw new Error(`No model is listed at ${segments.slice(0, i).join('/')} (${template})`);
      return [parent];
    });
    return { segments, spec, kind, modifiedAfter, placeholders };
  };
  return specs.flatMap((spec) => [
    build(spec, spec.path, 'list', spec.modifiedAfter),
    ...spec.otherLists.map((l) => build(spec, l.path, 'list', l.modifiedAfter)),
    ...(spec.retrieve ? [build(spec, `${spec.path}/{id}`, 'retrieve', spec.modifiedAfter)] : []),
  ]);
}

const PATTERNS = new Map(ORG_CATEGORIES.map((c) => [c, patternsOf(c)]));

function match(pattern: Pattern, parts: readonly string[]): RecordRoute | null {
  if (pattern.segments.length !== parts.length) return null;
  const values: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const segment = pattern.segments[i] ?? '';
    const part = parts[i] ?? '';
    if (part === '') return null;
    if (isPlaceholder(segment)) values.push(decodeURIComponent(part));
    else if (segment !== part) return null;
  }
  const parents = pattern.placeholders.flatMap((modelId, i) =>
    modelId === null ? [] : [{ modelId, id: values[i] ?? '' }],
  );
  if (pattern.kind === 'list') {
    return { kind: 'list', spec: pattern.spec, parents, modifiedAfter: pattern.modifiedAfter };
  }
  return { kind: 'retrieve', spec: pattern.spec, parents, id: values[values.length - 1] ?? '' };
}

/** The record route a path below `/api/{category}/v1/` names, or null. */
export function matchRecordRoute(category: OrgCategory, rest: string): RecordRoute | null {
  const parts = rest.split('/');
  for (const pattern of PATTERNS.get(category) ?? []) {
    const route = match(pattern, parts);
    if (route) return route;
  }
  return null;
}
