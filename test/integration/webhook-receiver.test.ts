import { computeSignature } from '../../shared/merge/signature';
import { receiveWebhook } from '../../shared/ingest/receive-webhook';
import { MemoryMetrics, silentLog } from '../../shared/observability/ports';
import { SqsMessageQueue } from '../../shared/queue/sqs-queue';
import { systemClock } from '../../shared/runtime/clock';
import { useSyncFixture, type SyncFixture } from '../helpers/sync-fixture';

let f: SyncFixture;
useSyncFixture((started) => (f = started));

async function expectNothingQueuedOrStored() {
  expect(await f.pipeline.queueDepth('events')).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
  expect(await f.accounts.listAll()).toHaveLength(0);
}

const sign = (body: string | Buffer) => computeSignature(f.signingKey, body);
const bodyOf = (response: { body?: string }) => JSON.parse(response.body ?? '{}') as Record<string, unknown>;

describe('the webhook receiver refuses what it must, and queues nothing it refuses', () => {
  const linkedBody = () => {
    const account = f.sim.linkAccount({ category: 'hris' });
    return JSON.stringify(f.sim.linkedEvent(account.id));
  };

  it.each([
    ['an unsigned request → 401', () => ({ body: linkedBody(), headers: {} }), 401, 'missing-signature'],
    [
      'a bad signature → 401',
      () => ({ body: linkedBody(), headers: { 'X-Merge-Webhook-Signature': sign('something else') } }),
      401,
      'bad-signature',
    ],
    [
      'a signature made with another key → 401',
      () => {
        const body = linkedBody();
        return { body, headers: { 'X-Merge-Webhook-Signature': computeSignature('not-the-key', body) } };
      },
      401,
      'bad-signature',
    ],
    [
      'truncated JSON, correctly signed → 400',
      () => {
        const body = linkedBody().slice(0, 40);
        return { body, headers: { 'X-Merge-Webhook-Signature': sign(body) } };
      },
      400,
      'invalid-json',
    ],
    [
      'JSON that is not a Merge envelope, correctly signed → 400',
      () => {
        const body = JSON.stringify({ hello: 'world', hook: { event: 5 } });
        return { body, headers: { 'X-Merge-Webhook-Signature': sign(body) } };
      },
      400,
      'not-an-envelope',
    ],
    [
      'a body over the 1 MiB limit, correctly signed → 413',
      () => {
        const body = JSON.stringify({ ...JSON.parse(linkedBody()), padding: 'x'.repeat(1024 * 1024) });
        return { body, headers: { 'X-Merge-Webhook-Signature': sign(body) } };
      },
      413,
      'too-large',
    ],
  ])('%s', async (_label, make, status, reason) => {
    const { body, headers } = make();
    const response = await f.postRaw(body, headers);
    expect(response.statusCode).toBe(status);
    expect(bodyOf(response)).toEqual({ error: reason });
    await expectNothingQueuedOrStored();
  });

  it('accepts and counts, but does not queue, a signed event type it does not handle', async () => {
    const account = f.sim.linkAccount({ category: 'hris' });
    const payload = {
      ...f.sim.linkedEvent(account.id),
      hook: { id: 'h', event: 'AsyncPassthrough.resolved', target: 'x' },
    };
    const response = await f.postWebhook(payload);
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({ status: 'ignored', reason: 'unhandled-event' });
    await expectNothingQueuedOrStored();
  });

  it("answers Merge's dashboard test ping with 200, signed or not, and queues nothing", async () => {
    const body = JSON.stringify({ response: 'Success! This URL will be notified.' });
    expect((await f.postRaw(body, { 'X-Merge-Webhook-Signature': sign(body) })).statusCode).toBe(200);
    expect((await f.postRaw(body, {})).statusCode).toBe(200);
    // Only the bare ping: anything more, unsigned, is refused.
    const more = JSON.stringify({ response: 'x', hook: { event: 'LinkedAccount.linked' } });
    expect((await f.postRaw(more, {})).statusCode).toBe(401);
    await expectNothingQueuedOrStored();
  });

  it('accepts a base64-encoded body and signatures with or without padding', async () => {
    const account = f.sim.linkAccount({ category: 'hris' });
    const body = JSON.stringify(f.sim.linkedEvent(account.id));
    const padded = f.sim.sign(body);
    expect(padded.endsWith('=')).toBe(true);
    expect(
      (await f.postRaw(Buffer.from(body), { 'X-Merge-Webhook-Signature': padded }, true)).statusCode,
    ).toBe(200);
    expect(
      (await f.postRaw(body, { 'x-merge-webhook-signature': padded.replace(/=+$/, '') })).statusCode,
    ).toBe(200);
    expect((await f.pipeline.queueDepth('events')).visible).toBe(2);
    await f.pipeline.drain();
    expect(await f.accounts.get(account.id)).toMatchObject({ status: 'ACTIVE' });
  });

  it('answers 503 when the event cannot be queued, so Merge retries', async () => {
    const metrics = new MemoryMetrics();
    const account = f.sim.linkAccount({ category: 'hris' });
    const body = Buffer.from(JSON.stringify(f.sim.linkedEvent(account.id)));
    const missingQueue = `${f.pipeline.standIns.sqsEndpoint}/123456789012/no-such-queue`;
    const result = await receiveWebhook(
      {
        signingKey: async () => f.signingKey,
        queue: new SqsMessageQueue(f.pipeline.clients.sqs, { events: missingQueue }),
        clock: systemClock,
        metrics,
        log: silentLog,
      },
      { body, signature: f.sim.sign(body.toString()) },
    );
    expect(result).toMatchObject({ status: 503, reason: 'enqueue-failed' });
    expect(metrics.get('WebhooksRejected{reason=enqueue-failed}')).toBe(1);
  });
});
