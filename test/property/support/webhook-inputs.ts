import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import type { ReceiveWebhookDeps } from '../../../shared/ingest/receive-webhook';
import { MemoryMetrics, type Log } from '../../../shared/observability/ports';
import type { MessageQueue } from '../../../shared/queue/messages';
import { systemClock } from '../../../shared/runtime/clock';

/** What the webhook receiver's property tests throw at it: bodies, envelopes, signature headers. */

/** The statuses the receiver documents. */
export const DOCUMENTED = new Set([200, 400, 401, 413, 503]);
export const SEED = Number(process.env.PROPERTY_SEED ?? 20_240_611);
export const RUNS = Number(process.env.PROPERTY_RUNS ?? 250);

/** The oracle, written apart from the engine: base64url HMAC-SHA256 over the raw bytes. */
export const sign = (key: string, body: Buffer) => createHmac('sha256', key).update(body).digest('base64url');
export const signatureIsValid = (key: string, body: Buffer, header: string | undefined) =>
  header !== undefined &&
  header.length <= 200 &&
  header.trim().replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_') === sign(key, body);

export type SignatureMode =
  | 'none'
  | 'valid'
  | 'valid-padded'
  | 'valid-standard-base64'
  | 'valid-with-spaces'
  | 'other-body'
  | 'other-key'
  | 'garbage'
  | 'huge';

export function signatureFor(
  mode: SignatureMode,
  key: string,
  body: Buffer,
  garbage: string,
): string | undefined {
  const valid = sign(key, body);
  switch (mode) {
    case 'none':
      return undefined;
    case 'valid':
      return valid;
    case 'valid-padded':
      return `${valid}=`;
    case 'valid-standard-base64':
      return createHmac('sha256', key).update(body).digest('base64');
    case 'valid-with-spaces':
      return ` ${valid} `;
    case 'other-body':
      return sign(key, Buffer.concat([body, Buffer.from(' ')]));
    case 'other-key':
      return sign(`${key}x`, body);
    case 'garbage':
      return garbage;
    case 'huge':
      return valid.repeat(8);
  }
}

export const knownEvents = [
  'LinkedAccount.linked',
  'LinkedAccount.sync_completed',
  'LinkedAccount.deleted',
  'Employee.synced',
  'Employee.changed',
  'CRMContact.added',
  'Ticket.removed',
  'Issue.new',
  'Issue.resolved',
];

/** Envelopes our schema accepts, with any event name and any data. */
export const envelopeArb = fc.record({
  hook: fc.record({
    event: fc.oneof(fc.constantFrom(...knownEvents), fc.string({ minLength: 1, maxLength: 60 })),
    id: fc.option(fc.uuid(), { nil: null }),
    target: fc.option(fc.webUrl(), { nil: undefined }),
  }),
  linked_account: fc.record({
    id: fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 40 })),
    category: fc.option(
      fc.constantFrom('hris', 'ats', 'crm', 'accounting', 'ticketing', 'filestorage', 'x'),
      {
        nil: null,
      },
    ),
  }),
  data: fc.option(fc.jsonValue({ maxDepth: 3 }), { nil: undefined }),
});

/** Any body at all: bytes, text, JSON, envelopes, big repetitive ones. */
export const bodyArb: fc.Arbitrary<Buffer> = fc.oneof(
  fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b)),
  fc.string({ unit: 'binary', maxLength: 400 }).map((s) => Buffer.from(s, 'utf8')),
  fc.json({ maxDepth: 3 }).map((s) => Buffer.from(s)),
  envelopeArb.map((e) => Buffer.from(JSON.stringify(e))),
  fc
    .record({
      env: envelopeArb,
      pad: fc.integer({ min: 0, max: 260 * 1024 }),
      ch: fc.constantFrom('a', 'é', '"', '\n'),
    })
    .map(({ env, pad, ch }) =>
      Buffer.from(JSON.stringify({ ...env, data: { blob: ch.repeat(Math.floor(pad / 2)) } })),
    ),
  fc.constant(Buffer.alloc(0)),
  fc.constant(Buffer.from('{"response":"test"}')),
);

export const signatureModeArb = fc.constantFrom<SignatureMode>(
  'none',
  'valid',
  'valid-padded',
  'valid-standard-base64',
  'valid-with-spaces',
  'other-body',
  'other-key',
  'garbage',
  'huge',
);

export function domainDeps(queue: MessageQueue, lines: string[], signingKey: string): ReceiveWebhookDeps {
  const log: Log = {
    debug: (m, e) => lines.push(`${m} ${JSON.stringify(e ?? {})}`),
    info: (m, e) => lines.push(`${m} ${JSON.stringify(e ?? {})}`),
    warn: (m, e) => lines.push(`${m} ${JSON.stringify(e ?? {})}`),
    error: (m, e) => lines.push(`${m} ${JSON.stringify(e ?? {})}`),
  };
  return { signingKey: async () => signingKey, queue, clock: systemClock, metrics: new MemoryMetrics(), log };
}
