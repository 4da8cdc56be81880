// Deep copy of a JSON value (records, sync entries, payloads). A plain recursive copy is about three
// times faster than structuredClone or a JSON round trip here, which matters when seeding and serving
// tens of thousands of records.
export function cloneJson<T>(value: T): T {
  return copy(value) as T;
}

function copy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copy);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    // A third party's `__proto__` key is data: assigning it would set the copy's prototype instead.
    if (key === '__proto__') {
      Object.defineProperty(out, key, {
        value: copy(item),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else out[key] = copy(item);
  }
  return out;
}
