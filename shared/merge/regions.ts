/** Merge's production API hosts (OpenAPI `servers`); APAC is not in the official SDK's enum. */
export const MERGE_REGIONS = {
  us: 'https://api.merge.dev/api',
  eu: 'https://api-eu.merge.dev/api',
  ap: 'https://api-ap.merge.dev/api',
} as const;
export type MergeRegion = keyof typeof MERGE_REGIONS;

export const isMergeRegion = (value: unknown): value is MergeRegion =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(MERGE_REGIONS, value);

/** An explicit base URL (a sandbox, a simulator) wins over the region. */
export function resolveMergeBaseUrl(options: { baseUrl?: string; region?: string }): string {
  if (options.baseUrl) {
    const url = new URL(options.baseUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new Error(`Merge base URL must be http(s), got ${url.protocol}`);
    }
    return options.baseUrl.replace(/\/+$/, '');
  }
  const region = options.region ?? 'us';
  if (!isMergeRegion(region)) {
    throw new Error(
      `Unknown Merge region "${region}"; expected one of ${Object.keys(MERGE_REGIONS).join(', ')}`,
    );
  }
  return MERGE_REGIONS[region];
}
