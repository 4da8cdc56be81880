import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { lambdaContext } from './lambda-context';
import { sqsRecordFromMessage } from './sqs-record';

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void | unknown>;

export interface SqsEventSourceOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  functionName: string;
  handler: SqsHandler;
  batchSize: number;
  functionTimeoutMs: number;
  /** Long-poll wait per receive when running continuously. */
  waitTimeSeconds?: number;
  onError?: (error: unknown) => void;
}

export interface BatchResult {
  received: number;
  deleted: number;
  failed: number;
}

/**
 * What Lambda's SQS event source mapping does, locally: receive a batch, invoke the function with
 * an SQS event, delete what succeeded. With ReportBatchItemFailures only the reported records stay;
 * if the function throws, the whole batch stays. Messages that stay reappear after the visibility
 * timeout and move to the dead-letter queue after maxReceiveCount, both done by the queue itself.
 */
export class SqsEventSource {
  private running = false;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private inFlight = 0;
  /** Failed messages, invisible until their visibility timeout ends: message id → receipt handle. */
  private readonly awaitingRetry = new Map<string, string>();

  constructor(private readonly options: SqsEventSourceOptions) {}

  /**
   * Receives and processes one batch; `waitTimeSeconds` 0 returns at once when the queue is empty.
   * `maxMessages` takes a smaller batch, as one of several Lambda pollers may get.
   */
  async pollOnce(waitTimeSeconds = 0, maxMessages = this.options.batchSize): Promise<BatchResult> {
    const messages = await this.receiveBatch(waitTimeSeconds, maxMessages);
    if (messages.length === 0) return { received: 0, deleted: 0, failed: 0 };
    this.inFlight++;
    try {
      return await this.invoke(messages);
    } finally {
      this.inFlight--;
    }
  }

  /**
   * Up to `batchSize` messages: SQS hands out at most 10 a receive, so a larger batch (Lambda's
   * batching window) is gathered by receiving again while full receives keep coming.
   */
  private async receiveBatch(waitTimeSeconds: number, batchSize: number): Promise<Message[]> {
    const { sqs, queueUrl } = this.options;
    const messages: Message[] = [];
    for (let wait = waitTimeSeconds; messages.length < batchSize; wait = 0) {
      const want = Math.min(10, batchSize - messages.length);
      const out = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: want,
          WaitTimeSeconds: wait,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
      );
      messages.push(...(out.Messages ?? []));
      if ((out.Messages ?? []).length < want) break;
    }
    return messages;
  }

  private async invoke(messages: Message[]): Promise<BatchResult> {
    const event: SQSEvent = { Records: messages.map((m) => sqsRecordFromMessage(m, this.options.queueArn)) };
    let failedIds: Set<string>;
    try {
      const response = (await this.options.handler(
        event,
        lambdaContext(this.options.functionName, this.options.functionTimeoutMs, () => this.stopping),
      )) as SQSBatchResponse | undefined;
      failedIds = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (error) {
      this.options.onError?.(error);
      for (const m of messages) this.awaitingRetry.set(m.MessageId as string, m.ReceiptHandle as string);
      return { received: messages.length, deleted: 0, failed: messages.length };
    }
    const succeeded = messages.filter((m) => !failedIds.has(m.MessageId as string));
    for (const m of messages) {
      if (failedIds.has(m.MessageId as string))
        this.awaitingRetry.set(m.MessageId as string, m.ReceiptHandle as string);
      else this.awaitingRetry.delete(m.MessageId as string);
    }
    for (let i = 0; i < succeeded.length; i += 10) {
      await this.options.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.options.queueUrl,
          Entries: succeeded
            .slice(i, i + 10)
            .map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle as string })),
        }),
      );
    }
    return {
      received: messages.length,
      deleted: succeeded.length,
      failed: messages.length - succeeded.length,
    };
  }

  /** Polls continuously with `concurrency` parallel pollers, like Lambda's scaling pollers. */
  start(concurrency = 1): void {
    if (this.running) return;
    this.running = true;
    const worker = async () => {
      while (this.running) {
        try {
          await this.pollOnce(this.options.waitTimeSeconds ?? 1);
        } catch (error) {
          this.options.onError?.(error);
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    };
    this.loop = Promise.all(Array.from({ length: concurrency }, worker)).then(() => undefined);
  }

  /** Stops receiving; resolves once batches in flight have finished (nothing is cut in half). */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    await this.loop;
  }

  /**
   * Makes every message that failed here visible again now instead of after its visibility timeout,
   * as a stopping runtime needs (its queues live in memory). A handle gone stale (the message was
   * received again or dead-lettered since) is skipped. Returns how many were released.
   */
  async releaseAwaitingRetry(): Promise<number> {
    const entries = [...this.awaitingRetry.values()].map((handle, i) => ({
      Id: String(i),
      ReceiptHandle: handle,
      VisibilityTimeout: 0,
    }));
    this.awaitingRetry.clear();
    let released = 0;
    for (let i = 0; i < entries.length; i += 10) {
      const out = await this.options.sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: this.options.queueUrl,
          Entries: entries.slice(i, i + 10),
        }),
      );
      released += out.Successful?.length ?? 0;
    }
    return released;
  }

  get busy(): boolean {
    return this.inFlight > 0;
  }
}
