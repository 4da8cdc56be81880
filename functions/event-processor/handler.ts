import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { asLog, asMetrics, createPowertools } from '../../shared/observability/powertools';
import { decodeWebhookRecord } from '../../shared/queue/webhook-wire';
import { processSqsBatch } from '../../shared/runtime/sqs-batch';
import { createSyncDeps } from '../../shared/runtime/sync-runtime';
import { processWebhookMessage } from '../../shared/sync/webhooks/process-webhook';

const { logger, metrics } = createPowertools('event-processor');
const deps = createSyncDeps({
  dynamodb: new DynamoDBClient({}),
  sqs: new SQSClient({ useQueueUrlAsEndpoint: false }),
  log: asLog(logger),
  metrics: asMetrics(metrics),
});

/** Events queue → the sync decisions of shared/sync/webhooks, one webhook at a time per record. */
async function processEvents(event: SQSEvent): Promise<SQSBatchResponse> {
  return processSqsBatch(
    event,
    async (record) => {
      const { outcome } = await processWebhookMessage(deps, decodeWebhookRecord(record));
      deps.log.debug('webhook processed', { messageId: record.messageId, outcome });
    },
    deps.log,
    4,
  );
}

export const handler = middy(processEvents).use(injectLambdaContext(logger)).use(logMetrics(metrics));
