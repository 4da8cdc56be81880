import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { lambdaContext } from './lambda-context';

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

  constructor(private readonly options: SqsEventSourceOptions) {}

  /** Receives and processes one batch; `waitTimeSeconds` 0 returns at once when the queue is empty. */
  async pollOnce(waitTimeSeconds = 0): Promise<BatchResult> {
    const { sqs, queueUrl } = this.options;
    const out = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(10, this.options.batchSize),
        WaitTimeSeconds: waitTimeSeconds,
        MessageSystemAttributeNames: ['All'],
      }),
    );
    const messages = out.Messages ?? [];
    if (messages.length === 0) return { received: 0, deleted: 0, failed: 0 };
    this.inFlight++;
    try {
      return await this.invoke(messages);
    } finally {
      this.inFlight--;
    }
  }

  private async invoke(messages: Message[]): Promise<BatchResult> {
    const event: SQSEvent = { Records: messages.map((m) => this.toRecord(m)) };
    let failedIds: Set<string>;
    try {
      const response = (await this.options.handler(
        event,
        lambdaContext(this.options.functionName, this.options.functionTimeoutMs, () => this.stopping),
      )) as SQSBatchResponse | undefined;
      failedIds = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (error) {
      this.options.onError?.(error);
      return { received: messages.length, deleted: 0, failed: messages.length };
    }
    const succeeded = messages.filter((m) => !failedIds.has(m.MessageId as string));
    if (succeeded.length > 0) {
      await this.options.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.options.queueUrl,
          Entries: succeeded.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle as string })),
        }),
      );
    }
    return {
      received: messages.length,
      deleted: succeeded.length,
      failed: messages.length - succeeded.length,
    };
  }

  private toRecord(message: Message): SQSRecord {
    const attributes = message.Attributes ?? {};
    return {
      messageId: message.MessageId as string,
      receiptHandle: message.ReceiptHandle as string,
      body: message.Body ?? '',
      attributes: {
        ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
        SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
        SenderId: attributes.SenderId ?? 'local',
        ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: message.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: this.options.queueArn,
      awsRegion: 'us-east-1',
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

  get busy(): boolean {
    return this.inFlight > 0;
  }
}
