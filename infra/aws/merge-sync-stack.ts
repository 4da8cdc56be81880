import { CfnOutput, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { loadSyncConfig } from '../../shared/config/sync-config';
import { Ingest } from './constructs/ingest';
import { MergeSecrets } from './constructs/merge-secrets';
import type { FunctionDefaults } from './constructs/merge-sync-function';
import { Observability } from './constructs/observability/observability';
import { OperationsKey } from './constructs/operations-key';
import { ReadApi } from './constructs/read-api';
import { Console } from './constructs/console';
import { Storage } from './constructs/storage';
import { Sync } from './constructs/sync';
import { Writes } from './constructs/writes';
import type { DeploymentSettings } from './deployment-settings';
import { formatPathSecretsOutput, OPEN_PATH_SLOT } from './webhook-path-slots';

export interface MergeSyncStackProps extends StackProps {
  settings: DeploymentSettings;
}

/** Requests per second your backend may make to the read API (bursts: twice that). */
const READ_API_REQUESTS_PER_SECOND = 50;

/**
 * The whole deployment, in the order data flows: storage (table, bus) and the Merge secrets;
 * ingest (webhook API → receiver → events queue); sync (event processor, schedules, poller,
 * fetcher and their queues); the read API; writes back to Merge (on the read API's routes, with
 * their own queue and functions); and observability over all of it.
 */
export class MergeSyncStack extends Stack {
  readonly operationsKey: OperationsKey;
  readonly storage: Storage;
  readonly secrets: MergeSecrets;
  readonly ingest: Ingest;
  readonly sync: Sync;
  readonly readApi: ReadApi;
  readonly writes: Writes;
  readonly console: Console;
  readonly observability: Observability;

  constructor(scope: Construct, id: string, props: MergeSyncStackProps) {
    super(scope, id, {
      description: "Keeps your database in sync with your customers' data through Merge's unified API",
      ...props,
    });
    const { settings } = props;
    Tags.of(this).add('project', 'merge-sync');

    // The functions load the sync config from their environment (shared/config/sync-config.ts);
    // the stack loads it from the very same variables, so the schedules it creates are the tiers
    // the code knows.
    const syncEnvironment = { MERGE_PLAN_REQUESTS_PER_MINUTE: String(settings.planRequestsPerMinute) };
    const syncSettings = loadSyncConfig(syncEnvironment);
    this.operationsKey = new OperationsKey(this, 'OperationsKey');
    const defaults: FunctionDefaults = {
      logLevel: settings.logLevel,
      metricsNamespace: this.stackName,
      // Long enough to investigate last month's incident; bounded so logs never pile up unpaid.
      logRetention: RetentionDays.ONE_MONTH,
      logKey: this.operationsKey.key,
    };

    this.storage = new Storage(this, 'Storage', { archiveKey: this.operationsKey.key });
    this.secrets = new MergeSecrets(this, 'MergeSecrets');
    this.ingest = new Ingest(this, 'Ingest', {
      defaults,
      secrets: this.secrets,
      webhookRequestsPerSecond: settings.webhookRequestsPerSecond,
      webhookPaths: settings.webhookPaths,
    });
    this.sync = new Sync(this, 'Sync', {
      defaults,
      storage: this.storage,
      secrets: this.secrets,
      eventsQueue: this.ingest.eventsQueue,
      settings: syncSettings,
      syncEnvironment,
      mergeRegion: settings.mergeRegion,
    });
    this.readApi = new ReadApi(this, 'ReadApi', {
      defaults,
      table: this.storage.table,
      syncEnvironment,
      requestsPerSecond: READ_API_REQUESTS_PER_SECOND,
    });
    this.writes = new Writes(this, 'Writes', {
      defaults,
      storage: this.storage,
      secrets: this.secrets,
      api: this.readApi.api,
      syncEnvironment,
      mergeRegion: settings.mergeRegion,
    });
    this.console = new Console(this, 'Console', {
      defaults,
      table: this.storage.table,
      bus: this.storage.bus,
      jobsQueue: this.sync.jobsQueue,
      syncEnvironment,
      requestsPerSecond: READ_API_REQUESTS_PER_SECOND,
    });
    const { sync, writes } = this;
    this.observability = new Observability(this, 'Observability', {
      metricsNamespace: defaults.metricsNamespace,
      functions: [
        this.ingest.receiver,
        sync.eventProcessor,
        sync.poller,
        sync.fetcher,
        this.readApi.handler,
        writes.api,
        writes.writer,
      ],
      fetcher: sync.fetcher,
      writer: writes.writer,
      mergeCallers: [sync.fetcher, sync.poller, sync.eventProcessor, writes.writer],
      queues: [this.ingest.eventsQueue, sync.pollsQueue, sync.jobsQueue, writes.queue],
      webhookApi: this.ingest.webhookApi,
      settings: syncSettings,
      syncLagSloMinutes: settings.syncLagSloMinutes,
      alarmEmail: settings.alarmEmail,
      topicKey: this.operationsKey.key,
    });

    // The webhook URL is this plus a path secret, which no output holds: `npx merge-sync webhook-url`
    // reads the secret and prints the URL to paste into Merge's dashboard.
    this.output(
      'WebhookBaseUrl',
      this.ingest.webhookBaseUrl,
      'The webhook URL without its path secret: npx merge-sync webhook-url prints the whole URL',
    );
    this.output(
      'WebhookPathSecrets',
      formatPathSecretsOutput([
        ...this.ingest.webhookPaths.map(({ slot, secret }) => ({ slot, secretName: secret.secretName })),
        ...(this.ingest.openRoute ? [{ slot: OPEN_PATH_SLOT, secretName: 'none' }] : []),
      ]),
      'The secrets holding the webhook path secrets served (slot=secret name)',
    );
    this.output('ReadApiUrl', this.readApi.api.url, 'Base URL of the read API (IAM / SigV4 authorization)');
    this.output(
      'ReadApiInvokeArn',
      this.readApi.invokeArn,
      'Grant execute-api:Invoke on this to your backend',
    );
    this.output(
      'WriteApiInvokeArn',
      writes.invokeArn,
      'Grant execute-api:Invoke on this to a backend that writes back to Merge (POST /accounts/{id}/writes)',
    );
    this.output('ConsoleUrl', this.console.url, 'The integration health console (staff sign in)');
    this.output('ConsoleUserPoolId', this.console.userPool.userPoolId, 'Invite staff: merge-sync users add');
    this.output('DashboardUrl', this.observability.dashboardUrl, 'The CloudWatch dashboard');
    this.output('TableName', this.storage.table.tableName, 'The DynamoDB table (retained on stack deletion)');
    this.output(
      'TokenKeyArn',
      this.storage.tokenKey.keyArn,
      'Seals account tokens: the operator CLI uses it to store a token (accounts add) or call Merge with one',
    );
    this.output('MergeApiKeySecretName', this.secrets.apiKey.secretName, 'Put your Merge API key here');
    this.output(
      'WebhookSignatureKeySecretName',
      this.secrets.webhookSignatureKey.secretName,
      "Put Merge's webhook signature key here",
    );
    this.output(
      'PreviousWebhookSignatureKeySecretName',
      this.secrets.previousWebhookSignatureKey.secretName,
      'While rotating the signature key: the key it replaces (docs/security.md); none otherwise',
    );
    this.output('AlarmTopicArn', this.observability.alarmTopic.topicArn, 'Subscribe to receive the alarms');
    this.output('EventBusName', this.storage.bus.eventBusName, 'Record-change and sync-result events');
    // For the operator CLI (status, resync, dead-letter redrive against this deployment).
    const queues = {
      Events: this.ingest.eventsQueue,
      Polls: sync.pollsQueue,
      Jobs: sync.jobsQueue,
      Writes: writes.queue,
    };
    for (const [name, work] of Object.entries(queues)) {
      this.output(`${name}QueueUrl`, work.queue.queueUrl, `The ${name.toLowerCase()} queue`);
      this.output(
        `${name}DeadLetterQueueUrl`,
        work.deadLetterQueue.queueUrl,
        `Messages of the ${name.toLowerCase()} queue that failed ${work.design.maxReceiveCount} times`,
      );
    }
  }

  private output(id: string, value: string, description: string): void {
    new CfnOutput(this, id, { value, description });
  }
}
