import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, EventBridgeEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { pollMessageSchema } from '../../shared/queue/messages';
import { POLLS_IN_PARALLEL } from '../../shared/queue/queue-design';
import { mergeFunctionConfigFromEnvironment } from '../../shared/runtime/config/from-environment';
import { mergeFunctionDeps, type MergeFunctionDeps } from '../../shared/runtime/deps/engine-function-deps';
import { builtOnFirstInvocation } from '../../shared/runtime/first-invocation';
import { parseMessage, processSqsBatch } from '../../shared/runtime/sqs-batch';
import { Deadline } from '../../shared/sync/deadline';
import { pollAccount } from '../../shared/sync/poll-account';
import { schedulePolls } from '../../shared/sync/schedule-polls';

/** What a cadence schedule puts in `detail` (the stack's rule input; see infra/aws). */
export interface ScheduleDetail {
  tier?: string;
  reconcile?: boolean;
}

export type PollerEvent = EventBridgeEvent<'Scheduled Event', ScheduleDetail> | SQSEvent;
export type PollerResult = SQSBatchResponse | { accounts: number };

/**
 * Two triggers, one concern: an EventBridge schedule fans out one poll message per account; the
 * polls queue then reads each account's /sync-status and enqueues fetch jobs.
 */
export function createHandler({ engine, merge, telemetry }: MergeFunctionDeps) {
  const poll = async (event: PollerEvent, context: Context): Promise<PollerResult> => {
    if ('Records' in event) {
      const { merge: reader } = await merge();
      // Every request of the batch must end before the invocation does (a rate limit or a deadline
      // too close puts the poll back on its queue, instead of failing it to SQS's 18-minute redelivery).
      const deadline = Deadline.of(context);
      return processSqsBatch(
        event,
        async (record) => {
          await pollAccount(
            { ...engine, merge: reader },
            parseMessage(record, (v) => pollMessageSchema.parse(v)),
            deadline,
          );
        },
        engine.log,
        POLLS_IN_PARALLEL,
      );
    }
    const detail = event.detail ?? {};
    return schedulePolls(engine, {
      reconcile: detail.reconcile === true,
      ...(detail.tier ? { tier: detail.tier } : {}),
    });
  };
  return middy(poll).use(injectLambdaContext(telemetry.logger)).use(logMetrics(telemetry.emf));
}

export const handler = builtOnFirstInvocation<PollerEvent, Context, PollerResult>(() =>
  createHandler(mergeFunctionDeps('sync-status-poller', mergeFunctionConfigFromEnvironment(process.env))),
);
