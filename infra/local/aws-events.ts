import type { APIGatewayProxyEventV2, EventBridgeEvent } from 'aws-lambda';

/** An API Gateway HTTP API (payload 2.0) event, as the webhook route receives it. */
export function httpApiEvent(input: {
  method?: string;
  path?: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
  base64?: boolean;
  queryStringParameters?: Record<string, string>;
  sourceIp?: string;
}): APIGatewayProxyEventV2 {
  const method = input.method ?? 'POST';
  const path = input.path ?? '/webhooks/merge';
  const raw =
    input.body === undefined ? undefined : Buffer.isBuffer(input.body) ? input.body : Buffer.from(input.body);
  const headers = Object.fromEntries(
    Object.entries(input.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
  );
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: new URLSearchParams(input.queryStringParameters ?? {}).toString(),
    headers: {
      'content-type': 'application/json',
      host: 'abc123.execute-api.us-east-1.amazonaws.com',
      ...headers,
    },
    ...(input.queryStringParameters ? { queryStringParameters: input.queryStringParameters } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: {
        method,
        path,
        protocol: 'HTTP/1.1',
        sourceIp: input.sourceIp ?? '203.0.113.10',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: `req-${Math.random().toString(36).slice(2)}`,
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    ...(raw === undefined ? {} : { body: input.base64 ? raw.toString('base64') : raw.toString('utf8') }),
    isBase64Encoded: input.base64 ?? false,
  };
}

/** The event an EventBridge schedule delivers, with our cadence tier in `detail`. */
export function scheduledEvent<D>(detail: D): EventBridgeEvent<'Scheduled Event', D> {
  return {
    version: '0',
    id: `evt-${Math.random().toString(36).slice(2)}`,
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '123456789012',
    time: new Date().toISOString(),
    region: 'us-east-1',
    resources: ['arn:aws:events:us-east-1:123456789012:rule/merge-sync-poll'],
    detail,
  };
}
