import { SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
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

/**
 * POST /webhooks/merge: verify, validate, queue, answer (see shared/ingest/receive-webhook.ts).
 * The hot path of the stack, so no middleware chain: the Lambda context goes on the logger and the
 * stored metrics are flushed here, which is all the Powertools middlewares did.
 */
export async function handler(
  event: APIGatewayProxyEventV2,
  context: Context,
): Promise<APIGatewayProxyStructuredResultV2> {
  logger.addContext(context);
  try {
    return await receive(event);
  } finally {
    metrics.publishStoredMetrics();
  }
}

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
