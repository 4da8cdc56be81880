import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SyncSettings } from '../../shared/config/sync-config';
import { createMergeClient, type MergeClient } from '../../shared/merge/client';
import { resolveMergeBaseUrl } from '../../shared/merge/regions';
import { SharedRequestPacer } from '../../shared/merge/shared-request-pacer';
import { systemClock } from '../../shared/runtime/clock';
import { DynamoRateScheduleStore } from '../../shared/store/dynamodb/rate-schedule-store';
import { TargetError } from './errors';

/** Where the CLI finds Merge, and with which key. */
export interface MergeAccessConfig {
  baseUrl: string;
  apiKey: () => Promise<string>;
  /** The target's table: requests are paced through the same per-account schedule as the functions'. */
  dynamodb: DynamoDBClient;
  tableName: string;
  settings: SyncSettings;
}

/**
 * The engine's Merge client for the CLI (accounts add checks a token with it; resync and accounts
 * remove --in-merge ask Merge to act): the same client, the same shared per-account pacer over the
 * target's table, fewer retries (a person is waiting).
 */
export async function cliMergeReader(config: MergeAccessConfig): Promise<MergeClient> {
  const pacer = new SharedRequestPacer(new DynamoRateScheduleStore(config.dynamodb, config.tableName), {
    requestsPerMinute: config.settings.requestsPerMinute,
    budgetShare: config.settings.config.budgetShare,
    clock: systemClock,
  });
  return createMergeClient({ baseUrl: config.baseUrl, apiKey: await config.apiKey(), pacer, maxAttempts: 2 });
}

/** A deployed stack's Merge: the key from its secret (output MergeApiKeySecretName), the region from the environment. */
export function stackMergeAccess(
  secretName: string | undefined,
  region: string | undefined,
  env: NodeJS.ProcessEnv,
): Pick<MergeAccessConfig, 'baseUrl' | 'apiKey'> {
  return {
    baseUrl: resolveMergeBaseUrl({ baseUrl: env.MERGE_BASE_URL, region: env.MERGE_REGION }),
    apiKey: async () => {
      if (!secretName)
        throw new TargetError('the stack has no output MergeApiKeySecretName; deploy it again');
      const client = new SecretsManagerClient(region ? { region } : {});
      try {
        const out = await client.send(new GetSecretValueCommand({ SecretId: secretName }));
        const value = out.SecretString?.trim();
        if (!value)
          throw new TargetError(`secret ${secretName} has no value yet (docs/deployment.md, step 5)`);
        return value;
      } catch (error) {
        if (error instanceof TargetError) throw error;
        throw new TargetError(
          `cannot read secret ${secretName} (${error instanceof Error ? error.name : 'error'}); check your AWS credentials`,
        );
      } finally {
        client.destroy();
      }
    },
  };
}

/** The local runtime's Merge: its base URL (GET /local/runtime), the key from this shell's MERGE_API_KEY. */
export function localMergeAccess(
  merge: { baseUrl: string; embeddedSimulator: boolean } | undefined,
  env: NodeJS.ProcessEnv,
): Pick<MergeAccessConfig, 'baseUrl' | 'apiKey'> {
  if (!merge)
    throw new TargetError('this local runtime does not say which Merge it uses; restart it with npm start');
  if (merge.embeddedSimulator)
    throw new TargetError(
      'the runtime uses its embedded simulator, whose accounts only the demo links; to import an account (or ask Merge to resync or delete one), run npm start -- --merge-base-url URL against a real Merge or a standalone simulator (docs/operations.md)',
    );
  return {
    baseUrl: merge.baseUrl,
    apiKey: async () => {
      if (!env.MERGE_API_KEY)
        throw new TargetError(
          'checking the token with Merge needs MERGE_API_KEY (the key the runtime uses) in this shell',
        );
      return env.MERGE_API_KEY;
    },
  };
}
