import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ReadDeps } from '../../read-api/account-state';
import { DynamoAccountStore } from '../../store/dynamodb/account-store';
import { DynamoRecordStore } from '../../store/dynamodb/record-store';
import { DynamoSyncStateStore } from '../../store/dynamodb/sync-state-store';
import type { RecordStore } from '../../store/ports';
import { refusingKeyWrapper, TokenSealer } from '../../store/tokens/token-sealer';
import { systemClock, type Clock } from '../clock';
import type { ReadApiConfig } from '../config/runtime-config';
import { clientConfig } from './aws-clients';
import { createTelemetry, type Telemetry } from './telemetry';

/** What functions/read-api's createHandler takes. */
export interface ReadApiDeps {
  read: ReadDeps & { records: RecordStore; settleMs?: number };
  telemetry: Telemetry;
}

/**
 * The read API reads the table only: accounts, sync states, records; never a token (its account
 * store has no token key, and its role is denied the token items and the token key).
 */
export function readApiDeps(
  config: ReadApiConfig,
  options: { dynamodb?: DynamoDBClient; clock?: Clock } = {},
): ReadApiDeps {
  const dynamodb = options.dynamodb ?? new DynamoDBClient(clientConfig(config.aws, 'dynamodb'));
  const { tableName } = config.engine;
  return {
    read: {
      accounts: new DynamoAccountStore(dynamodb, tableName, new TokenSealer(refusingKeyWrapper)),
      states: new DynamoSyncStateStore(dynamodb, tableName),
      records: new DynamoRecordStore(dynamodb, tableName),
      settings: config.engine.settings,
      clock: options.clock ?? systemClock,
      ...(config.readApi.feedSettleMs === undefined ? {} : { settleMs: config.readApi.feedSettleMs }),
    },
    telemetry: createTelemetry('read-api', config.telemetry),
  };
}
