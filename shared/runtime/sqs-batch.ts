import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Log } from '../observability/ports';

/**
 * Processes an SQS batch record by record and reports only the failed ones (ReportBatchItemFailures),
 * so one poison message is retried (and eventually dead-lettered) without its neighbours.
 */
export async function processSqsBatch(
  event: SQSEvent,
  handle: (record: SQSRecord) => Promise<void>,
  log: Log,
  concurrency = 1,
): Promise<SQSBatchResponse> {
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < event.Records.length) {
      const record = event.Records[next++] as SQSRecord;
      try {
        await handle(record);
      } catch (error) {
        failures.push(record.messageId);
        // A warning: SQS retries it; one that keeps failing reaches the DLQ, which has an alarm.
        log.warn('message failed; it will be retried', {
          messageId: record.messageId,
          receiveCount: record.attributes?.ApproximateReceiveCount,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, event.Records.length)) }, worker));
  return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
}

/** Parses a message body with a schema; a body that is not ours is an error (it goes to the DLQ). */
export function parseMessage<T>(record: SQSRecord, parse: (value: unknown) => T): T {
  return parse(JSON.parse(record.body));
}
