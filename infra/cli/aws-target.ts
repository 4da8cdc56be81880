import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SyncSettings } from '../../shared/config/sync-config';
import { operatorClients, operatorDeps, type OperatorClients } from '../../shared/runtime/deps/operator-deps';
import type { MergeClient } from '../../shared/merge/client';
import { DynamoWriteStore } from '../../shared/store/dynamodb/write-store';
import type { TokenKeyConfig } from '../../shared/runtime/config/runtime-config';
import type { SyncDeps } from '../../shared/sync/ports';
import type { WriteStore } from '../../shared/writes/ports';
import { STACK_OUTPUTS } from '../aws/stack-outputs';
import { TargetError } from './errors';
import { cliMergeReader, stackMergeAccess } from './merge-access';
import { stackWebhookUrls, type WebhookEndpoint } from './webhook-urls';

/** A CLI target, connected: the engine's dependencies plus the raw SQS client for dead letters. */
export interface ConnectedTarget {
  deps: SyncDeps;
  /** The deployment's writes back to Merge (write, writes list). */
  writes: WriteStore;
  target: DeploymentTarget;
  sqs: SQSClient;
  /** Merge, for commands that ask it something (accounts add, --in-merge): the engine's client and pacer. */
  merge: () => Promise<MergeClient>;
  /** Where Merge must post webhooks (webhook-url): the path secret included. */
  webhookUrls: () => Promise<WebhookEndpoint[]>;
  close: () => void;
}

/** Where a deployment keeps its data and work, as its stack outputs say. */
export interface DeploymentTarget {
  tableName: string;
  /** `writes` is absent for a stack deployed before writes existed. */
  queues: { events: string; polls: string; jobs: string; writes?: string };
  deadLetterQueues: { events: string; polls: string; jobs: string; writes?: string };
  /** The secret holding Merge's API key (accounts add reads it to check a token). */
  apiKeySecretName?: string;
  /** The key account tokens are sealed with (the stack's KMS key, or the local runtime's key). */
  tokenKey?: TokenKeyConfig;
}

const optional = (name: 'writes', value: string | undefined) => (value ? { [name]: value } : {});

/** Reads the outputs the CLI needs, naming any that is missing (an older stack: deploy again). */
export function targetFromOutputs(outputs: Record<string, string | undefined>): DeploymentTarget {
  const need = (key: keyof typeof STACK_OUTPUTS) => {
    const value = outputs[STACK_OUTPUTS[key]];
    if (!value)
      throw new TargetError(
        `the stack has no output ${STACK_OUTPUTS[key]}; deploy this version of the stack first`,
      );
    return value;
  };
  const tokenKeyArn = outputs[STACK_OUTPUTS.tokenKeyArn];
  return {
    tableName: need('tableName'),
    queues: {
      events: need('eventsQueueUrl'),
      polls: need('pollsQueueUrl'),
      jobs: need('jobsQueueUrl'),
      ...optional('writes', outputs[STACK_OUTPUTS.writesQueueUrl]),
    },
    deadLetterQueues: {
      events: need('eventsDeadLetterQueueUrl'),
      polls: need('pollsDeadLetterQueueUrl'),
      jobs: need('jobsDeadLetterQueueUrl'),
      ...optional('writes', outputs[STACK_OUTPUTS.writesDeadLetterQueueUrl]),
    },
    apiKeySecretName: outputs[STACK_OUTPUTS.apiKeySecretName],
    ...(tokenKeyArn ? { tokenKey: { kmsKeyId: tokenKeyArn } } : {}),
  };
}

/**
 * The engine's dependencies over a deployment's table and queues (shared/runtime/deps builds them),
 * with the given SDK clients and the sync config the CLI read from its environment.
 */
export function depsForTarget(
  target: DeploymentTarget,
  clients: OperatorClients,
  settings: SyncSettings,
): SyncDeps {
  return operatorDeps(
    {
      tableName: target.tableName,
      queueUrls: target.queues,
      ...(target.tokenKey ? { tokenKey: target.tokenKey } : {}),
    },
    settings,
    clients,
  );
}

/** A connected target over `clients`, which `close` destroys. */
export function connectedTarget(
  target: DeploymentTarget,
  clients: OperatorClients,
  settings: SyncSettings,
  merge: () => Promise<MergeClient>,
  webhookUrls: () => Promise<WebhookEndpoint[]>,
): ConnectedTarget {
  return {
    deps: depsForTarget(target, clients, settings),
    writes: new DynamoWriteStore(clients.dynamodb, target.tableName),
    target,
    sqs: clients.sqs,
    merge,
    webhookUrls,
    close: () => {
      clients.dynamodb.destroy();
      clients.sqs.destroy();
      clients.kms?.destroy();
    },
  };
}

/** A deployed stack's outputs by key, read with the user's own AWS credentials. */
export async function readStackOutputs(
  stackName: string,
  region?: string,
): Promise<Record<string, string | undefined>> {
  const cloudformation = new CloudFormationClient(region ? { region } : {});
  try {
    const out = await cloudformation.send(new DescribeStacksCommand({ StackName: stackName }));
    return Object.fromEntries(
      (out.Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue]),
    );
  } catch (error) {
    throw new TargetError(
      `cannot read stack ${stackName} (${error instanceof Error ? error.name : 'error'}); check --stack, --region and your AWS credentials`,
    );
  } finally {
    cloudformation.destroy();
  }
}

/**
 * A deployed stack as the CLI's target: its outputs (DescribeStacks) name the table and queues; the
 * user's own AWS credentials and region (the standard chain: profile, environment, SSO) do the rest.
 */
export async function connectAws(
  stackName: string,
  settings: SyncSettings,
  region?: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ConnectedTarget> {
  const config = region ? { region } : {};
  const outputs = await readStackOutputs(stackName, region);
  const target = targetFromOutputs(outputs);
  const clients = operatorClients(config);
  return connectedTarget(
    target,
    clients,
    settings,
    () =>
      cliMergeReader({
        ...stackMergeAccess(target.apiKeySecretName, region, env),
        dynamodb: clients.dynamodb,
        tableName: target.tableName,
        settings,
      }),
    () =>
      stackWebhookUrls(
        {
          baseUrl: outputs[STACK_OUTPUTS.webhookBaseUrl],
          pathSecrets: outputs[STACK_OUTPUTS.webhookPathSecrets],
        },
        region,
      ),
  );
}
