import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { consoleCaller } from '../../shared/console/console-access';
import { routeConsoleRequest } from '../../shared/console/console-routes';
import { consoleConfigFromEnvironment } from '../../shared/runtime/config/console-from-environment';
import { consoleDeps, type ConsoleDeps } from '../../shared/runtime/deps/console-deps';
import { builtOnFirstInvocation } from '../../shared/runtime/first-invocation';

type ConsoleEvent = APIGatewayProxyEventV2;

/** The claims API Gateway's JWT authorizer passes on (absent without one, as locally). */
const jwtClaims = (event: ConsoleEvent) =>
  (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } }).authorizer?.jwt
    ?.claims;

/** GET /console/ and its data and actions (shared/console); in AWS behind a Cognito JWT authorizer. */
export function createHandler({ engine, page, requireSignIn, telemetry }: ConsoleDeps) {
  const serve = async (event: ConsoleEvent): Promise<APIGatewayProxyStructuredResultV2> => {
    const body =
      event.body === undefined
        ? undefined
        : event.isBase64Encoded
          ? Buffer.from(event.body, 'base64').toString()
          : event.body;
    const result = await routeConsoleRequest(engine, page, {
      method: event.requestContext.http.method,
      path: event.rawPath,
      query: event.queryStringParameters ?? {},
      body,
      caller: consoleCaller(requireSignIn, jwtClaims(event)),
    });
    if (result.status >= 500) telemetry.logger.error('console request failed', { path: event.rawPath });
    return {
      statusCode: result.status,
      headers: {
        'content-type': result.contentType,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'content-security-policy':
          "default-src 'self'; script-src 'self' 'unsafe-inline'; connect-src 'self' https:; frame-ancestors 'none'",
      },
      body: result.body,
    };
  };
  return middy(serve).use(injectLambdaContext(telemetry.logger));
}

export const handler = builtOnFirstInvocation<ConsoleEvent, Context, APIGatewayProxyStructuredResultV2>(() =>
  createHandler(consoleDeps(consoleConfigFromEnvironment(process.env))),
);
