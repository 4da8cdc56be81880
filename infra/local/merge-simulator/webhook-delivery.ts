import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

// Delivers a webhook the way Merge does (reference section 7): one attempt plus up to two retries.
// A 2xx ends it; a 4xx (429 included) is a rejection and is never retried; any other status, a
// connection error or no answer within the timeout (Merge: 30 s) is retried after a short backoff.

export interface DeliveryPolicy {
  timeoutMs: number;
  /** Wait before the first retry; doubled for each further retry. */
  backoffMs: number;
  maxRetries: number;
}

export interface DeliveryResult {
  attempts: number;
  /** One per attempt: the HTTP status, or 0 when the attempt timed out or could not connect. */
  statuses: number[];
}

export async function deliver(
  url: string,
  body: string,
  headers: Record<string, string>,
  policy: DeliveryPolicy,
): Promise<DeliveryResult> {
  const statuses: number[] = [];
  for (let attempt = 0; attempt <= policy.maxRetries; attempt++) {
    if (attempt > 0) await delay(policy.backoffMs * 2 ** (attempt - 1));
    const status = await postOnce(url, body, headers, policy.timeoutMs);
    statuses.push(status);
    if (status >= 200 && status < 300) break;
    if (status >= 400 && status < 500) break;
  }
  return { attempts: statuses.length, statuses };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One POST on a fresh connection (no pooling, so nothing lingers after the answer). */
function postOnce(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<number> {
  return new Promise((resolve) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    let settled = false;
    const finish = (status: number): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(status);
    };
    const req = send(target, {
      method: 'POST',
      agent: false,
      headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
    });
    const timer = setTimeout(() => {
      req.destroy();
      finish(0);
    }, timeoutMs);
    req.on('response', (res) => {
      // The status line is the receiver's answer; the body is drained and ignored.
      res.resume();
      finish(res.statusCode ?? 0);
    });
    req.on('error', () => finish(0));
    req.end(body);
  });
}
