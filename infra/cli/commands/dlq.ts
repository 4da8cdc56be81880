import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { DeploymentTarget } from '../aws-target';
import type { CommandSpec } from '../registry';
import { formatTable } from '../table';
import type { Output } from '../terminal';

type QueueKey = keyof DeploymentTarget['queues'];
const QUEUES: readonly QueueKey[] = ['events', 'polls', 'jobs', 'writes'];
/** The queues this target has (a stack older than writes has no writes queue). */
const queuesOf = (target: DeploymentTarget) =>
  QUEUES.filter((q) => target.deadLetterQueues[q] && target.queues[q]);

const depth = async (sqs: SQSClient, url: string) => {
  const out = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(out.Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
};

/** `dlq list`: how many messages wait in each dead-letter queue. */
export async function listDeadLetters(
  sqs: SQSClient,
  target: DeploymentTarget,
  out: Output,
  options: { json: boolean },
) {
  const rows = await Promise.all(
    queuesOf(target).map(async (q) => ({
      queue: q,
      messages: await depth(sqs, target.deadLetterQueues[q]!),
    })),
  );
  if (options.json) return out(JSON.stringify({ dead_letter_queues: rows }, null, 2));
  out(
    formatTable(
      ['queue', 'dead letters'],
      rows.map((r) => [r.queue, String(r.messages)]),
    ),
  );
  if (rows.some((r) => r.messages > 0))
    out('\nFix the cause (see the function logs), then: merge-sync dlq redrive [QUEUE]');
}

/**
 * `dlq redrive [QUEUE]`: moves dead letters back to their queue, ten at a time: sent first, then
 * deleted, so a crash in between duplicates a message (harmless: every consumer is idempotent)
 * rather than losing one. Shows progress as it goes.
 */
export async function redriveDeadLetters(
  sqs: SQSClient,
  target: DeploymentTarget,
  out: Output,
  queue?: QueueKey,
) {
  for (const q of queue ? [queue] : queuesOf(target)) {
    const dlqUrl = target.deadLetterQueues[q];
    const queueUrl = target.queues[q];
    if (!dlqUrl || !queueUrl)
      throw new Error(`this deployment has no ${q} queue (deploy this version first)`);
    let moved = 0;
    for (;;) {
      const received = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: dlqUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
          VisibilityTimeout: 60,
          // Webhooks carry their identity in attributes (shared/queue/webhook-wire.ts): keep them.
          MessageAttributeNames: ['All'],
        }),
      );
      const messages = received.Messages ?? [];
      if (messages.length === 0) break;
      const sent = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: messages.map((m, i) => ({
            Id: String(i),
            MessageBody: m.Body ?? '',
            ...(m.MessageAttributes ? { MessageAttributes: m.MessageAttributes } : {}),
          })),
        }),
      );
      const failed = new Set((sent.Failed ?? []).map((f) => f.Id));
      const done = messages.filter((_, i) => !failed.has(String(i)));
      if (done.length > 0) {
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: dlqUrl,
            Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
          }),
        );
      }
      moved += done.length;
      out(`  ${q}: ${moved} moved back`);
      if (failed.size > 0)
        throw new Error(
          `${failed.size} message(s) could not be sent back to the ${q} queue; they stay in its DLQ`,
        );
    }
    out(`${q}: ${moved} message(s) redriven`);
  }
}

export const dlqListSpec: CommandSpec = {
  name: 'dlq list',
  summary: 'messages waiting in each dead-letter queue',
  args: [],
  flags: [{ name: '--json', help: 'as JSON (snake_case)' }],
  examples: [{ command: 'dlq list --stack MergeSync', note: "a deployed stack's dead letters" }],
  target: 'any',
  async run({ flags, connect, terminal }) {
    const { sqs, target } = await connect();
    await listDeadLetters(sqs, target, terminal.out, { json: flags.has('--json') });
  },
};

export const dlqRedriveSpec: CommandSpec = {
  name: 'dlq redrive',
  summary: 'move dead letters back to their queue (after fixing the cause), with progress',
  args: [
    { name: 'QUEUE', optional: true, choices: QUEUES, help: 'events, polls, jobs or writes (default: all)' },
  ],
  flags: [],
  details:
    'Ten at a time: sent first, then deleted, so a crash in between duplicates a message (every consumer is\n' +
    'idempotent) rather than losing one.',
  examples: [
    { command: 'dlq redrive', note: 'every dead-letter queue' },
    { command: 'dlq redrive jobs --stack MergeSync', note: "only the jobs queue's, on a deployed stack" },
  ],
  target: 'any',
  async run({ args, connect, terminal }) {
    const { sqs, target } = await connect();
    await redriveDeadLetters(sqs, target, terminal.out, args.QUEUE as QueueKey | undefined);
  },
};
