import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import type { SyncFixture } from '../../helpers/sync-fixture';

/** Messages on the fixture's events queue: visible and in flight. */
export async function eventsDepth(f: SyncFixture): Promise<number> {
  const out = await f.pipeline.clients.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: f.pipeline.queues.events,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(out.Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

/** Empties the events queue (PurgeQueue is allowed once a minute only). */
export async function purgeEvents(f: SyncFixture): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const out = await f.pipeline.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: f.pipeline.queues.events,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
      }),
    );
    const messages = out.Messages ?? [];
    if (messages.length === 0) return;
    await f.pipeline.clients.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: f.pipeline.queues.events,
        Entries: messages.map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle as string })),
      }),
    );
  }
}
