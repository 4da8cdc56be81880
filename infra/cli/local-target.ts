import type { SyncSettings } from '../../shared/config/sync-config';
import type { TokenKeyConfig } from '../../shared/runtime/config/runtime-config';
import { operatorClients } from '../../shared/runtime/deps/operator-deps';
import { connectedTarget, type ConnectedTarget, type DeploymentTarget } from './aws-target';
import { TargetError } from './errors';
import { cliMergeReader, localMergeAccess } from './merge-access';

interface RuntimeInfo {
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  tableName: string;
  /** The runtime's account-token key (accounts add seals the token it stores with it). */
  tokenKey?: TokenKeyConfig;
  queues: {
    events: string;
    polls: string;
    jobs: string;
    /** Absent from a runtime older than writes. */
    writes?: string;
    eventsDlq: string;
    pollsDlq: string;
    jobsDlq: string;
    writesDlq?: string;
  };
  /** Which Merge the runtime uses (no key: accounts add takes it from MERGE_API_KEY). */
  merge?: { baseUrl: string; embeddedSimulator: boolean };
  /** Where it serves webhooks, its path secret included. */
  webhookUrl?: string;
}

/**
 * The local runtime as a CLI target: it says where its stand-ins listen (GET /local/runtime), and
 * the CLI then works on the same table and queues with the same code the functions use.
 */
export async function connectLocal(
  url: string,
  settings: SyncSettings,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ConnectedTarget> {
  let info: RuntimeInfo;
  try {
    const res = await fetch(`${url.replace(/\/+$/, '')}/local/runtime`, {
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) throw new Error(`answered ${res.status}`);
    info = (await res.json()) as RuntimeInfo;
  } catch (error) {
    throw new TargetError(
      `no local runtime answers at ${url} (${error instanceof Error ? error.message : String(error)}); start it with npm start, or pass --url`,
    );
  }
  const clients = operatorClients({
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    endpoints: { dynamodb: info.dynamodbEndpoint, sqs: info.sqsEndpoint },
  });
  const { events, polls, jobs, writes, eventsDlq, pollsDlq, jobsDlq, writesDlq } = info.queues;
  const target: DeploymentTarget = {
    tableName: info.tableName,
    queues: { events, polls, jobs, ...(writes ? { writes } : {}) },
    deadLetterQueues: {
      events: eventsDlq,
      polls: pollsDlq,
      jobs: jobsDlq,
      ...(writesDlq ? { writes: writesDlq } : {}),
    },
    ...(info.tokenKey ? { tokenKey: info.tokenKey } : {}),
  };
  return connectedTarget(
    target,
    clients,
    settings,
    () =>
      cliMergeReader({
        ...localMergeAccess(info.merge, env),
        dynamodb: clients.dynamodb,
        tableName: info.tableName,
        settings,
      }),
    async () => {
      if (!info.webhookUrl)
        throw new TargetError(
          'this local runtime does not say where it serves webhooks; restart it with npm start',
        );
      return [{ slot: null, url: info.webhookUrl }];
    },
  );
}
