import type { SQSRecord } from 'aws-lambda';
import type { WebhookMessage } from '../../../shared/queue/messages';
import {
  decodeWebhookRecord,
  encodeWebhookMessage,
  MAX_QUEUED_MESSAGE_BYTES,
  WebhookWireError,
  wireSizeBytes,
} from '../../../shared/queue/webhook-wire';

const message = (body: string): WebhookMessage => ({
  v: 1,
  kind: 'webhook',
  dedupeKey: 'c2lnbmF0dXJl',
  receivedAt: '2026-11-22T10:00:00.000Z',
  body,
});

/** What Lambda hands the processor for a message sent with these attributes. */
function recordOf(
  wire: ReturnType<typeof encodeWebhookMessage>,
): Pick<SQSRecord, 'body' | 'messageAttributes'> {
  return {
    body: wire.body,
    messageAttributes: Object.fromEntries(
      Object.entries(wire.attributes).map(([name, value]) => [
        name,
        {
          dataType: value.DataType,
          stringValue: value.StringValue,
          stringListValues: [],
          binaryListValues: [],
        },
      ]),
    ),
  };
}

describe('the events-queue wire format', () => {
  it('carries the raw body unchanged and the rest in attributes, and reads back the same message', () => {
    const body = JSON.stringify({
      hook: { event: 'Ticket.changed' },
      data: { description: 'a "quoted" \\ path' },
    });
    const wire = encodeWebhookMessage(message(body));
    expect(wire.body).toBe(body);
    expect(decodeWebhookRecord(recordOf(wire))).toEqual(message(body));
  });

  it('counts the raw body, not a JSON-escaped copy of it, against the SQS limit', () => {
    const body = JSON.stringify({ data: { description: '"\\'.repeat(60_000) } });
    const wire = encodeWebhookMessage(message(body));
    expect(wireSizeBytes(wire) - Buffer.byteLength(body)).toBeLessThan(200);
    expect(Buffer.byteLength(JSON.stringify(message(body)))).toBeGreaterThan(1.4 * Buffer.byteLength(body));
  });

  it('escapes the characters SQS refuses, so the JSON still means the same', () => {
    const body = JSON.stringify({ data: { name: 'a\uFFFFb\uFFFEc\u0007d' } });
    const wire = encodeWebhookMessage(message(body));
    for (const refused of ['\uFFFE', '\uFFFF', '\u0007']) expect(wire.body).not.toContain(refused);
    expect(JSON.parse(wire.body)).toEqual(JSON.parse(body));
  });

  it('still reads version 1 (the whole message as JSON), queued before an upgrade', () => {
    const v1 = message('{"hook":{"event":"Lead.added"}}');
    expect(decodeWebhookRecord({ body: JSON.stringify(v1), messageAttributes: {} })).toEqual(v1);
  });

  it('refuses a message of a wire version it does not know, and a v1 body that is not ours', () => {
    const wire = encodeWebhookMessage(message('{}'));
    wire.attributes.v = { DataType: 'String', StringValue: '9' };
    expect(() => decodeWebhookRecord(recordOf(wire))).toThrow(WebhookWireError);
    expect(() => decodeWebhookRecord({ body: '{"v":1,"kind":"poll"}', messageAttributes: {} })).toThrow();
  });

  it('a body that does not fit SQS as it is travels compressed (version 3) and reads back whole', () => {
    const body = JSON.stringify({
      hook: { event: 'Ticket.changed' },
      data: { description: 'The export fails after the third page. \u00e9 "quoted"\n'.repeat(20_000) },
    });
    expect(Buffer.byteLength(body)).toBeGreaterThan(1_000_000);
    const wire = encodeWebhookMessage(message(body));
    expect(wire.attributes.v?.StringValue).toBe('3');
    expect(wireSizeBytes(wire)).toBeLessThanOrEqual(MAX_QUEUED_MESSAGE_BYTES);
    expect(decodeWebhookRecord(recordOf(wire))).toEqual(message(body));
    // A body that fits stays as it is (version 2): nothing pays for compression it does not need.
    expect(encodeWebhookMessage(message('{"a":1}')).attributes.v?.StringValue).toBe('2');
  });

  it('a compressed message that does not expand is refused as not ours', () => {
    const wire = encodeWebhookMessage(message('{}'));
    wire.attributes.v = { DataType: 'String', StringValue: '3' };
    wire.body = 'bm90IGd6aXA=';
    expect(() => decodeWebhookRecord(recordOf(wire))).toThrow(WebhookWireError);
  });
});
