import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type Message,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { LocalPipeline } from '../../../infra/local/pipeline';
import { sqsRecordFromMessage } from '../../../infra/local/sqs-record';
import type { QueueUrls } from '../../../infra/local/stand-ins';
import type { QueueName } from '../../../shared/queue/messages';

export type AnyQueue = keyof QueueUrls;

/** Receives up to `max` visible messages from one queue, with their receive counts. */
export async function receive(pipeline: LocalPipeline, queue: AnyQueue, max = 10): Promise<Message[]> {
  const out = await pipeline.clients.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: pipeline.queues[queue],
      MaxNumberOfMessages: Math.min(10, Math.max(1, max)),
      WaitTimeSeconds: 0,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
  );
  return out.Messages ?? [];
}

export async function deleteMessages(pipeline: LocalPipeline, queue: AnyQueue, messages: readonly Message[]) {
  if (messages.length === 0) return;
  await pipeline.clients.sqs.send(
    new DeleteMessageBatchCommand({
      QueueUrl: pipeline.queues[queue],
      Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle as string })),
    }),
  );
}

export async function sendRaw(pipeline: LocalPipeline, queue: QueueName, body: string, delaySeconds = 0) {
  await pipeline.clients.sqs.send(
    new SendMessageCommand({
      QueueUrl: pipeline.queues[queue],
      MessageBody: body,
      ...(delaySeconds > 0 ? { DelaySeconds: delaySeconds } : {}),
    }),
  );
}

/** The SQS event Lambda's event source mapping builds from received messages. */
export function sqsEvent(messages: readonly Message[]): SQSEvent {
  return {
    Records: messages.map((m) => sqsRecordFromMessage(m, 'arn:aws:sqs:us-east-1:000000000000:chaos')),
  };
}

export type SqsHandlerFn = (event: SQSEvent, context: Context) => Promise<unknown>;

/**
 * One invocation as the event source would make it, with the chaos knobs: only the first `prefix`
 * records reach the handler (the invocation died after them), and `keep` leaves every message in the
 * queue (the function "died" before the event source could delete: SQS redelivers them).
 */
export async function invokeOnce(
  pipeline: LocalPipeline,
  queue: QueueName,
  handler: SqsHandlerFn,
  context: Context,
  options: { max?: number; prefix?: number | ((received: number) => number); keep?: boolean } = {},
): Promise<{ received: number; handled: number; failed: number }> {
  const messages = await receive(pipeline, queue, options.max ?? 10);
  if (messages.length === 0) return { received: 0, handled: 0, failed: 0 };
  const prefix =
    typeof options.prefix === 'function'
      ? options.prefix(messages.length)
      : (options.prefix ?? messages.length);
  const handled = messages.slice(0, prefix);
  let failedIds = new Set<string>();
  let threw = false;
  if (handled.length > 0) {
    try {
      const response = (await handler(sqsEvent(handled), context)) as SQSBatchResponse | undefined;
      failedIds = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch {
      threw = true;
    }
  }
  if (!options.keep && !threw) {
    const done = handled.filter((m) => !failedIds.has(m.MessageId as string));
    await deleteMessages(pipeline, queue, done);
  }
  return {
    received: messages.length,
    handled: handled.length,
    failed: threw ? handled.length : failedIds.size,
  };
}

export interface Depth {
  visible: number;
  inFlight: number;
  delayed: number;
}

export async function depths(pipeline: LocalPipeline): Promise<Record<QueueName, Depth>> {
  const [events, polls, jobs, writes] = await Promise.all(
    (['events', 'polls', 'jobs', 'writes'] as const).map((q) => pipeline.queueDepth(q)),
  );
  return { events: events as Depth, polls: polls as Depth, jobs: jobs as Depth, writes: writes as Depth };
}

const empty = (d: Depth) => d.visible === 0 && d.inFlight === 0 && d.delayed === 0;

/**
 * Runs the three event sources until every work queue is empty, delayed messages included (a
 * deferred fetch, a watch poll), or the deadline passes. Up to `jobsConcurrency` fetch invocations run
 * side by side, as Lambda scales them.
 */
export async function settleQueues(
  pipeline: LocalPipeline,
  options: { timeoutMs?: number; jobsConcurrency?: number } = {},
): Promise<{ batches: number; waitedMs: number }> {
  const started = Date.now();
  const deadline = started + (options.timeoutMs ?? 120_000);
  let batches = 0;
  let quietChecks = 0;
  while (Date.now() < deadline) {
    let received = 0;
    const jobs = Array.from({ length: options.jobsConcurrency ?? 2 }, () =>
      pipeline.sources.jobs.pollOnce(0),
    );
    const results = await Promise.all([
      pipeline.sources.events.pollOnce(0),
      pipeline.sources.polls.pollOnce(0),
      pipeline.sources.writes.pollOnce(0),
      ...jobs,
    ]);
    for (const r of results) {
      received += r.received;
      if (r.received > 0) batches++;
    }
    if (received > 0) {
      quietChecks = 0;
      continue;
    }
    const d = await depths(pipeline);
    if (empty(d.events) && empty(d.polls) && empty(d.jobs) && empty(d.writes)) {
      if (++quietChecks >= 2) return { batches, waitedMs: Date.now() - started };
    } else quietChecks = 0;
    await new Promise((r) => setTimeout(r, 150));
  }
  const d = await depths(pipeline);
  throw new Error(`queues not settled within ${options.timeoutMs ?? 120_000} ms: ${JSON.stringify(d)}`);
}

/** Takes every message out of a dead-letter queue (they are the run's to judge). */
export async function collectDeadLetters(
  pipeline: LocalPipeline,
  queue: 'eventsDlq' | 'pollsDlq' | 'jobsDlq' | 'writesDlq',
): Promise<string[]> {
  const bodies: string[] = [];
  for (let i = 0; i < 100; i++) {
    const batch = await receive(pipeline, queue, 10);
    if (batch.length === 0) break;
    bodies.push(...batch.map((m) => m.Body ?? ''));
    await deleteMessages(pipeline, queue, batch);
  }
  return bodies;
}
