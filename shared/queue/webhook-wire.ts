import { gunzipSync, gzipSync } from 'node:zlib';
import type { SQSRecord } from 'aws-lambda';
import { webhookMessageSchema, type WebhookMessage } from './messages';

/**
 * How a webhook travels on the events queue. The raw body is the SQS message body and the rest rides
 * in message attributes: wrapping the body in our JSON would escape every quote and backslash again,
 * and a body that fits SQS's 256 KiB as it is could then overflow it (BUG-3).
 *
 * Version 1 (the whole message as JSON in the body) is still read, so messages queued by an earlier
 * release drain after an upgrade.
 */
export const WEBHOOK_WIRE_VERSION = '2';
/**
 * Version 3: the same, with the body gzip-compressed and base64-encoded, for a body that does not fit
 * SQS's limit as it is (a signed webhook up to 1 MiB). A processor of an earlier release refuses it
 * (unknown version: retried, then a dead letter to redrive after the upgrade), never misreads it.
 */
export const COMPRESSED_WIRE_VERSION = '3';
/** SQS's message limit: the body plus every attribute's name, type and value. */
export const MAX_QUEUED_MESSAGE_BYTES = 256 * 1024;
/** What a compressed body may expand to when read back (our receiver accepts 1 MiB; headroom). */
const MAX_EXPANDED_BYTES = 8 * 1024 * 1024;

export interface SqsWireMessage {
  body: string;
  attributes: Record<string, { DataType: 'String'; StringValue: string }>;
}

export class WebhookWireError extends Error {
  override readonly name = 'WebhookWireError';
}

/**
 * Characters SQS refuses in a message body. Valid JSON can hold them only inside strings, where a
 * \uXXXX escape means the same string, so the event keeps its meaning (its signature was checked
 * before this point, and its identity is the signature, not the bytes).
 */
const SQS_FORBIDDEN = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function encodeWebhookMessage(message: WebhookMessage): SqsWireMessage {
  const attribute = (value: string) => ({ DataType: 'String' as const, StringValue: value });
  const wire = (version: string, body: string): SqsWireMessage => ({
    body,
    attributes: {
      v: attribute(version),
      kind: attribute('webhook'),
      dedupeKey: attribute(message.dedupeKey),
      receivedAt: attribute(message.receivedAt),
    },
  });
  const plain = wire(
    WEBHOOK_WIRE_VERSION,
    message.body.replace(SQS_FORBIDDEN, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );
  if (wireSizeBytes(plain) <= MAX_QUEUED_MESSAGE_BYTES) return plain;
  return wire(COMPRESSED_WIRE_VERSION, gzipSync(Buffer.from(message.body, 'utf8')).toString('base64'));
}

/** The bytes SQS counts against its 256 KiB limit: the body plus every attribute's name, type and value. */
export function wireSizeBytes(wire: SqsWireMessage): number {
  let bytes = Buffer.byteLength(wire.body);
  for (const [name, value] of Object.entries(wire.attributes))
    bytes += Buffer.byteLength(name) + value.DataType.length + Buffer.byteLength(value.StringValue);
  return bytes;
}

/** Reads a webhook from an events-queue record, either wire version. */
export function decodeWebhookRecord(record: Pick<SQSRecord, 'body' | 'messageAttributes'>): WebhookMessage {
  const attributes = record.messageAttributes ?? {};
  const text = (name: string) => attributes[name]?.stringValue;
  if (text('v') === undefined) return webhookMessageSchema.parse(JSON.parse(record.body));
  const version = text('v');
  if ((version !== WEBHOOK_WIRE_VERSION && version !== COMPRESSED_WIRE_VERSION) || text('kind') !== 'webhook')
    throw new WebhookWireError(`not a webhook message we know (v=${version}, kind=${text('kind')})`);
  return webhookMessageSchema.parse({
    v: 1,
    kind: 'webhook',
    dedupeKey: text('dedupeKey'),
    receivedAt: text('receivedAt'),
    body: version === COMPRESSED_WIRE_VERSION ? expand(record.body) : record.body,
  });
}

function expand(body: string): string {
  try {
    return gunzipSync(Buffer.from(body, 'base64'), { maxOutputLength: MAX_EXPANDED_BYTES }).toString('utf8');
  } catch {
    throw new WebhookWireError('a compressed webhook message does not expand');
  }
}
