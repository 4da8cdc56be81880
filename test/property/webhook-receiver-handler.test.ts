import fc from 'fast-check';
import { useSyncFixture, type SyncFixture } from '../helpers/sync-fixture';
import { eventsDepth, purgeEvents } from './support/events-queue';
import {
  bodyArb,
  DOCUMENTED,
  RUNS,
  SEED,
  signatureFor,
  signatureIsValid,
  signatureModeArb,
} from './support/webhook-inputs';

/**
 * Bad input at the deployed webhook receiver handler (invariants 1 and 2), property-based: any body,
 * encoding (plain or base64 as API Gateway passes binary) and header spelling; the answer is a
 * documented status, never a 5xx, nothing is queued unless validly signed, and it keeps answering.
 */
let f: SyncFixture;
useSyncFixture((started) => (f = started));

describe('the deployed receiver handler (API Gateway events, as Merge delivers)', () => {
  it('survives any body, encoding and header spelling, and queues only what is validly signed', async () => {
    await purgeEvents(f);
    let accepted = 0;
    const headerNames = [
      'X-Merge-Webhook-Signature',
      'x-merge-webhook-signature',
      'X-MERGE-WEBHOOK-SIGNATURE',
    ];
    await fc.assert(
      fc.asyncProperty(
        bodyArb,
        signatureModeArb,
        fc.constantFrom(...headerNames),
        fc.boolean(),
        async (body, mode, headerName, base64) => {
          const header = signatureFor(mode, f.signingKey, body, 'x');
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (header !== undefined) headers[headerName] = header;
          // API Gateway passes a body that is not valid UTF-8 base64-encoded.
          const isText = Buffer.from(body.toString('utf8'), 'utf8').equals(body);
          const encoded = base64 || !isText;
          const before = await eventsDepth(f);
          const answer = await f.postRaw(encoded ? body : body.toString('utf8'), headers, encoded);
          const status = answer.statusCode ?? 0;
          expect(DOCUMENTED.has(status)).toBe(true);
          expect(status).toBeLessThan(500);
          expect(typeof answer.body === 'string' && !answer.body.includes(f.signingKey)).toBe(true);
          const after = await eventsDepth(f);
          if (after > before) {
            accepted++;
            expect(signatureIsValid(f.signingKey, body, header)).toBe(true);
            expect(status).toBe(200);
          }
        },
      ),
      { seed: SEED + 1, numRuns: Math.max(60, Math.floor(RUNS / 2)) },
    );
    // Still answering after all that.
    const alive = await f.postWebhook(f.sim.linkedEvent(f.sim.linkAccount({ category: 'crm' }).id));
    expect(alive.statusCode).toBe(200);
    console.log(`receiver handler property: accepted ${accepted}`);
    await purgeEvents(f);
  });
});
