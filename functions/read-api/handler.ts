import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { loadSyncConfig } from '../../shared/config/sync-config';
import { createPowertools } from '../../shared/observability/powertools';
import { routeReadRequest } from '../../shared/read-api/routes';
import { systemClock } from '../../shared/runtime/clock';
import { optionalNumberEnv, requireEnv } from '../../shared/runtime/environment';
import { DynamoAccountStore } from '../../shared/store/dynamodb/account-store';
import { DynamoRecordStore } from '../../shared/store/dynamodb/record-store';
import { DynamoSyncStateStore } from '../../shared/store/dynamodb/sync-state-store';

const { logger } = createPowertools('read-api');
const dynamodb = new DynamoDBClient({});
const tableName = requireEnv('TABLE_NAME');
const deps = {
  accounts: new DynamoAccountStore(dynamodb, tableName),
  states: new DynamoSyncStateStore(dynamodb, tableName),
  records: new DynamoRecordStore(dynamodb, tableName),
  settings: loadSyncConfig(),
  clock: systemClock,
  settleMs: optionalNumberEnv('FEED_SETTLE_MS'),
};

/** The read routes of shared/read-api/routes.ts (IAM-authorized in AWS). */
async function read(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const result = await routeReadRequest(deps, {
    method: event.requestContext.http.method,
    path: event.rawPath,
    query: event.queryStringParameters ?? {},
  });
  if (result.status >= 500) logger.error('read request failed', { path: event.rawPath });
  return {
    statusCode: result.status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(result.body),
  };
}

export const handler = middy(read).use(injectLambdaContext(logger));
