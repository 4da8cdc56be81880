import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { EventBridgeEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { asLog, asMetrics, createPowertools } from '../../shared/observability/powertools';
import { pollMessageSchema } from '../../shared/queue/messages';
import { parseMessage, processSqsBatch } from '../../shared/runtime/sqs-batch';
import { createSyncDeps, lazyMergeDeps, type RuntimeClients } from '../../shared/runtime/sync-runtime';
import { pollAccount } from '../../shared/sync/poll-account';
import { schedulePolls } from '../../shared/sync/schedule-polls';

const { logger, metrics } = createPowertools('sync-status-poller');
const clients: RuntimeClients = {
  dynamodb: new DynamoDBClient({}),
  sqs: new SQSClient({ useQueueUrlAsEndpoint: false }),
  log: asLog(logger),
  metrics: asMetrics(metrics),
};
const deps = createSyncDeps(clients);
const merge = lazyMergeDeps(deps, clients);

/** What a cadence schedule puts in `detail` (the stack's rule input; see infra/aws). */
export interface ScheduleDetail {
  tier?: string;
  reconcile?: boolean;
}

type PollerEvent = EventBridgeEvent<'Scheduled Event', ScheduleDetail> | SQSEvent;

/**
 * Two triggers, one concern: an EventBridge schedule fans out one poll message per account; the
 * polls queue then reads each account's /sync-status and enqueues fetch jobs.
 */
async function poll(event: PollerEvent): Promise<SQSBatchResponse | { accounts: number }> {
  if ('Records' in event) {
    const { merge: reader } = await merge();
    return processSqsBatch(
      event,
      async (record) => {
        await pollAccount(
          { ...deps, merge: reader },
          parseMessage(record, (v) => pollMessageSchema.parse(v)),
        );
      },
      deps.log,
      4,
    );
  }
  const detail = event.detail ?? {};
  return schedulePolls(deps, {
    reconcile: detail.reconcile === true,
    ...(detail.tier ? { tier: detail.tier } : {}),
  });
}

export const handler = middy(poll).use(injectLambdaContext(logger)).use(logMetrics(metrics));
