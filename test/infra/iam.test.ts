import type { MergeSyncFunction } from '../../infra/aws/constructs/merge-sync-function';
import type { WorkQueue } from '../../infra/aws/constructs/work-queue';
import { permissionsOfRole } from './support/iam';
import { defaultDeployment } from './support/synth';

describe('IAM: each function may do exactly what its code does, on exactly its resources', () => {
  const { stack, template, logicalId } = defaultDeployment();
  const { ingest, sync, readApi, storage, secrets } = stack;
  const arn = (construct: Parameters<typeof logicalId>[0]) => `${logicalId(construct)}.Arn`;
  const viaDynamoDb = 'if kms:ViaService=dynamodb.AWS::Region.amazonaws.com';
  const permissions = (fn: MergeSyncFunction) => permissionsOfRole(template, logicalId(fn.role));

  const ownLogsAndTracing = (fn: MergeSyncFunction) => [
    `logs:CreateLogStream on ${arn(fn.logGroup)}`,
    `logs:PutLogEvents on ${arn(fn.logGroup)}`,
    'xray:PutTelemetryRecords on *',
    'xray:PutTraceSegments on *',
  ];
  const readTable = [
    `dynamodb:BatchGetItem on ${arn(storage.table)}`,
    `dynamodb:GetItem on ${arn(storage.table)}`,
    `dynamodb:Query on ${arn(storage.table)}`,
    `dynamodb:Query on ${arn(storage.table)}/index/accounts-by-status`,
    `dynamodb:Query on ${arn(storage.table)}/index/record-feed`,
    `dynamodb:Query on ${arn(storage.table)}/index/accounts-by-health`,
    `kms:Decrypt on ${arn(storage.tableKey)} ${viaDynamoDb}`,
    `kms:DescribeKey on ${arn(storage.tableKey)} ${viaDynamoDb}`,
  ];
  const readWriteTable = [
    ...readTable,
    `dynamodb:BatchWriteItem on ${arn(storage.table)}`,
    `dynamodb:DeleteItem on ${arn(storage.table)}`,
    `dynamodb:PutItem on ${arn(storage.table)}`,
    // GET /accounts' counts, changed with every account write (atomic ADDs), and nothing else.
    `dynamodb:UpdateItem on ${arn(storage.table)} if dynamodb:LeadingKeys=LISTING_COUNTS#*`,
    `kms:Encrypt on ${arn(storage.tableKey)} ${viaDynamoDb}`,
    `kms:GenerateDataKey on ${arn(storage.tableKey)} ${viaDynamoDb}`,
  ];
  const consume = (queue: WorkQueue) =>
    ['ChangeMessageVisibility', 'DeleteMessage', 'GetQueueAttributes', 'GetQueueUrl', 'ReceiveMessage'].map(
      (action) => `sqs:${action} on ${arn(queue.queue)}`,
    );
  const sendTo = (queue: WorkQueue) => `sqs:SendMessage on ${arn(queue.queue)}`;
  // The shared failure guard's buckets, and only their partition.
  const countMergeFailures = `dynamodb:UpdateItem on ${arn(storage.table)} if dynamodb:LeadingKeys=MERGE_FAILURES`;
  // Account tokens (token-encryption.test.ts): sealed by the event processor, opened by Merge callers.
  const tokenKey = `${logicalId(storage.tokenKey)}.Arn`;
  const sealTokens = `kms:GenerateDataKey on ${tokenKey} if kms:EncryptionContext:purpose=merge-account-token`;
  const openTokens = [
    sealTokens,
    `kms:Decrypt on ${tokenKey} if kms:EncryptionContext:purpose=merge-account-token`,
  ];
  // The events queue's own key, through SQS.
  const eventsKey = `${logicalId(ingest.eventsQueue.encryptionKey!)}.Arn`;
  const viaSqs = 'if kms:ViaService=sqs.AWS::Region.amazonaws.com';
  const readSecret = (secret: Parameters<typeof logicalId>[0]) =>
    `secretsmanager:GetSecretValue on ${logicalId(secret)}`;

  it('the receiver can only send to the events queue and read the signature key and the one it replaced', () => {
    expect(permissions(ingest.receiver)).toEqual(
      [
        ...ownLogsAndTracing(ingest.receiver),
        sendTo(ingest.eventsQueue),
        `kms:GenerateDataKey on ${eventsKey} ${viaSqs}`,
        `kms:Decrypt on ${eventsKey} ${viaSqs}`,
        readSecret(secrets.webhookSignatureKey),
        readSecret(secrets.previousWebhookSignatureKey),
      ].sort(),
    );
  });

  it('the event processor consumes events, reads and writes the table, sends polls and jobs, reads the API key (token checks), publishes', () => {
    expect(permissions(sync.eventProcessor)).toEqual(
      [
        ...ownLogsAndTracing(sync.eventProcessor),
        ...consume(ingest.eventsQueue),
        `kms:Decrypt on ${eventsKey}`,
        ...readWriteTable,
        ...openTokens,
        sendTo(sync.pollsQueue),
        sendTo(sync.jobsQueue),
        readSecret(secrets.apiKey),
        countMergeFailures,
        `events:PutEvents on ${arn(storage.bus)}`,
      ].sort(),
    );
  });

  it('the poller consumes and sends polls, sends jobs, reads and writes the table, reads the API key, publishes', () => {
    expect(permissions(sync.poller)).toEqual(
      [
        ...ownLogsAndTracing(sync.poller),
        ...consume(sync.pollsQueue),
        ...readWriteTable,
        sendTo(sync.pollsQueue),
        sendTo(sync.jobsQueue),
        readSecret(secrets.apiKey),
        ...openTokens,
        countMergeFailures,
        `events:PutEvents on ${arn(storage.bus)}`,
      ].sort(),
    );
  });

  it('the fetcher consumes and sends jobs, reads and writes the table, reads the API key, publishes to the bus', () => {
    expect(permissions(sync.fetcher)).toEqual(
      [
        ...ownLogsAndTracing(sync.fetcher),
        ...consume(sync.jobsQueue),
        ...readWriteTable,
        sendTo(sync.jobsQueue),
        readSecret(secrets.apiKey),
        ...openTokens,
        countMergeFailures,
        `events:PutEvents on ${arn(storage.bus)}`,
      ].sort(),
    );
  });

  it('the read API can only read the table', () => {
    expect(permissions(readApi.handler)).toEqual(
      [...ownLogsAndTracing(readApi.handler), ...readTable].sort(),
    );
  });

  it('no role carries a managed policy (AWSLambdaBasicExecutionRole would allow writing every log group)', () => {
    const roles = Object.values(template.findResources('AWS::IAM::Role'));
    expect(roles).toHaveLength(8);
    for (const role of roles) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('only API Gateway and the schedules may invoke functions', () => {
    const principals = Object.values(template.findResources('AWS::Lambda::Permission')).map(
      (permission) => permission.Properties.Principal as string,
    );
    expect(new Set(principals)).toEqual(new Set(['apigateway.amazonaws.com', 'events.amazonaws.com']));
  });
});
