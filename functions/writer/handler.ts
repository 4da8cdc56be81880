import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { writeMessageSchema } from '../../shared/queue/messages';
import { WRITES_BATCH_SIZE } from '../../shared/queue/queue-design';
import { writerConfigFromEnvironment } from '../../shared/runtime/config/from-environment';
import { writerDeps, type WriterFunctionDeps } from '../../shared/runtime/deps/writer-deps';
import { builtOnFirstInvocation } from '../../shared/runtime/first-invocation';
import { processSqsBatch } from '../../shared/runtime/sqs-batch';
import { Deadline } from '../../shared/sync/deadline';
import { processWrite } from '../../shared/writes/process-write';
import { isWriteRequestedEnvelope } from '../../shared/writes/write-events';
import { handleWriteRequested } from '../../shared/writes/write-requested';

/**
 * Writes queue → Merge: each message is one accepted write (or a Write Requested event from the
 * bus), sent once with its Idempotency-Key; a batch's writes go at once, each on its account's budget.
 */
export function createHandler({ engine, writer, telemetry }: WriterFunctionDeps) {
  const runWrites = (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    const deadline = Deadline.of(context);
    return processSqsBatch(
      event,
      async (record) => {
        const deps = await writer();
        const body = JSON.parse(record.body) as unknown;
        const result = isWriteRequestedEnvelope(body)
          ? await handleWriteRequested(deps, body as Record<string, unknown>, deadline)
          : await processWrite(deps, writeMessageSchema.parse(body), deadline);
        engine.log.debug('write message done', { messageId: record.messageId, outcome: result.outcome });
      },
      engine.log,
      WRITES_BATCH_SIZE,
    );
  };
  return middy(runWrites).use(injectLambdaContext(telemetry.logger)).use(logMetrics(telemetry.emf));
}

export const handler = builtOnFirstInvocation<SQSEvent, Context, SQSBatchResponse>(() =>
  createHandler(writerDeps(writerConfigFromEnvironment(process.env))),
);
