import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { receiveWebhook } from '../../shared/ingest/receive-webhook';
import { SIGNATURE_HEADER } from '../../shared/merge/signature';
import { asLog, asMetrics, createPowertools } from '../../shared/observability/powertools';
import { SqsMessageQueue } from '../../shared/queue/sqs-queue';
import { systemClock } from '../../shared/runtime/clock';
import { optionalNumberEnv, requireEnv } from '../../shared/runtime/environment';
import { secretFromEnvironment } from '../../shared/runtime/secrets';

const { logger, metrics } = createPowertools('webhook-receiver');
const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });
const deps = {
  signingKey: secretFromEnvironment('MERGE_WEBHOOK_SIGNATURE_KEY'),
  queue: new SqsMessageQueue(sqs, { events: requireEnv('EVENTS_QUEUE_URL') }),
  clock: systemClock,
  log: asLog(logger),
  metrics: asMetrics(metrics),
  maxBodyBytes: optionalNumberEnv('MAX_WEBHOOK_BYTES'),
};

/** POST /webhooks/merge: verify, validate, queue, answer (see shared/ingest/receive-webhook.ts). */
async function receive(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const body = event.body
    ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8')
    : Buffer.alloc(0);
  const result = await receiveWebhook(deps, { body, signature: header(event, SIGNATURE_HEADER) });
  return {
    statusCode: result.status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(
      result.outcome === 'rejected'
        ? { error: result.reason }
        : { status: result.outcome, ...(result.reason ? { reason: result.reason } : {}) },
    ),
  };
}

/** API Gateway v2 lower-cases header names, but a proxy in front might not. */
function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const headers = event.headers ?? {};
  return headers[name] ?? Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
}

export const handler = middy(receive).use(injectLambdaContext(logger)).use(logMetrics(metrics));
