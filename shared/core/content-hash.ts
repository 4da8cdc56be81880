import { createHash } from 'node:crypto';

/** Text to emit as it is, as opposed to a value still to serialize (stableStringify's work list). */
class Literal {
  constructor(readonly text: string) {}
}

const byKey = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * JSON with object keys sorted, so equal content always serializes (and hashes) the same. Written
 * with a work list instead of recursion: a third party's data can nest deeper than the call stack
 * (a recursive walk throws "Maximum call stack size exceeded" near 10,000 levels). Keys such as
 * `__proto__` are data like any other (own properties, as JSON.parse makes them).
 */
export function stableStringify(value: unknown): string {
  const out: string[] = [];
  const work: unknown[] = [value];
  while (work.length > 0) {
    const item = work.pop();
    if (item instanceof Literal) {
      out.push(item.text);
    } else if (item === null || typeof item !== 'object') {
      out.push(JSON.stringify(item) ?? 'null');
    } else if (Array.isArray(item)) {
      // Pushed in reverse, so they come off the list in order.
      work.push(new Literal(']'));
      for (let i = item.length - 1; i >= 0; i--) {
        work.push(item[i]);
        if (i > 0) work.push(new Literal(','));
      }
      work.push(new Literal('['));
    } else {
      const entries = Object.entries(item as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(byKey);
      work.push(new Literal('}'));
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, v] = entries[i]!;
        work.push(v, new Literal(`${i > 0 ? ',' : ''}${JSON.stringify(k)}:`));
      }
      work.push(new Literal('{'));
    }
  }
  return out.join('');
}

/** The change detector: an unchanged record hashes the same and costs no write. */
export const contentHash = (data: unknown): string =>
  createHash('sha256').update(stableStringify(data)).digest('base64url');
