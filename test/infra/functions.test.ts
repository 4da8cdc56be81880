import { Match } from 'aws-cdk-lib/assertions';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { FUNCTION_SIZING } from '../../infra/aws/constructs/function-sizing';
import { LAMBDA_BUNDLING } from '../../infra/aws/constructs/lambda-bundling';
import type { MergeSyncFunction } from '../../infra/aws/constructs/merge-sync-function';
import { defaultDeployment } from './support/synth';

describe('functions: one construct sets every default', () => {
  const { stack, template, logicalId } = defaultDeployment();
  const { ingest, sync, readApi, writes, console: staffConsole } = stack;
  const all: MergeSyncFunction[] = [
    ingest.receiver,
    sync.eventProcessor,
    sync.poller,
    sync.fetcher,
    readApi.handler,
    writes.api,
    writes.writer,
    staffConsole.handler,
  ];
  const props = (fn: MergeSyncFunction) =>
    template.findResources('AWS::Lambda::Function')[logicalId(fn.function)]?.Properties as {
      Environment: { Variables: Record<string, unknown> };
      [key: string]: unknown;
    };

  it('there are eight, one per folder under functions/', () => {
    template.resourceCountIs('AWS::Lambda::Function', 8);
    expect(all.map((fn) => fn.serviceName).sort()).toEqual(
      [
        'console',
        'event-processor',
        'fetcher',
        'read-api',
        'sync-status-poller',
        'webhook-receiver',
        'write-api',
        'writer',
      ].sort(),
    );
  });

  it.each(all.map((fn) => [fn.serviceName, fn] as const))(
    '%s: Node.js 24 on ARM64, traced, source-mapped, ESM handler, own log group',
    (_name, fn) => {
      expect(props(fn)).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogGroup: { Ref: logicalId(fn.logGroup) } },
        Environment: {
          Variables: {
            NODE_OPTIONS: '--enable-source-maps',
            LOG_LEVEL: 'INFO',
            METRICS_NAMESPACE: 'MergeSync',
          },
        },
      });
    },
  );

  it('memory and timeout are chosen per function', () => {
    const sizes = Object.fromEntries(
      all.map((fn) => [fn.serviceName, { memory: props(fn).MemorySize, timeout: props(fn).Timeout }]),
    );
    expect(sizes).toEqual({
      'webhook-receiver': { memory: 256, timeout: 10 },
      'event-processor': { memory: 512, timeout: 30 },
      'sync-status-poller': { memory: 512, timeout: 180 },
      fetcher: { memory: 1024, timeout: 300 },
      'read-api': { memory: 512, timeout: 10 },
      'write-api': { memory: 512, timeout: 10 },
      writer: { memory: 512, timeout: 150 },
      console: { memory: 512, timeout: 15 },
    });
    for (const fn of all) {
      expect(props(fn).MemorySize).toBe(FUNCTION_SIZING[fn.serviceName].memorySize);
    }
  });

  it('every log group in the stack has a bounded retention (one month for functions)', () => {
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup'));
    expect(groups).toHaveLength(11); // eight functions, three API access logs
    for (const group of groups) expect(group.Properties.RetentionInDays).toBe(30);
  });

  it('each function gets the environment its code reads, and nothing else', () => {
    const keys = (fn: MergeSyncFunction) => Object.keys(props(fn).Environment.Variables).sort();
    const base = ['LOG_LEVEL', 'METRICS_NAMESPACE', 'NODE_OPTIONS'];
    expect(keys(ingest.receiver)).toEqual(
      [
        ...base,
        'EVENTS_QUEUE_URL',
        'MERGE_WEBHOOK_SIGNATURE_KEY_SECRET_ID',
        'MERGE_WEBHOOK_SIGNATURE_KEY_PREVIOUS_SECRET_ID',
      ].sort(),
    );
    expect(keys(sync.eventProcessor)).toEqual(
      [
        ...base,
        'TABLE_NAME',
        'POLLS_QUEUE_URL',
        'JOBS_QUEUE_URL',
        'MERGE_API_KEY_SECRET_ID',
        'MERGE_REGION',
        'MERGE_PLAN_REQUESTS_PER_MINUTE',
        'EVENT_BUS_NAME',
        'TOKEN_KMS_KEY_ID',
      ].sort(),
    );
    expect(keys(sync.poller)).toEqual(
      [
        ...base,
        'TABLE_NAME',
        'POLLS_QUEUE_URL',
        'JOBS_QUEUE_URL',
        'MERGE_API_KEY_SECRET_ID',
        'MERGE_REGION',
        'MERGE_PLAN_REQUESTS_PER_MINUTE',
        'EVENT_BUS_NAME',
        'TOKEN_KMS_KEY_ID',
      ].sort(),
    );
    expect(keys(sync.fetcher)).toEqual(
      [
        ...base,
        'TABLE_NAME',
        'JOBS_QUEUE_URL',
        'MERGE_API_KEY_SECRET_ID',
        'MERGE_REGION',
        'MERGE_PLAN_REQUESTS_PER_MINUTE',
        'EVENT_BUS_NAME',
        'TOKEN_KMS_KEY_ID',
      ].sort(),
    );
    expect(keys(readApi.handler)).toEqual([...base, 'TABLE_NAME', 'MERGE_PLAN_REQUESTS_PER_MINUTE'].sort());
  });

  it('secrets reach functions as references to Secrets Manager, never as values', () => {
    expect(props(ingest.receiver).Environment.Variables.MERGE_WEBHOOK_SIGNATURE_KEY_SECRET_ID).toEqual({
      Ref: logicalId(stack.secrets.webhookSignatureKey),
    });
    for (const fn of [sync.poller, sync.fetcher]) {
      expect(props(fn).Environment.Variables.MERGE_API_KEY_SECRET_ID).toEqual({
        Ref: logicalId(stack.secrets.apiKey),
      });
    }
    for (const fn of all) {
      const variables = props(fn).Environment.Variables;
      expect(variables.MERGE_API_KEY).toBeUndefined();
      expect(variables.MERGE_WEBHOOK_SIGNATURE_KEY).toBeUndefined();
    }
  });

  it('the Merge region and plan limit come from the deployment settings', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Fetches'),
      Environment: {
        Variables: Match.objectLike({ MERGE_REGION: 'us', MERGE_PLAN_REQUESTS_PER_MINUTE: '100' }),
      },
    });
  });

  it('bundles with the local esbuild: ESM, AWS SDK included, minified with source maps', () => {
    expect(LAMBDA_BUNDLING).toMatchObject({
      forceDockerBundling: false,
      externalModules: [],
      format: OutputFormat.ESM,
      minify: true,
      sourceMap: true,
      mainFields: ['module', 'main'],
    });
  });
});
