import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { writeApiConfigFromEnvironment } from '../../shared/runtime/config/from-environment';
import { writeApiDeps, type WriteApiFunctionDeps } from '../../shared/runtime/deps/write-api-deps';
import { builtOnFirstInvocation } from '../../shared/runtime/first-invocation';
import { routeWriteRequest } from '../../shared/writes/routes';

/** The write routes of shared/writes/routes.ts (IAM-authorized in AWS): accept, list, get. */
export function createHandler({ api, telemetry }: WriteApiFunctionDeps) {
  const writeRoute = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const body =
      event.body === undefined
        ? undefined
        : event.isBase64Encoded
          ? Buffer.from(event.body, 'base64').toString('utf8')
          : event.body;
    const result = await routeWriteRequest(api, {
      method: event.requestContext.http.method,
      path: event.rawPath,
      query: event.queryStringParameters ?? {},
      ...(body === undefined ? {} : { body }),
    });
    // The path and status only: a write's body may hold personal data.
    if (result.status >= 500) telemetry.logger.error('write request failed', { path: event.rawPath });
    return {
      statusCode: result.status,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(result.body),
    };
  };
  return middy(writeRoute).use(injectLambdaContext(telemetry.logger));
}

export const handler = builtOnFirstInvocation<
  APIGatewayProxyEventV2,
  Context,
  APIGatewayProxyStructuredResultV2
>(() => createHandler(writeApiDeps(writeApiConfigFromEnvironment(process.env))));
