/**
 * Merge's status values in one spelling. Merge's docs write `PARTIALLY_SYNCED` (the sync-status enum,
 * reference §5) and also "PARTIALLY SYNCED" (its syncing guide, §11: "If status is PARTIALLY SYNCED or
 * DONE, go ahead and retrieve data"), and its SDKs treat the set as open. So every status or result is
 * compared case-insensitively, with spaces and hyphens read as underscores: `partially-synced`,
 * `Partially Synced` and `PARTIALLY_SYNCED` are one status.
 */
export function normalizeMergeStatus(value: string | null | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const normalized = value
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
  return normalized === '' ? undefined : normalized;
}
