import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type MessageAttributeValue,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { QueueUrls } from './stand-ins';

/**
 * The local queues live in memory. What the table cannot rebuild on the next start (recovery.ts
 * re-issues fetches, watches and purges from it) is kept across a clean stop here: accepted webhooks
 * still queued, and every dead letter. Polls, fetch jobs and writes are not kept: the table re-creates
 * them (an unfinished write is queued again from its item, recover-writes.ts).
 */
const KEPT_QUEUES = ['events', 'eventsDlq', 'pollsDlq', 'jobsDlq', 'writesDlq'] as const;
type KeptQueue = (typeof KEPT_QUEUES)[number];

interface KeptMessage {
  queue: KeptQueue;
  body: string;
  attributes?: Record<string, MessageAttributeValue>;
}

export const QUEUE_SNAPSHOT_FILE = 'queued-messages.json';

/**
 * Takes every visible message out of the kept queues and writes them to `file` (replaced
 * atomically). Returns the count per queue. Call it once nothing processes the queues any more:
 * the messages stay received (invisible), as the queues end with the process.
 */
export async function saveQueues(
  sqs: SQSClient,
  queues: QueueUrls,
  file: string,
): Promise<Record<KeptQueue, number>> {
  const kept: KeptMessage[] = [];
  const counts = { events: 0, eventsDlq: 0, pollsDlq: 0, jobsDlq: 0, writesDlq: 0 };
  for (const queue of KEPT_QUEUES) {
    for (;;) {
      const out = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queues[queue],
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
          VisibilityTimeout: 600,
          MessageAttributeNames: ['All'],
        }),
      );
      const messages = out.Messages ?? [];
      if (messages.length === 0) break;
      for (const m of messages) {
        kept.push({
          queue,
          body: m.Body ?? '',
          ...(m.MessageAttributes ? { attributes: m.MessageAttributes } : {}),
        });
      }
      counts[queue] += messages.length;
    }
  }
  if (kept.length > 0) {
    writeFileSync(`${file}.tmp`, JSON.stringify(kept));
    renameSync(`${file}.tmp`, file);
  }
  return counts;
}

/** Puts messages kept by a clean stop back on their queues, then removes the file. */
export async function restoreQueues(sqs: SQSClient, queues: QueueUrls, file: string): Promise<number> {
  if (!existsSync(file)) return 0;
  const kept = JSON.parse(readFileSync(file, 'utf8')) as KeptMessage[];
  for (let i = 0; i < kept.length; i += 10) {
    const batch = kept.slice(i, i + 10);
    for (const queue of new Set(batch.map((m) => m.queue))) {
      const out = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queues[queue],
          Entries: batch
            .filter((m) => m.queue === queue)
            .map((m, j) => ({
              Id: String(j),
              MessageBody: m.body,
              ...(m.attributes ? { MessageAttributes: m.attributes } : {}),
            })),
        }),
      );
      if ((out.Failed ?? []).length > 0)
        throw new Error(`could not restore ${out.Failed?.length} queued message(s) from ${file}`);
    }
  }
  rmSync(file);
  return kept.length;
}

/**
 * Messages of a queue: visible, in flight and delayed. (local-aws-sqs counts a message in flight in
 * both of the first two, so only 0 is exact.)
 */
export async function queueDepth(sqs: SQSClient, queueUrl: string): Promise<number> {
  const out = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
        'ApproximateNumberOfMessagesDelayed',
      ],
    }),
  );
  const a = out.Attributes ?? {};
  return (
    Number(a.ApproximateNumberOfMessages ?? 0) +
    Number(a.ApproximateNumberOfMessagesNotVisible ?? 0) +
    Number(a.ApproximateNumberOfMessagesDelayed ?? 0)
  );
}
