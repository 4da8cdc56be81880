import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { asLog, asMetrics, createPowertools } from '../../shared/observability/powertools';
import { jobSchema } from '../../shared/queue/messages';
import { parseMessage, processSqsBatch } from '../../shared/runtime/sqs-batch';
import { createSyncDeps, lazyMergeDeps, type RuntimeClients } from '../../shared/runtime/sync-runtime';
import { Deadline } from '../../shared/sync/deadline';
import { runFetchJob } from '../../shared/sync/fetch-job';
import { purgeAccount } from '../../shared/sync/purge-account';

const { logger, metrics } = createPowertools('fetcher');
const clients: RuntimeClients = {
  dynamodb: new DynamoDBClient({}),
  sqs: new SQSClient({ useQueueUrlAsEndpoint: false }),
  log: asLog(logger),
  metrics: asMetrics(metrics),
};
const deps = createSyncDeps(clients);
const merge = lazyMergeDeps(deps, clients);

/** Jobs queue → fetch one (account, model) page by page, or purge a deleted account. */
async function runJobs(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  const deadline = Deadline.of(context);
  return processSqsBatch(
    event,
    async (record) => {
      const job = parseMessage(record, (v) => jobSchema.parse(v));
      if (job.kind === 'purge') {
        await purgeAccount(deps, job, deadline);
        return;
      }
      const { merge: reader } = await merge();
      const outcome = await runFetchJob({ ...deps, merge: reader }, job, deadline);
      deps.log.debug('fetch job done', { messageId: record.messageId, outcome: outcome.outcome });
    },
    deps.log,
  );
}

export const handler = middy(runJobs).use(injectLambdaContext(logger)).use(logMetrics(metrics));
