import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { QUEUE_DESIGN } from '../../shared/queue/queue-design';
import { useSyncFixture, type SyncFixture } from '../helpers/sync-fixture';

let f: SyncFixture;
useSyncFixture((started) => (f = started));

it('a poison message lands in the dead-letter queue after maxReceiveCount while the rest of its batch is processed', async () => {
  const accounts = [1, 2, 3].map(() => f.sim.linkAccount({ category: 'hris' }));
  const webhook = (payload: object) => {
    const signed = f.sim.signedRequest(payload as never);
    return {
      v: 1,
      kind: 'webhook',
      dedupeKey: signed.headers['X-Merge-Webhook-Signature']!,
      receivedAt: new Date().toISOString(),
      body: signed.body,
    };
  };
  // One batch: three good webhooks and one message no code of ours can read.
  await f.pipeline.clients.sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: f.pipeline.queues.events,
      Entries: [
        ...accounts.map((a, i) => ({
          Id: `ok${i}`,
          MessageBody: JSON.stringify(webhook(f.sim.linkedEvent(a.id))),
        })),
        { Id: 'poison', MessageBody: '{"v":1,"kind":"webhook"' },
      ],
    }),
  );
  const first = await f.pipeline.sources.events.pollOnce();
  expect(first).toEqual({ received: 4, deleted: 3, failed: 1 });
  for (const account of accounts)
    expect(await f.accounts.get(account.id)).toMatchObject({ status: 'ACTIVE' });

  // Redelivered after each visibility timeout, failing each time, until SQS moves it aside.
  await f.pipeline.drain({ timeoutMs: 30_000 });
  expect(await f.pipeline.queueDepth('eventsDlq')).toMatchObject({ visible: 1 });
  expect(await f.pipeline.queueDepth('events')).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
  expect(QUEUE_DESIGN.events.maxReceiveCount).toBe(5);
});
