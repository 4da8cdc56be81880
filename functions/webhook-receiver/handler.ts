import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { receiveWebhook, type ReceiveWebhookDeps } from '../../shared/ingest/receive-webhook';
import { SIGNATURE_HEADER } from '../../shared/merge/signature';
import { receiverConfigFromEnvironment } from '../../shared/runtime/config/receiver-from-environment';
import { receiverDeps, type ReceiverDeps } from '../../shared/runtime/deps/receiver-deps';
import { builtOnFirstInvocation } from '../../shared/runtime/first-invocation';

/**
 * POST /webhooks/merge: verify, validate, queue, answer (see shared/ingest/receive-webhook.ts).
 * The hot path of the stack, so no middleware chain: the Lambda context goes on the logger and the
 * stored metrics are flushed here, which is all the Powertools middlewares did.
 */
export function createHandler({ receive, telemetry }: ReceiverDeps) {
  return async (
    event: APIGatewayProxyEventV2,
    context: Context,
  ): Promise<APIGatewayProxyStructuredResultV2> => {
    telemetry.logger.addContext(context);
    try {
      return await answer(receive, event);
    } finally {
      telemetry.emf.publishStoredMetrics();
    }
  };
}

export const handler = builtOnFirstInvocation(() =>
  createHandler(receiverDeps(receiverConfigFromEnvironment(process.env))),
);

async function answer(
  deps: ReceiveWebhookDeps,
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> {
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
