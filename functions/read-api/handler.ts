import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { routeReadRequest } from '../../shared/read-api/routes';
import { readApiConfigFromEnvironment } from '../../shared/runtime/config/from-environment';
import { readApiDeps, type ReadApiDeps } from '../../shared/runtime/deps/read-api-deps';
import { builtOnFirstInvocation } from '../../shared/runtime/first-invocation';

/** The read routes of shared/read-api/routes.ts (IAM-authorized in AWS). */
export function createHandler({ read, telemetry }: ReadApiDeps) {
  const readRoute = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const result = await routeReadRequest(read, {
      method: event.requestContext.http.method,
      path: event.rawPath,
      query: event.queryStringParameters ?? {},
    });
    if (result.status >= 500) telemetry.logger.error('read request failed', { path: event.rawPath });
    return {
      statusCode: result.status,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(result.body),
    };
  };
  return middy(readRoute).use(injectLambdaContext(telemetry.logger));
}

export const handler = builtOnFirstInvocation<
  APIGatewayProxyEventV2,
  Context,
  APIGatewayProxyStructuredResultV2
>(() => createHandler(readApiDeps(readApiConfigFromEnvironment(process.env))));
