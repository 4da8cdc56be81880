import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { WRITE_DETAIL_TYPE } from '../../shared/writes/write-events';
import type { LocalBusEvent, LocalEventBus } from './event-bus';

/**
 * The stack's Write Requested rule, locally (infra/aws/constructs/writes.ts): every event of that
 * detail-type on the bus goes to the writes queue as EventBridge delivers to an SQS target, the
 * whole event envelope as the message body. Returns the rule's removal.
 */
export function routeWriteRequestedEvents(bus: LocalEventBus, sqs: SQSClient, queueUrl: string): () => void {
  return bus.subscribe((event) => {
    if (event.detailType !== WRITE_DETAIL_TYPE.requested) return;
    void deliver(sqs, queueUrl, event);
  });
}

async function deliver(sqs: SQSClient, queueUrl: string, event: LocalBusEvent): Promise<void> {
  const body = JSON.stringify({
    version: '0',
    id: event.id,
    'detail-type': event.detailType,
    source: event.source,
    account: '000000000000',
    time: event.time,
    region: 'us-east-1',
    resources: [],
    detail: event.detail,
  });
  // EventBridge retries a target for up to 24 hours; a local stand-in that is up needs a few tries.
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
    }
  }
  console.error(`local bus: Write Requested event ${event.id} could not be delivered to the writes queue`);
}
