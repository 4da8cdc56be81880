import fc from 'fast-check';
import { receiveWebhook } from '../../shared/ingest/receive-webhook';
import { MAX_MERGE_ID_LENGTH } from '../../shared/merge/ids';
import type { MemoryMetrics } from '../../shared/observability/ports';
import { METRIC } from '../../shared/observability/ports';
import type { MessageQueue, WebhookMessage } from '../../shared/queue/messages';
import {
  decodeWebhookRecord,
  encodeWebhookMessage,
  MAX_QUEUED_MESSAGE_BYTES,
  wireSizeBytes,
} from '../../shared/queue/webhook-wire';
import { domainDeps, SEED, sign } from './support/webhook-inputs';

/**
 * Hostile input that Merge's signature covers (issue 16, point 5), property-based: ids Merge never
 * issues, any nesting depth, any size up to 1 MiB. None of it is refused in a way Merge would not
 * retry and lose, and none of it is queued to fail later into the dead-letter queue: an impossible
 * id is answered 200 and ignored; everything else is queued in a form that reads back whole and fits
 * an SQS message.
 */
const KEY = 'hostile-signing-key';
const EVENTS = ['LinkedAccount.linked', 'LinkedAccount.sync_completed', 'Lead.changed', 'Employee.added'];
const goodId = fc.uuid();
/** Ids Merge never issues: too long, or with a character no id has. */
const badIdArb = fc.oneof(
  fc.integer({ min: MAX_MERGE_ID_LENGTH + 1, max: 5000 }).map((n) => 'a'.repeat(n)),
  fc
    .tuple(
      fc.stringMatching(/^[a-z0-9]{0,20}$/),
      fc.constantFrom('/', '.', '..', ' ', '\u0000', '\n', '%2F', 'é', '😀', '#', '"', '\\'),
      fc.stringMatching(/^[a-z0-9]{0,20}$/),
    )
    .map(([a, bad, b]) => `${a}${bad}${b}`),
  fc.constant(''),
);

function capture() {
  const sent: WebhookMessage[] = [];
  const queue: MessageQueue = {
    send: async (_queue, messages) => {
      sent.push(...(messages as WebhookMessage[]));
    },
  };
  return { sent, deps: domainDeps(queue, [], KEY) };
}
const signed = (text: string) => {
  const body = Buffer.from(text);
  return { body, signature: sign(KEY, body) };
};
/** The message as the processor reads it back off the queue, after the wire format. */
function throughTheQueue(message: WebhookMessage) {
  const wire = encodeWebhookMessage(message);
  const attributes = Object.fromEntries(
    Object.entries(wire.attributes).map(([name, v]) => [
      name,
      { dataType: v.DataType, stringValue: v.StringValue, stringListValues: [], binaryListValues: [] },
    ]),
  );
  return {
    size: wireSizeBytes(wire),
    read: decodeWebhookRecord({ body: wire.body, messageAttributes: attributes }),
  };
}

describe('signed hostile webhooks: answered so Merge loses nothing, queued only to succeed', () => {
  it('an account or record id Merge never issues: 200, counted as ignored, nothing queued', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...EVENTS), badIdArb, fc.boolean(), async (event, badId, inRecord) => {
        const recordEvent = !event.startsWith('LinkedAccount.');
        const badRecordId = recordEvent && inRecord;
        const envelope = {
          hook: { event },
          linked_account: { id: badRecordId ? 'b5f6c2a0-1111-4c3e-9a53-000000000001' : badId },
          data: recordEvent ? { id: badRecordId ? badId : 'c0ffee00-0000-4000-8000-000000000001' } : {},
        };
        const { sent, deps } = capture();
        const result = await receiveWebhook(deps, signed(JSON.stringify(envelope)));
        expect(result).toMatchObject({ status: 200, outcome: 'ignored' });
        expect(sent).toHaveLength(0);
        expect((deps.metrics as MemoryMetrics).get(METRIC.webhooksIgnored)).toBe(1);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('any nesting depth anywhere in a signed envelope: 200, queued, and it reads back whole', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 20_000 }),
        fc.constantFrom('data', 'hook', 'linked_account'),
        goodId,
        async (depth, where, id) => {
          const deep = `${'[{"a":'.repeat(depth)}1${'}]'.repeat(depth)}`;
          const parts: Record<string, string> = {
            hook: '{"event":"LinkedAccount.sync_completed"}',
            linked_account: `{"id":"${id}"}`,
            data: '{}',
          };
          parts[where] = `${parts[where]!.slice(0, -1)}${parts[where] === '{}' ? '' : ','}"x":${deep}}`;
          const text = `{"hook":${parts.hook},"linked_account":${parts.linked_account},"data":${parts.data}}`;
          const { sent, deps } = capture();
          expect(await receiveWebhook(deps, signed(text))).toEqual({ status: 200, outcome: 'accepted' });
          expect(sent).toHaveLength(1);
          expect(throughTheQueue(sent[0]!).read.body).toBe(text);
        },
      ),
      { seed: SEED, numRuns: 10 },
    );
  });

  it('any signed body up to 1 MiB of JSON text: accepted, within an SQS message on the wire, read back whole', async () => {
    const words = ['export', 'fails', 'customer', '"quoted"', 'page', '\\path', 'é', '😀', 'ticket', '\n'];
    const limit = 1024 * 1024;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1_000, max: limit }), fc.nat(), goodId, async (size, seed, id) => {
        const envelope = (description: string) =>
          JSON.stringify({
            hook: { event: 'Ticket.changed' },
            linked_account: { id },
            data: { id, description },
          });
        const pieces: string[] = [];
        let length = 0;
        for (let i = seed; length < size; i = (i * 1103515245 + 12345) % 2 ** 31) {
          const piece = `${words[i % words.length]} ${i % 1000} `;
          pieces.push(piece);
          length += piece.length;
        }
        let description = pieces.join('');
        // Escaping makes the envelope longer than its text: cut it back under the limit in one step.
        const over = Buffer.byteLength(envelope(description)) - limit;
        if (over > 0) description = description.slice(0, Math.max(0, description.length - over * 2));
        const text = envelope(description);
        const { sent, deps } = capture();
        expect(await receiveWebhook(deps, signed(text))).toEqual({ status: 200, outcome: 'accepted' });
        const { size: wireBytes, read } = throughTheQueue(sent[0]!);
        expect(wireBytes).toBeLessThanOrEqual(MAX_QUEUED_MESSAGE_BYTES);
        expect(read.body).toBe(text);
      }),
      { seed: SEED, numRuns: 8 },
    );
  });
});
