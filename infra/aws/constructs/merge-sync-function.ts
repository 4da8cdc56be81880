import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { accountPk, LISTING_COUNTS_PREFIX, MERGE_FAILURES_PK } from '../../../shared/store/keys';
import { TOKEN_KEY_PURPOSE } from '../../../shared/store/tokens/token-sealer';
import { FUNCTION_SIZING, type FunctionName } from './function-sizing';
import {
  DEPS_LOCK_FILE,
  LAMBDA_BUNDLING,
  LAMBDA_RUNTIME,
  PROJECT_ROOT,
  functionEntry,
} from './lambda-bundling';
import { INDEX_NAMES, KEY_ACTIONS, TABLE_ACTIONS, type TableAccess } from './table-permissions';
import type { WorkQueue } from './work-queue';

export type { TableAccess } from './table-permissions';

/** What every function shares, decided once per deployment (see deployment-settings.ts). */
export interface FunctionDefaults {
  /** Powertools' LOG_LEVEL. */
  logLevel: string;
  /** The CloudWatch namespace of the functions' EMF metrics (METRICS_NAMESPACE). */
  metricsNamespace: string;
  logRetention: RetentionDays;
  /** Encrypts every log group (operations-key.ts). */
  logKey: IKey;
}

export interface MergeSyncFunctionProps {
  /** The folder under functions/ holding handler.ts. */
  name: FunctionName;
  description: string;
  defaults: FunctionDefaults;
  environment?: Record<string, string>;
}

/** The secrets a function may read; the code reads `<NAME>_SECRET_ID` (shared/runtime/secrets.ts). */
export type SecretVariable =
  'MERGE_API_KEY' | 'MERGE_WEBHOOK_SIGNATURE_KEY' | 'MERGE_WEBHOOK_SIGNATURE_KEY_PREVIOUS';

/**
 * One of the project's Lambda functions with every default in one place: the newest Node.js
 * runtime on ARM64 (cheaper per GB-second, and our code has no native modules), bundled by the
 * local esbuild (lambda-bundling.ts), X-Ray tracing, source-mapped stack traces, Powertools'
 * settings, and its own log group with a bounded retention. Memory and timeout come from
 * function-sizing.ts.
 *
 * Its role starts empty (no AWSLambdaBasicExecutionRole: that grants logs on every log group) and
 * the methods below add one capability at a time, each setting the environment variable the code
 * reads and granting only the actions that code calls, on only that resource.
 */
export class MergeSyncFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  /** Powertools' `service` dimension on every metric this function emits. */
  readonly serviceName: FunctionName;

  constructor(scope: Construct, id: string, props: MergeSyncFunctionProps) {
    super(scope, id);
    const sizing = FUNCTION_SIZING[props.name];
    this.serviceName = props.name;
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.defaults.logRetention,
      encryptionKey: props.defaults.logKey,
      // Logs expire anyway; removing them with the stack leaves nothing behind to pay for.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${props.name} function`,
    });
    this.logGroup.grantWrite(this.role);
    this.function = new NodejsFunction(this, 'Function', {
      entry: functionEntry(props.name),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: DEPS_LOCK_FILE,
      runtime: LAMBDA_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: sizing.memorySize,
      timeout: sizing.timeout,
      description: props.description,
      role: this.role,
      logGroup: this.logGroup,
      tracing: Tracing.ACTIVE,
      bundling: LAMBDA_BUNDLING,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        LOG_LEVEL: props.defaults.logLevel,
        METRICS_NAMESPACE: props.defaults.metricsNamespace,
        ...props.environment,
      },
    });
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only the two X-Ray actions that active tracing adds (xray:PutTraceSegments, xray:PutTelemetryRecords) ' +
        'use Resource "*": X-Ray has no resource-level permissions. Every other statement names its resource; ' +
        'test/infra/iam.test.ts pins the exact (action, resource) pairs of each role.',
    });
  }

  /**
   * TABLE_NAME, and the item actions the stores call on the table plus Query on its indexes. Who
   * writes accounts also adds to GET /accounts' counts: UpdateItem (an atomic ADD), on their
   * partitions only (dynamodb:LeadingKeys `LISTING_COUNTS#*`).
   */
  useTable(table: ITable, access: TableAccess): this {
    this.function.addEnvironment('TABLE_NAME', table.tableName);
    this.allow(TABLE_ACTIONS[access], [table.tableArn]);
    if (access === 'read-write')
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['dynamodb:UpdateItem'],
          resources: [table.tableArn],
          conditions: {
            'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${LISTING_COUNTS_PREFIX}*`] },
          },
        }),
      );
    this.allow(
      ['dynamodb:Query'],
      INDEX_NAMES.map((index) => `${table.tableArn}/index/${index}`),
    );
    if (table.encryptionKey) {
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: KEY_ACTIONS[access],
          resources: [table.encryptionKey.keyArn],
          conditions: {
            StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(this).region}.amazonaws.com` },
          },
        }),
      );
    }
    return this;
  }

  /**
   * UpdateItem (an atomic ADD) on the shared failure guard's time buckets, and on nothing else: the
   * grant is limited to their partition (dynamodb:LeadingKeys). For functions that call Merge; the
   * buckets are read with the Query that useTable already allows.
   */
  countsMergeFailures(table: ITable): this {
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:UpdateItem'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [MERGE_FAILURES_PK] } },
      }),
    );
    return this;
  }

  /**
   * PutItem only into accounts' partitions (dynamodb:LeadingKeys `ACCOUNT#*`): the write API stores
   * writes and their idempotency keys there, and can touch nothing else (records, the schedules).
   * With useTable(table, 'read') for its reads.
   */
  putsIntoAccountPartitions(table: ITable): this {
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${accountPk('')}*`] } },
      }),
    );
    if (!table.encryptionKey) return this;
    const viaDynamoDb = { 'kms:ViaService': `dynamodb.${Stack.of(this).region}.amazonaws.com` };
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['kms:Encrypt', 'kms:GenerateDataKey'],
        resources: [table.encryptionKey.keyArn],
        conditions: { StringEquals: viaDynamoDb },
      }),
    );
    return this;
  }

  /** `<QUEUE>_DEAD_LETTER_QUEUE_URL` and sqs:SendMessage on the queue's dead-letter queue. */
  sendsToDeadLetters(queue: WorkQueue): this {
    const variable = `${queue.queueName.toUpperCase()}_DEAD_LETTER_QUEUE_URL`;
    this.function.addEnvironment(variable, queue.deadLetterQueue.queueUrl);
    this.allow(['sqs:SendMessage'], [queue.deadLetterQueue.queueArn]);
    return this;
  }

  /**
   * `<QUEUE>_QUEUE_URL` and sqs:SendMessage (also SendMessageBatch) on that queue; on a queue with
   * its own key, the data-key actions SQS asks KMS for on a producer's behalf, through SQS only.
   */
  sendsTo(queue: WorkQueue): this {
    this.function.addEnvironment(`${queue.queueName.toUpperCase()}_QUEUE_URL`, queue.queue.queueUrl);
    this.allow(['sqs:SendMessage'], [queue.queue.queueArn]);
    if (queue.encryptionKey) this.useQueueKey(queue, ['kms:GenerateDataKey', 'kms:Decrypt']);
    return this;
  }

  private useQueueKey(queue: WorkQueue, actions: string[]): void {
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions,
        resources: [queue.encryptionKey!.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `sqs.${Stack.of(this).region}.amazonaws.com` } },
      }),
    );
  }

  /**
   * TOKEN_KMS_KEY_ID and what sealing account tokens takes (shared/store/tokens): new data keys from
   * the token key, for token items only (encryption context). For functions that store tokens.
   */
  sealsTokens(tokenKey: IKey): this {
    return this.useTokenKey(tokenKey, ['kms:GenerateDataKey']);
  }

  /**
   * Sealing, and opening them again (kms:Decrypt): only for the functions that call Merge with a
   * token (event processor, poller, fetcher, writer); test/infra/token-encryption.test.ts pins that.
   */
  opensTokens(tokenKey: IKey): this {
    return this.useTokenKey(tokenKey, ['kms:GenerateDataKey', 'kms:Decrypt']);
  }

  private useTokenKey(tokenKey: IKey, actions: string[]): this {
    this.function.addEnvironment('TOKEN_KMS_KEY_ID', tokenKey.keyArn);
    const purpose = { 'kms:EncryptionContext:purpose': TOKEN_KEY_PURPOSE };
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions, resources: [tokenKey.keyArn], conditions: { StringEquals: purpose } }),
    );
    return this;
  }

  /**
   * Consumes the queue with the batch size and concurrency of its design, reporting failed records
   * one by one (ReportBatchItemFailures) so one bad message never makes its batch-mates retry.
   */
  consumes(queue: WorkQueue): this {
    const design = queue.design;
    const timeoutSeconds = this.function.timeout?.toSeconds() ?? 3;
    if (timeoutSeconds > design.consumerTimeoutSeconds) {
      throw new Error(
        `${this.serviceName} times out after ${timeoutSeconds} s but the ${queue.queueName} queue's visibility ` +
          `timeout is sized for ${design.consumerTimeoutSeconds} s (shared/queue/queue-design.ts)`,
      );
    }
    this.function.addEventSource(
      new SqsEventSource(queue.queue, {
        batchSize: design.batchSize,
        ...(design.maxBatchingWindowSeconds
          ? { maxBatchingWindow: Duration.seconds(design.maxBatchingWindowSeconds) }
          : {}),
        reportBatchItemFailures: true,
        maxConcurrency: design.maxConcurrency,
      }),
    );
    return this;
  }

  /** `<NAME>_SECRET_ID` (never the value) and GetSecretValue on that one secret. */
  readsSecret(secret: ISecret, variable: SecretVariable): this {
    this.function.addEnvironment(`${variable}_SECRET_ID`, secret.secretArn);
    this.allow(['secretsmanager:GetSecretValue'], [secret.secretArn]);
    return this;
  }

  /** EVENT_BUS_NAME and events:PutEvents on that bus. */
  publishesTo(bus: IEventBus): this {
    this.function.addEnvironment('EVENT_BUS_NAME', bus.eventBusName);
    this.allow(['events:PutEvents'], [bus.eventBusArn]);
    return this;
  }

  private allow(actions: string[], resources: string[]): void {
    this.role.addToPrincipalPolicy(new PolicyStatement({ actions, resources }));
  }
}
