import { canonicalSignature, verifySignature } from '../merge/signature';
import { envelopeSchema, testPingSchema } from '../merge/schemas/webhooks';
import { implausibleWebhookId } from '../merge/ids';
import { classifyWebhookEvent } from '../merge/webhook-events';
import { METRIC, type Log, type Metrics } from '../observability/ports';
import type { MessageQueue, WebhookMessage } from '../queue/messages';
import { encodeWebhookMessage, MAX_QUEUED_MESSAGE_BYTES, wireSizeBytes } from '../queue/webhook-wire';
import type { Clock } from '../runtime/clock';

export { MAX_QUEUED_MESSAGE_BYTES };
/**
 * A signed body up to 1 MiB is accepted (API Gateway takes 10 MB, Lambda 6 MB): one that does not
 * fit an SQS message as it is travels gzip-compressed (queue/webhook-wire.ts). Only a body that
 * still does not fit compressed (over 1 MiB of text that compresses less than about 5:1, which no
 * JSON of Merge's is) is refused 413, counted and logged as an error.
 */
export const DEFAULT_MAX_WEBHOOK_BYTES = 1024 * 1024;

/**
 * Reads a signature key; `refresh` asks for the stored value rather than a cached one (the runtime's
 * secret sources, shared/runtime/secrets.ts, limit how often that really reads).
 */
export type SigningKeySource = (options?: { refresh?: boolean }) => Promise<string>;

export interface ReceiveWebhookDeps {
  /** The organization's webhook signature key (Merge dashboard: Webhooks, Security). */
  signingKey: SigningKeySource;
  /**
   * The key it replaced, accepted too while the key is rotated (docs/security.md, "Rotating the
   * webhook signature key"); usually unset.
   */
  previousSigningKey?: (options?: { refresh?: boolean }) => Promise<string | undefined>;
  queue: MessageQueue;
  clock: Clock;
  metrics: Metrics;
  log: Log;
  maxBodyBytes?: number;
}

export interface WebhookRequest {
  body: Buffer;
  signature: string | undefined;
}

export type RejectReason =
  'too-large' | 'missing-signature' | 'bad-signature' | 'invalid-json' | 'not-an-envelope' | 'enqueue-failed';

export type ReceiveResult =
  | { status: 200; outcome: 'accepted' | 'ignored'; reason?: string }
  | { status: 400 | 401 | 413 | 503; outcome: 'rejected'; reason: RejectReason };

/**
 * The receiver's whole job (invariants 1 and 2): verify the signature on the raw bytes, check the
 * body is a Merge envelope, queue it durably, and only then say 200. Signed events of types we
 * don't handle are accepted and counted (Merge never retries a 4xx, so a 4xx would lose them).
 */
export async function receiveWebhook(
  deps: ReceiveWebhookDeps,
  request: WebhookRequest,
): Promise<ReceiveResult> {
  const reject = (status: 400 | 401 | 413 | 503, reason: RejectReason): ReceiveResult => {
    deps.metrics.add(METRIC.webhooksRejected, 1, 'Count', { reason });
    deps.log.warn('webhook rejected', { reason, bytes: request.body.length });
    return { status, outcome: 'rejected', reason };
  };
  if (request.body.length > (deps.maxBodyBytes ?? DEFAULT_MAX_WEBHOOK_BYTES)) return reject(413, 'too-large');
  if (!request.signature) {
    // Merge's dashboard "Send test POST request" may come unsigned; it changes nothing, so say 200.
    if (request.body.length < 1024 && isTestPing(request.body)) return ignore(deps, 'test-ping');
    return reject(401, 'missing-signature');
  }
  const key = await matchingKey(deps, request.body, request.signature);
  if (!key) return reject(401, 'bad-signature');
  // Tells an operator when the previous key can be emptied (no webhook has used it for a while).
  if (key === 'previous') deps.metrics.add(METRIC.webhooksSignedWithPreviousKey, 1);

  const text = request.body.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return reject(400, 'invalid-json');
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    if (testPingSchema.safeParse(json).success) return ignore(deps, 'test-ping');
    // Signed by Merge and named, but not an envelope we can act on (no usable linked account, an
    // event name we would not store): 200 and counted. Merge never retries a 4xx, so a 400 would
    // only hide it from the sender; the metric and the warning are where an operator sees it.
    const event = hookEventOf(json);
    if (event !== undefined) {
      deps.log.warn('signed webhook with an unrecognized envelope ignored', { event: event.slice(0, 100) });
      return ignore(deps, 'unrecognized-envelope');
    }
    return reject(400, 'not-an-envelope');
  }
  const event = envelope.data.hook.event;
  const kind = classifyWebhookEvent(event).kind;
  if (kind === 'unhandled') return ignore(deps, 'unhandled-event', event);
  // Signed, but naming an id Merge never issues: nothing could be stored under it, and a retry
  // would only end in the dead-letter queue. 200, counted, and the id left out of the log.
  const implausible = implausibleWebhookId(envelope.data, kind === 'record-changed');
  if (implausible) return ignore(deps, `implausible-${implausible}`, event);

  const message: WebhookMessage = {
    v: 1,
    kind: 'webhook',
    dedupeKey: canonicalSignature(request.signature),
    receivedAt: new Date(deps.clock.now()).toISOString(),
    body: text,
  };
  // Compressed when it does not fit as it is; refused only if it does not fit compressed either.
  if (wireSizeBytes(encodeWebhookMessage(message)) > MAX_QUEUED_MESSAGE_BYTES) {
    deps.log.error('signed webhook does not fit a queue message even compressed; refused', {
      event,
      bytes: request.body.length,
    });
    return reject(413, 'too-large');
  }
  try {
    await deps.queue.send('events', [message]);
  } catch (error) {
    deps.log.error('webhook could not be queued; answering 503 so Merge retries', {
      event,
      error: error instanceof Error ? error.name : 'unknown',
    });
    return reject(503, 'enqueue-failed');
  }
  // Undimensioned, so it joins the invocation's one EMF line; the processor logs each event it takes.
  deps.metrics.add(METRIC.webhooksAccepted, 1);
  deps.log.debug('webhook accepted', { event, linkedAccountId: envelope.data.linked_account.id });
  return { status: 200, outcome: 'accepted' };
}

/**
 * Which key the signature matches: the current one, else the previous one. When it matches neither,
 * both are read again before the request is refused (at most every 30 s, shared/runtime/secrets.ts):
 * a key just rotated in Merge and put in the secret counts at once, not after the five-minute cache,
 * and Merge never retries the 401 that would otherwise lose the webhook.
 */
async function matchingKey(
  deps: ReceiveWebhookDeps,
  body: Buffer,
  signature: string,
): Promise<'current' | 'previous' | undefined> {
  const match = async (refresh: boolean) => {
    if (verifySignature(await deps.signingKey({ refresh }), body, signature)) return 'current';
    const previous = await deps.previousSigningKey?.({ refresh });
    return previous !== undefined && verifySignature(previous, body, signature) ? 'previous' : undefined;
  };
  return (await match(false)) ?? (await match(true));
}

function hookEventOf(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const hook = (json as { hook?: unknown }).hook;
  if (typeof hook !== 'object' || hook === null) return undefined;
  const event = (hook as { event?: unknown }).event;
  return typeof event === 'string' && event.length > 0 ? event : undefined;
}

function isTestPing(body: Buffer): boolean {
  try {
    const json: unknown = JSON.parse(body.toString('utf8'));
    return testPingSchema.safeParse(json).success && Object.keys(json as object).length === 1;
  } catch {
    return false;
  }
}

function ignore(deps: ReceiveWebhookDeps, reason: string, event?: string): ReceiveResult {
  deps.metrics.add(METRIC.webhooksIgnored, 1, 'Count', { reason });
  deps.log.info('webhook ignored', { reason, ...(event ? { event } : {}) });
  return { status: 200, outcome: 'ignored', reason };
}
