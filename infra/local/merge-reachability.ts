/**
 * Checks, without blocking start-up, that the configured Merge answers: an unreachable Merge is
 * reported and retried, not a crash loop. Any HTTP answer means reachable; 401 means the key is wrong.
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
    try {
      const res = await fetch(`${baseUrl}/hris/v1/linked-accounts?page_size=1`, {
        headers: { Authorization: `Bearer ${apiKey}`, Accept: 'application/json' },
        signal: AbortSignal.timeout(10_000),
      });
      await res.body?.cancel();
      if (res.status === 401 || res.status === 403)
        report(`Merge at ${baseUrl} refused MERGE_API_KEY (${res.status}); check the key`);
      else report(`Merge at ${baseUrl} is reachable (${res.status})`);
      return;
    } catch (error) {
      const reason =
        error instanceof Error
          ? ((error.cause as { code?: string } | undefined)?.code ?? error.name)
          : 'error';
      report(`Merge at ${baseUrl} is unreachable (${reason}); retrying in ${options.retrySeconds ?? 15} s`);
    }
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
