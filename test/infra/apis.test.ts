import { Match } from 'aws-cdk-lib/assertions';
import { STACK_OUTPUTS } from '../../infra/aws/stack-outputs';
import { READ_ROUTES } from '../../infra/aws/constructs/read-api';
import { defaultDeployment, synthesize } from './support/synth';
import { renderValue } from './support/iam';

describe('APIs: the webhook endpoint and the IAM-authorized read API', () => {
  const { stack, template, logicalId } = defaultDeployment();
  const { ingest, readApi } = stack;
  const webhookApi = logicalId(ingest.webhookApi.httpApi);
  const readApiId = logicalId(readApi.api.httpApi);
  const integrationFor = (fn: typeof ingest.receiver) =>
    Object.entries(template.findResources('AWS::ApiGatewayV2::Integration')).find(
      ([, integration]) =>
        JSON.stringify(integration.Properties.IntegrationUri) ===
        JSON.stringify({ 'Fn::GetAtt': [logicalId(fn.function), 'Arn'] }),
    );

  it('POST /webhooks/merge/<path secret> goes to the receiver with the v2 payload, without an authorizer', () => {
    const [integrationId, integration] = integrationFor(ingest.receiver) ?? [];
    expect(integration?.Properties).toMatchObject({
      ApiId: { Ref: webhookApi },
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      ApiId: { Ref: webhookApi },
      RouteKey: {
        'Fn::Join': [
          '',
          [
            'POST /webhooks/merge/{{resolve:secretsmanager:',
            { Ref: logicalId(ingest.webhookPaths[0]!.secret) },
            ':SecretString:::}}',
          ],
        ],
      },
      AuthorizationType: 'NONE',
      Target: { 'Fn::Join': ['', ['integrations/', { Ref: integrationId }]] },
    });
  });

  it('the webhook API has that one route and nothing else', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).filter(
      (route) => renderValue(route.Properties.ApiId) === webhookApi,
    );
    expect(routes.map((route) => renderValue(route.Properties.RouteKey))).toEqual([
      `POST /webhooks/merge/{{resolve:secretsmanager:${logicalId(ingest.webhookPaths[0]!.secret)}:SecretString:::}}`,
    ]);
  });

  it('every read route requires IAM authorization and goes to the read function', () => {
    const [integrationId] = integrationFor(readApi.handler) ?? [];
    // The write routes share the API (test/infra/writes.test.ts); every other route is a read.
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).filter(
      (route) =>
        renderValue(route.Properties.ApiId) === readApiId &&
        !String(route.Properties.RouteKey).includes('/writes'),
    );
    expect(routes.map((route) => route.Properties.RouteKey).sort()).toEqual(
      READ_ROUTES.map((path) => `GET ${path}`).sort(),
    );
    for (const route of routes) {
      expect(route.Properties).toMatchObject({
        AuthorizationType: 'AWS_IAM',
        Target: { 'Fn::Join': ['', ['integrations/', { Ref: integrationId }]] },
      });
    }
  });

  it.each([
    ['webhook', () => webhookApi, () => logicalId(ingest.webhookApi.accessLogs)],
    ['read', () => readApiId, () => logicalId(readApi.api.accessLogs)],
  ])('the %s API is throttled and writes JSON access logs to a log group of its own', (_name, api, logs) => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      ApiId: { Ref: api() },
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [logs(), 'Arn'] },
        Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"'),
      },
    });
  });

  it('the access log formats are valid JSON and never log headers or the body', () => {
    for (const stage of Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))) {
      const format = stage.Properties.AccessLogSettings.Format as string;
      expect(() => JSON.parse(format)).not.toThrow();
      expect(format).not.toMatch(/header|body/i);
    }
  });

  it('the webhook throttle follows the webhookRequestsPerSecond setting', () => {
    const custom = synthesize({ webhookRequestsPerSecond: '200' });
    custom.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      ApiId: { Ref: custom.logicalId(custom.stack.ingest.webhookApi.httpApi) },
      DefaultRouteSettings: { ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 },
    });
  });
});

describe('stack outputs', () => {
  const { stack, template, logicalId } = defaultDeployment();
  const outputs = template.toJSON().Outputs as Record<string, { Value: Parameters<typeof renderValue>[0] }>;
  const value = (name: string) => renderValue(outputs[name]?.Value ?? null);

  it('lists everything a person and the operator CLI need after deploying (the names the CLI reads)', () => {
    expect(Object.keys(outputs).sort()).toEqual(Object.values(STACK_OUTPUTS).sort());
  });

  it('the queue outputs point at each work queue and its dead-letter queue', () => {
    for (const [name, work] of [
      ['Events', stack.ingest.eventsQueue],
      ['Polls', stack.sync.pollsQueue],
      ['Jobs', stack.sync.jobsQueue],
    ] as const) {
      expect(value(`${name}QueueUrl`)).toBe(logicalId(work.queue));
      expect(value(`${name}DeadLetterQueueUrl`)).toBe(logicalId(work.deadLetterQueue));
    }
  });

  it('WebhookBaseUrl is the webhook URL without its path secret; WebhookPathSecrets names the secret', () => {
    expect(value('WebhookBaseUrl')).toBe(
      `https://${logicalId(stack.ingest.webhookApi.httpApi)}.execute-api.AWS::Region.AWS::URLSuffix/webhooks/merge/`,
    );
    expect(value('WebhookPathSecrets')).toMatch(
      new RegExp(`^a=.*${logicalId(stack.ingest.webhookPaths[0]!.secret)}`),
    );
  });

  it('ReadApiUrl, TableName, AlarmTopicArn and DashboardUrl point at the stack’s resources', () => {
    expect(value('ReadApiUrl')).toBe(
      `https://${logicalId(stack.readApi.api.httpApi)}.execute-api.AWS::Region.AWS::URLSuffix/`,
    );
    expect(value('TableName')).toBe(logicalId(stack.storage.table));
    expect(value('AlarmTopicArn')).toBe(logicalId(stack.observability.alarmTopic));
    expect(value('DashboardUrl')).toBe(
      `https://AWS::Region.console.aws.amazon.com/cloudwatch/home?region=AWS::Region#dashboards/dashboard/${logicalId(
        stack.observability.dashboard.dashboard,
      )}`,
    );
  });

  it('the secret outputs are the secrets’ names, derived from their ARNs, never their values', () => {
    expect(value('MergeApiKeySecretName')).toContain(logicalId(stack.secrets.apiKey));
    expect(value('WebhookSignatureKeySecretName')).toContain(logicalId(stack.secrets.webhookSignatureKey));
    expect(value('PreviousWebhookSignatureKeySecretName')).toContain(
      logicalId(stack.secrets.previousWebhookSignatureKey),
    );
  });
});
