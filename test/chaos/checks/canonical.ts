/** JSON with every object's keys sorted: two values compare equal whatever their key order. */
export const canonical = (value: unknown): string => JSON.stringify(sortKeys(value));

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** The top-level fields where the stored data and Merge's differ (names only: the data is personal). */
export function differingFields(
  expected: Record<string, unknown>,
  stored: Record<string, unknown>,
  deletedDiffers: boolean,
): string {
  const keys = new Set([...Object.keys(expected), ...Object.keys(stored)]);
  const fields = [...keys].filter((k) => canonical(expected[k]) !== canonical(stored[k])).sort();
  if (deletedDiffers) fields.push('(deleted flag)');
  return fields.join(', ') || 'nothing (key order)';
}
