/**
 * Merge's `warnings` and `errors` (merge-common-models §3.0: `{source?: {pointer}, title, detail,
 * problem_type}`) read from a write's answer, or from the body of a refusal. Bounded, so a chatty
 * answer cannot outgrow the write's item or an event; other shapes (`{"detail": "..."}`, Django
 * REST's own errors) become one problem.
 */
import type { MergeProblem } from '../core/writes';

const MAX_PROBLEMS = 20;
const MAX_TEXT = 1000;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value.slice(0, MAX_TEXT) : undefined;

function problem(value: unknown): MergeProblem | undefined {
  if (typeof value === 'string')
    return { title: 'Error', detail: value.slice(0, MAX_TEXT), problem_type: 'ERROR' };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const item = value as Record<string, unknown>;
  const source = item.source as { pointer?: unknown } | undefined;
  const pointer = text(source?.pointer);
  return {
    title: text(item.title) ?? 'Error',
    detail: text(item.detail) ?? '',
    problem_type: text(item.problem_type) ?? 'ERROR',
    ...(pointer !== undefined ? { source: { pointer } } : {}),
  };
}

function list(value: unknown): MergeProblem[] {
  if (!Array.isArray(value)) return [];
  return value
    .slice(0, MAX_PROBLEMS)
    .map(problem)
    .filter((p): p is MergeProblem => p !== undefined);
}

/** `warnings` and `errors` of a write's answer (2xx or refusal); a refusal without them says why in one. */
export function readProblems(
  body: unknown,
  refusal?: { status: number; snippet: string },
): { warnings: MergeProblem[]; errors: MergeProblem[] } {
  const object =
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : {};
  const warnings = list(object.warnings);
  const errors = list(object.errors);
  if (refusal && errors.length === 0) {
    const detail = text(object.detail) ?? (refusal.snippet || `Merge answered ${refusal.status}`);
    errors.push({ title: `HTTP ${refusal.status}`, detail, problem_type: `HTTP_${refusal.status}` });
  }
  return { warnings, errors };
}
