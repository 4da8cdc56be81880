import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Clock } from '../runtime/clock';
import { systemClock } from '../runtime/clock';
import type { MessageQueue, QueueMessageMap, QueueName, WebhookMessage } from './messages';
import { encodeWebhookMessage } from './webhook-wire';

export class QueueSendError extends Error {
  override readonly name = 'QueueSendError';
}

/** Webhooks travel raw with attributes (see webhook-wire.ts); our own messages as JSON. */
function sqsBody<Q extends QueueName>(queue: Q, message: QueueMessageMap[Q]) {
  if (queue !== 'events') return { MessageBody: JSON.stringify(message) };
  const wire = encodeWebhookMessage(message as WebhookMessage);
  return { MessageBody: wire.body, MessageAttributes: wire.attributes };
}

/** SQS caps a per-message delay at 15 minutes. */
const MAX_DELAY_SECONDS = 900;

/**
 * Our queues over SQS: batches of 10, failed entries retried with backoff; throws if any message
 * still could not be sent, so the caller fails (and is retried) rather than losing it.
 */
export class SqsMessageQueue implements MessageQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrls: Partial<Record<QueueName, string>>,
    private readonly clock: Clock = systemClock,
  ) {}

  async send<Q extends QueueName>(
    queue: Q,
    messages: QueueMessageMap[Q][],
    options: { delaySeconds?: number } = {},
  ): Promise<void> {
    const url = this.queueUrls[queue];
    if (!url) throw new QueueSendError(`no URL configured for the ${queue} queue`);
    const delay = Math.max(0, Math.min(MAX_DELAY_SECONDS, Math.round(options.delaySeconds ?? 0)));
    for (let i = 0; i < messages.length; i += 10) {
      let pending = messages.slice(i, i + 10).map((message, j) => ({
        Id: String(j),
        ...sqsBody(queue, message),
        ...(delay > 0 ? { DelaySeconds: delay } : {}),
      }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= 4)
          throw new QueueSendError(`${pending.length} message(s) not accepted by the ${queue} queue`);
        if (attempt > 0) await this.clock.sleep(100 * 2 ** attempt);
        const out = await this.client.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: pending }));
        const failed = new Set((out.Failed ?? []).map((f) => f.Id));
        pending = pending.filter((entry) => failed.has(entry.Id));
      }
    }
  }
}
