import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { decodeWebhookRecord } from '../../shared/queue/webhook-wire';
import { eventProcessorConfigFromEnvironment } from '../../shared/runtime/config/from-environment';
import { eventProcessorDeps, type EventProcessorDeps } from '../../shared/runtime/deps/engine-function-deps';
import { builtOnFirstInvocation } from '../../shared/runtime/first-invocation';
import { processSqsBatch } from '../../shared/runtime/sqs-batch';
import { processWebhookMessage } from '../../shared/sync/webhooks/process-webhook';

/** Events queue → the sync decisions of shared/sync/webhooks, one webhook at a time per record. */
export function createHandler({ engine, merge, claimLeaseMs, telemetry }: EventProcessorDeps) {
  const deps = { ...engine, tokenChecker: async () => (await merge()).client };
  const processEvents = (event: SQSEvent): Promise<SQSBatchResponse> =>
    processSqsBatch(
      event,
      async (record) => {
        const { outcome } = await processWebhookMessage(deps, decodeWebhookRecord(record), {
          claimLeaseMs,
        });
        engine.log.debug('webhook processed', { messageId: record.messageId, outcome });
      },
      engine.log,
      4,
    );
  return middy(processEvents).use(injectLambdaContext(telemetry.logger)).use(logMetrics(telemetry.emf));
}

export const handler = builtOnFirstInvocation<SQSEvent, Context, SQSBatchResponse>(() =>
  createHandler(eventProcessorDeps(eventProcessorConfigFromEnvironment(process.env))),
);
