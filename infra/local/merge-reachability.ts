/** The request both checks make: Merge answers it at any base URL of its, with any valid key. */
const PROBE_PATH = '/hris/v1/linked-accounts?page_size=1';

/** What the person passing --merge-base-url is told when the URL is not a Merge API base URL. */
export const EXPECTED_BASE_URL =
  'pass the URL up to and including /api, as https://api.merge.dev/api (EU https://api-eu.merge.dev/api, ' +
  'APAC https://api-ap.merge.dev/api), or a simulator’s own /api URL';

/**
 * A second path, for a Merge stand-in that does not serve linked-accounts: sync-status exists at
 * every Merge, and without an account token it answers 401 or 400, never 404.
 */
const SECOND_PROBE_PATH = '/hris/v1/sync-status?page_size=1';

/** The HTTP status of GET <baseUrl><path>, or why there was none. */
async function probe(baseUrl: string, apiKey: string, path = PROBE_PATH): Promise<number | Error> {
  try {
    const res = await fetch(`${baseUrl}${path}`, {
      headers: { Authorization: `Bearer ${apiKey}`, Accept: 'application/json' },
      signal: AbortSignal.timeout(10_000),
    });
    await res.body?.cancel();
    return res.status;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

const reasonOf = (error: Error) => (error.cause as { code?: string } | undefined)?.code ?? error.name;

export type BaseUrlCheck =
  /** It answers (anything but 404), or cannot be reached yet (the watch below reports and retries). */
  | { outcome: 'use'; baseUrl: string }
  /** It answers 404 and <url>/api does not: the URL lacked Merge's /api. */
  | { outcome: 'corrected'; baseUrl: string; note: string }
  | { outcome: 'not-merge'; message: string };

/**
 * Before start-up: is `baseUrl` a Merge API base URL? Every Merge endpoint lives under /api, so a
 * URL without it (https://api.merge.dev) answers 404 to everything, and every account would be
 * stored unconfirmed and every poll dead-lettered. A 404 is therefore a configuration error, unless
 * the URL has no /api segment and <url>/api answers: then that is the URL meant.
 */
export async function checkMergeBaseUrl(baseUrl: string, apiKey: string): Promise<BaseUrlCheck> {
  if ((await answers(baseUrl, apiKey)) !== 404) return { outcome: 'use', baseUrl };
  const hasApiSegment = new URL(baseUrl).pathname.split('/').includes('api');
  if (!hasApiSegment) {
    const withApi = `${baseUrl}/api`;
    const status = await answers(withApi, apiKey);
    if (typeof status === 'number' && status !== 404) {
      return {
        outcome: 'corrected',
        baseUrl: withApi,
        note: `--merge-base-url ${baseUrl} answers 404, as no Merge API does; ${withApi} answers like Merge: using ${withApi} (pass that next time)`,
      };
    }
    const both =
      typeof status === 'number'
        ? `it and ${withApi} answer 404`
        : `it answers 404 and ${withApi} is unreachable (${reasonOf(status)})`;
    return { outcome: 'not-merge', message: notMerge(baseUrl, both) };
  }
  return { outcome: 'not-merge', message: notMerge(baseUrl, 'it answers 404') };
}

/** 404 only when neither probe path is there; otherwise the first answer (or why there was none). */
async function answers(baseUrl: string, apiKey: string): Promise<number | Error> {
  const first = await probe(baseUrl, apiKey);
  if (first !== 404) return first;
  return probe(baseUrl, apiKey, SECOND_PROBE_PATH);
}

const notMerge = (baseUrl: string, why: string) =>
  `--merge-base-url ${baseUrl} is not a Merge API base URL: ${why} to GET ${PROBE_PATH} and ${SECOND_PROBE_PATH}; ${EXPECTED_BASE_URL}`;

/**
 * Checks, without blocking start-up, that the configured Merge answers: an unreachable Merge is
 * reported and retried, not a crash loop. Any HTTP answer but 404 means reachable; 401 means the
 * key is wrong; 404 means the URL is not Merge's API (checkMergeBaseUrl refuses that at start).
 */
export function watchMergeReachability(
  baseUrl: string,
  apiKey: string,
  report: (line: string) => void,
  options: { retrySeconds?: number } = {},
): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const check = async () => {
    const status = await probe(baseUrl, apiKey);
    if (status === 404) {
      const second = await probe(baseUrl, apiKey, SECOND_PROBE_PATH);
      if (typeof second === 'number' && second !== 404) {
        report(`Merge at ${baseUrl} is reachable (no linked-accounts; sync-status answers ${second})`);
        return;
      }
    }
    if (typeof status === 'number') {
      if (status === 401 || status === 403)
        report(`Merge at ${baseUrl} refused MERGE_API_KEY (${status}); check the key`);
      else if (status === 404)
        report(`Merge at ${baseUrl} answers 404: not a Merge API base URL; ${EXPECTED_BASE_URL}`);
      else report(`Merge at ${baseUrl} is reachable (${status})`);
      return;
    }
    report(
      `Merge at ${baseUrl} is unreachable (${reasonOf(status)}); retrying in ${options.retrySeconds ?? 15} s`,
    );
    if (!stopped) {
      timer = setTimeout(() => void check(), (options.retrySeconds ?? 15) * 1000);
      timer.unref();
    }
  };
  void check();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
