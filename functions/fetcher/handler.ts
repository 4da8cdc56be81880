import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { publishOutboxBatches } from '../../shared/events/outbox';
import { jobSchema } from '../../shared/queue/messages';
import { JOBS_IN_PARALLEL } from '../../shared/queue/queue-design';
import { mergeFunctionConfigFromEnvironment } from '../../shared/runtime/config/from-environment';
import { mergeFunctionDeps, type MergeFunctionDeps } from '../../shared/runtime/deps/engine-function-deps';
import { builtOnFirstInvocation } from '../../shared/runtime/first-invocation';
import { parseMessage, processSqsBatch } from '../../shared/runtime/sqs-batch';
import { Deadline } from '../../shared/sync/deadline';
import { runFetchJob } from '../../shared/sync/fetch-job';
import { purgeAccount } from '../../shared/sync/purge-account';

/**
 * Jobs queue → fetch one (account, model) page by page, purge a deleted account, or publish the
 * change events of pages a fetch wrote.
 */
export function createHandler({ engine, merge, telemetry }: MergeFunctionDeps) {
  const runJobs = (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    const deadline = Deadline.of(context);
    return processSqsBatch(
      event,
      async (record) => {
        const job = parseMessage(record, (v) => jobSchema.parse(v));
        if (job.kind === 'purge') {
          await purgeAccount(engine, job, deadline);
          return;
        }
        // A page's change events, published apart from its fetch (no Merge client needed).
        if (job.kind === 'publish') {
          await publishOutboxBatches(engine, job);
          return;
        }
        const { merge: reader, scheduleBacklogMs } = await merge();
        const outcome = await runFetchJob(
          { ...engine, merge: reader, ...(scheduleBacklogMs ? { scheduleBacklogMs } : {}) },
          job,
          deadline,
        );
        engine.log.debug('fetch job done', { messageId: record.messageId, outcome: outcome.outcome });
      },
      engine.log,
      JOBS_IN_PARALLEL,
    );
  };
  return middy(runJobs).use(injectLambdaContext(telemetry.logger)).use(logMetrics(telemetry.emf));
}

export const handler = builtOnFirstInvocation<SQSEvent, Context, SQSBatchResponse>(() =>
  createHandler(mergeFunctionDeps('fetcher', mergeFunctionConfigFromEnvironment(process.env))),
);
