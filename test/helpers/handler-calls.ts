import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { lambdaContext } from '../../infra/local/lambda-context';
import { sqsRecordFromMessage } from '../../infra/local/sqs-record';
import type { Job, PollMessage } from '../../shared/queue/messages';
import { httpApiEvent } from './events';
import type { SyncFixture } from './sync-fixture';

/** An SQS event with these messages, as Lambda's event source mapping delivers it. */
export function sqsEventOf(messages: readonly object[]): SQSEvent {
  return {
    Records: messages.map((message, i) =>
      sqsRecordFromMessage(
        { MessageId: `test-${i}-${Date.now()}`, ReceiptHandle: `r${i}`, Body: JSON.stringify(message) },
        'arn:aws:sqs:us-east-1:000000000000:test',
      ),
    ),
  };
}

/** The poller handler on one poll message, with `remainingMs` of Lambda time. */
export async function pollWith(f: SyncFixture, message: PollMessage, remainingMs: number) {
  return (await f.pipeline.handlers.syncStatusPoller(
    sqsEventOf([message]),
    lambdaContext('sync-status-poller', remainingMs),
  )) as SQSBatchResponse;
}

/** The fetcher handler on one job, with `remainingMs` of Lambda time. */
export async function fetchWith(f: SyncFixture, job: Job, remainingMs: number) {
  return (await f.pipeline.handlers.fetcher(
    sqsEventOf([job]),
    lambdaContext('fetcher', remainingMs),
  )) as SQSBatchResponse;
}

/** A GET on the read API handler, as API Gateway calls it. */
export async function readApi(f: SyncFixture, path: string) {
  const result = await f.pipeline.handlers.readApi(
    httpApiEvent({ method: 'GET', path }),
    lambdaContext('read-api', 10_000),
  );
  return { status: result.statusCode, body: JSON.parse(result.body ?? '{}') as Record<string, unknown> };
}
