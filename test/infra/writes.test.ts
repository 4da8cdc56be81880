import { Match } from 'aws-cdk-lib/assertions';
import { WRITE_ROUTES } from '../../infra/aws/constructs/writes';
import { QUEUE_DESIGN } from '../../shared/queue/queue-design';
import { WRITE_ROUTES as HANDLER_ROUTES } from '../../shared/writes/routes';
import { matchesEventPattern } from '../helpers/event-pattern-matcher';
import { permissionsOfRole, renderValue } from './support/iam';
import { defaultDeployment } from './support/synth';

describe('writes back to Merge: queue, functions, routes, rule, alarms', () => {
  const { stack, template, logicalId } = defaultDeployment();
  const { writes, storage, secrets, readApi } = stack;
  const arn = (construct: Parameters<typeof logicalId>[0]) => `${logicalId(construct)}.Arn`;
  const viaDynamoDb = 'if kms:ViaService=dynamodb.AWS::Region.amazonaws.com';
  const logsAndTracing = (fn: typeof writes.api) => [
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

  it('the write API can read the table, put items only into accounts’ partitions, and send writes', () => {
    expect(permissionsOfRole(template, logicalId(writes.api.role))).toEqual(
      [
        ...logsAndTracing(writes.api),
        ...readTable,
        `dynamodb:PutItem on ${arn(storage.table)} if dynamodb:LeadingKeys=ACCOUNT#*`,
        `kms:Encrypt on ${arn(storage.tableKey)} ${viaDynamoDb}`,
        `kms:GenerateDataKey on ${arn(storage.tableKey)} ${viaDynamoDb}`,
        `sqs:SendMessage on ${arn(writes.queue.queue)}`,
      ].sort(),
    );
  });

  it('the writer consumes and sends writes, dead-letters give-ups, reads the API key, publishes', () => {
    const consume = [
      'ChangeMessageVisibility',
      'DeleteMessage',
      'GetQueueAttributes',
      'GetQueueUrl',
      'ReceiveMessage',
    ].map((action) => `sqs:${action} on ${arn(writes.queue.queue)}`);
    expect(permissionsOfRole(template, logicalId(writes.writer.role))).toEqual(
      [
        ...logsAndTracing(writes.writer),
        ...consume,
        ...readTable,
        `dynamodb:BatchWriteItem on ${arn(storage.table)}`,
        `dynamodb:DeleteItem on ${arn(storage.table)}`,
        `dynamodb:PutItem on ${arn(storage.table)}`,
        `dynamodb:UpdateItem on ${arn(storage.table)} if dynamodb:LeadingKeys=LISTING_COUNTS#*`,
        `kms:Encrypt on ${arn(storage.tableKey)} ${viaDynamoDb}`,
        `kms:GenerateDataKey on ${arn(storage.tableKey)} ${viaDynamoDb}`,
        `sqs:SendMessage on ${arn(writes.queue.queue)}`,
        `sqs:SendMessage on ${arn(writes.queue.deadLetterQueue)}`,
        `secretsmanager:GetSecretValue on ${logicalId(secrets.apiKey)}`,
        `dynamodb:UpdateItem on ${arn(storage.table)} if dynamodb:LeadingKeys=MERGE_FAILURES`,
        `events:PutEvents on ${arn(storage.bus)}`,
        // It sends each write with the account's token (sealed with the token key).
        `kms:Decrypt on ${arn(storage.tokenKey)} if kms:EncryptionContext:purpose=merge-account-token`,
        `kms:GenerateDataKey on ${arn(storage.tokenKey)} if kms:EncryptionContext:purpose=merge-account-token`,
      ].sort(),
    );
  });

  it('neither writes function sees a secret value; only the writer has the API key’s id', () => {
    const env = (fn: typeof writes.api) =>
      template.findResources('AWS::Lambda::Function')[logicalId(fn.function)]?.Properties.Environment
        .Variables as Record<string, unknown>;
    expect(Object.keys(env(writes.api)).sort()).toEqual(
      [
        'LOG_LEVEL',
        'METRICS_NAMESPACE',
        'NODE_OPTIONS',
        'TABLE_NAME',
        'WRITES_QUEUE_URL',
        'MERGE_PLAN_REQUESTS_PER_MINUTE',
      ].sort(),
    );
    expect(env(writes.writer)).toMatchObject({
      MERGE_API_KEY_SECRET_ID: { Ref: logicalId(secrets.apiKey) },
      WRITES_QUEUE_URL: { Ref: logicalId(writes.queue.queue) },
      WRITES_DEAD_LETTER_QUEUE_URL: { Ref: logicalId(writes.queue.deadLetterQueue) },
      EVENT_BUS_NAME: { Ref: logicalId(storage.bus) },
    });
    expect(env(writes.writer).MERGE_API_KEY).toBeUndefined();
  });

  it('the write routes are the handler’s, on the read API, behind IAM, to the write API function', () => {
    expect(WRITE_ROUTES.map((r) => r.path)).toEqual(HANDLER_ROUTES);
    const apiId = logicalId(readApi.api.httpApi);
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).filter(
      (route) =>
        renderValue(route.Properties.ApiId) === apiId &&
        String(route.Properties.RouteKey).includes('/writes'),
    );
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(
      [
        'GET /accounts/{accountId}/writes',
        'GET /accounts/{accountId}/writes/{writeId}',
        'POST /accounts/{accountId}/writes',
      ].sort(),
    );
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
    for (const route of routes) {
      expect(route.Properties.AuthorizationType).toBe('AWS_IAM');
      const target = renderValue(route.Properties.Target).replace('integrations/', '');
      expect(renderValue(integrations[target]?.Properties.IntegrationUri)).toBe(
        `${logicalId(writes.api.function)}.Arn`,
      );
    }
  });

  it('Write Requested events on the bus, from any source, go to the writes queue', () => {
    const rule = template.findResources('AWS::Events::Rule', {
      Properties: { EventPattern: { 'detail-type': ['Write Requested'] } },
    });
    const [props] = Object.values(rule).map((r) => r.Properties);
    expect(renderValue(props.EventBusName)).toBe(logicalId(storage.bus));
    expect(props.Targets).toEqual([
      expect.objectContaining({ Arn: { 'Fn::GetAtt': [logicalId(writes.queue.queue), 'Arn'] } }),
    ]);
    const event = { source: 'security-scanner', 'detail-type': 'Write Requested', detail: {} };
    expect(matchesEventPattern(props.EventPattern, event)).toBe(true);
    expect(matchesEventPattern(props.EventPattern, { ...event, 'detail-type': 'Write Succeeded' })).toBe(
      false,
    );
    // The queue lets the rule (and only it) send.
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: logicalId(writes.queue.queue) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Condition: { ArnEquals: { 'aws:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('the writer consumes its queue with the designed batch and concurrency; give-ups and age alarm', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalId(writes.queue.queue), 'Arn'] },
      BatchSize: QUEUE_DESIGN.writes.batchSize,
      ScalingConfig: { MaximumConcurrency: QUEUE_DESIGN.writes.maxConcurrency },
    });
    for (const name of ['DeadLetters-writes', 'OldestMessage-writes', 'Errors-writer', 'Errors-write-api'])
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: `MergeSync-${name}` });
  });

  it('outputs what a caller and the CLI need: the POST invoke ARN and the writes queues', () => {
    const outputs = template.findOutputs('*');
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining(['WriteApiInvokeArn', 'WritesQueueUrl', 'WritesDeadLetterQueueUrl']),
    );
    expect(JSON.stringify(outputs.WriteApiInvokeArn?.Value)).toContain('/*/POST/accounts/*/writes');
  });

  it('the dashboard shows the writes: outcomes, retries, dead letters, time to send', () => {
    const body = JSON.stringify(Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0]);
    for (const text of ['Writes back to Merge', 'WritesSucceeded', 'WritesDeadLettered', 'WriteTimeToSend'])
      expect(body).toContain(text);
  });
});
