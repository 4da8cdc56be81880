import { randomUUID } from 'node:crypto';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { loadSyncConfig } from '../../shared/config/sync-config';
import { MemoryMetrics, silentLog } from '../../shared/observability/ports';
import { SqsMessageQueue } from '../../shared/queue/sqs-queue';
import { systemClock } from '../../shared/runtime/clock';
import { DynamoAccountStore } from '../../shared/store/dynamodb/account-store';
import { DynamoDedupeStore } from '../../shared/store/dynamodb/dedupe-store';
import { DynamoRecordStore } from '../../shared/store/dynamodb/record-store';
import { DynamoSyncStateStore } from '../../shared/store/dynamodb/sync-state-store';
import type { MergeReader, SyncDeps } from '../../shared/sync/ports';
import { STACK_OUTPUTS } from '../aws/stack-outputs';
import { TargetError } from './errors';
import { cliMergeReader, stackMergeAccess } from './merge-access';

/** A CLI target, connected: the engine's dependencies plus the raw SQS client for dead letters. */
export interface ConnectedTarget {
  deps: SyncDeps;
  target: DeploymentTarget;
  sqs: SQSClient;
  /** Merge, for commands that ask it something (accounts add checks a token): the engine's client and pacer. */
  merge: () => Promise<MergeReader>;
  close: () => void;
}

/** Where a deployment keeps its data and work, as its stack outputs say. */
export interface DeploymentTarget {
  tableName: string;
  queues: { events: string; polls: string; jobs: string };
  deadLetterQueues: { events: string; polls: string; jobs: string };
  /** The secret holding Merge's API key (accounts add reads it to check a token). */
  apiKeySecretName?: string;
}

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
  return {
    tableName: need('tableName'),
    queues: { events: need('eventsQueueUrl'), polls: need('pollsQueueUrl'), jobs: need('jobsQueueUrl') },
    deadLetterQueues: {
      events: need('eventsDeadLetterQueueUrl'),
      polls: need('pollsDeadLetterQueueUrl'),
      jobs: need('jobsDeadLetterQueueUrl'),
    },
    apiKeySecretName: outputs[STACK_OUTPUTS.apiKeySecretName],
  };
}

/** The engine's dependencies over a deployment's table and queues, with the given SDK clients. */
export function depsForTarget(
  target: DeploymentTarget,
  clients: { dynamodb: DynamoDBClient; sqs: SQSClient },
): SyncDeps {
  return {
    settings: loadSyncConfig(),
    accounts: new DynamoAccountStore(clients.dynamodb, target.tableName),
    states: new DynamoSyncStateStore(clients.dynamodb, target.tableName),
    records: new DynamoRecordStore(clients.dynamodb, target.tableName),
    dedupe: new DynamoDedupeStore(clients.dynamodb, target.tableName, systemClock),
    queue: new SqsMessageQueue(clients.sqs, target.queues),
    clock: systemClock,
    log: silentLog,
    metrics: new MemoryMetrics(),
    newId: randomUUID,
  };
}

/**
 * A deployed stack as the CLI's target: its outputs (DescribeStacks) name the table and queues; the
 * user's own AWS credentials and region (the standard chain: profile, environment, SSO) do the rest.
 */
export async function connectAws(
  stackName: string,
  region?: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ConnectedTarget> {
  const config = region ? { region } : {};
  const cloudformation = new CloudFormationClient(config);
  let outputs: Record<string, string | undefined>;
  try {
    const out = await cloudformation.send(new DescribeStacksCommand({ StackName: stackName }));
    outputs = Object.fromEntries(
      (out.Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue]),
    );
  } catch (error) {
    throw new TargetError(
      `cannot read stack ${stackName} (${error instanceof Error ? error.name : 'error'}); check --stack, --region and your AWS credentials`,
    );
  } finally {
    cloudformation.destroy();
  }
  const target = targetFromOutputs(outputs);
  const dynamodb = new DynamoDBClient(config);
  const sqs = new SQSClient(config);
  const deps = depsForTarget(target, { dynamodb, sqs });
  return {
    deps,
    target,
    sqs,
    merge: () =>
      cliMergeReader({
        ...stackMergeAccess(target.apiKeySecretName, region, env),
        dynamodb,
        tableName: target.tableName,
        settings: deps.settings,
      }),
    close: () => {
      dynamodb.destroy();
      sqs.destroy();
    },
  };
}
