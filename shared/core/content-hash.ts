import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so equal content always serializes (and hashes) the same. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}

/** The change detector: an unchanged record hashes the same and costs no write. */
export const contentHash = (data: unknown): string =>
  createHash('sha256').update(stableStringify(data)).digest('base64url');
