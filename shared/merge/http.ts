/**
 * One HTTP attempt with a deadline covering the whole exchange (headers and body), reported as a value
 * rather than thrown, so the retry loop can classify it.
 */
import type { MergeMethod } from './types';

export type HttpAttemptResult =
  | { kind: 'response'; status: number; headers: Headers; body: string }
  | { kind: 'timeout' }
  | { kind: 'network'; code: string | undefined; description: string };

export interface HttpAttempt {
  fetchImpl: typeof fetch;
  url: string;
  method: MergeMethod;
  headers: Record<string, string>;
  /** JSON text, for a POST or PATCH that has a body. */
  body?: string;
  timeoutMs: number;
}

export async function sendHttpAttempt(attempt: HttpAttempt): Promise<HttpAttemptResult> {
  const controller = new AbortController();
  // A real timer, not the injected Clock: it bounds real I/O. Cleared as soon as the exchange ends, and
  // unref'd so it never keeps a process (or a test runner) alive on its own.
  const timer = setTimeout(() => controller.abort(), attempt.timeoutMs);
  timer.unref();
  try {
    const response = await attempt.fetchImpl(attempt.url, {
      method: attempt.method,
      headers: attempt.headers,
      ...(attempt.body === undefined ? {} : { body: attempt.body }),
      signal: controller.signal,
      // Never follow a redirect: fetch would forward the custom X-Account-Token header to whatever host
      // the Location names. Merge's API does not redirect; a 3xx is surfaced as an error instead.
      redirect: 'manual',
    });
    // Read the body under the same deadline: a server can send headers and then stall.
    const body = await response.text();
    return { kind: 'response', status: response.status, headers: response.headers, body };
  } catch (error) {
    if (controller.signal.aborted) return { kind: 'timeout' };
    return { kind: 'network', ...describeNetworkError(error) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Name, code and message of a fetch failure and its cause chain (undici wraps the socket error in
 * `TypeError: fetch failed`). Only these strings are kept, never the error objects, which can reference the
 * request; the caller still redacts secrets from the description.
 */
export function describeNetworkError(error: unknown): { code: string | undefined; description: string } {
  const parts: string[] = [];
  let code: string | undefined;
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current != null; depth += 1) {
    // Duck-typed rather than `instanceof Error`: fetch's errors can come from another realm (a VM context).
    if (typeof current === 'object') {
      const { message, name, code: currentCode, cause } = current as Record<string, unknown>;
      if (code === undefined && typeof currentCode === 'string') code = currentCode;
      parts.push(typeof message === 'string' && message !== '' ? message : String(name ?? 'error'));
      current = cause;
    } else {
      parts.push(String(current));
      current = undefined;
    }
  }
  const description = parts.filter((part) => part !== '').join(': ') || 'unknown network error';
  return { code, description: description.slice(0, 300) };
}
