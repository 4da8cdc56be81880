import { SyncConfigError } from '../../../shared/config/sync-config';
import { ConfigurationError } from '../../../shared/runtime/config/environment';
import {
  eventProcessorConfigFromEnvironment,
  mergeFunctionConfigFromEnvironment,
  readApiConfigFromEnvironment,
} from '../../../shared/runtime/config/from-environment';
import { receiverConfigFromEnvironment } from '../../../shared/runtime/config/receiver-from-environment';

/** The environment the stack gives the poller (infra/aws/constructs: sync.ts, merge-sync-function.ts). */
const POLLER_ENV = {
  NODE_OPTIONS: '--enable-source-maps',
  LOG_LEVEL: 'WARN',
  METRICS_NAMESPACE: 'MergeSyncProd',
  TABLE_NAME: 'merge-sync-table',
  POLLS_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/polls',
  JOBS_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/jobs',
  MERGE_API_KEY_SECRET_ID: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:merge-api-key',
  MERGE_REGION: 'eu',
  MERGE_PLAN_REQUESTS_PER_MINUTE: '400',
  EVENT_BUS_NAME: 'merge-sync-bus',
};

const failure = (read: () => unknown): string => {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('the environment was accepted');
};

describe('the functions read their environment once, into a typed config', () => {
  it("the poller's environment as the stack sets it", () => {
    const config = mergeFunctionConfigFromEnvironment(POLLER_ENV);
    expect(config.telemetry).toEqual({ logLevel: 'WARN', metricsNamespace: 'MergeSyncProd' });
    expect(config.aws).toEqual({}); // the SDK's own region, credentials and endpoints in Lambda
    expect(config.engine).toMatchObject({
      tableName: 'merge-sync-table',
      queueUrls: { polls: POLLER_ENV.POLLS_QUEUE_URL, jobs: POLLER_ENV.JOBS_QUEUE_URL },
      eventBus: { name: 'merge-sync-bus' },
    });
    expect(config.engine.settings.config.planRequestsPerMinute).toBe(400);
    expect(config.merge).toEqual({
      baseUrl: 'https://api-eu.merge.dev/api',
      apiKey: { secretId: POLLER_ENV.MERGE_API_KEY_SECRET_ID },
    });
  });

  it('locally the secret is the value itself; the secret id wins when both are set', () => {
    const local = { TABLE_NAME: 't', MERGE_API_KEY: 'k-local', MERGE_BASE_URL: 'http://127.0.0.1:4010/api/' };
    expect(mergeFunctionConfigFromEnvironment(local).merge).toEqual({
      baseUrl: 'http://127.0.0.1:4010/api',
      apiKey: { value: 'k-local' },
    });
    expect(
      mergeFunctionConfigFromEnvironment({ ...local, MERGE_API_KEY_SECRET_ID: 'arn:secret' }).merge.apiKey,
    ).toEqual({ secretId: 'arn:secret' });
    expect(mergeFunctionConfigFromEnvironment({ TABLE_NAME: 't' }).merge.apiKey).toBeUndefined();
  });

  it('optional numbers, the settle time, the body limit and the outbox delay', () => {
    expect(readApiConfigFromEnvironment({ TABLE_NAME: 't', FEED_SETTLE_MS: '0' }).readApi).toEqual({
      feedSettleMs: 0,
    });
    expect(readApiConfigFromEnvironment({ TABLE_NAME: 't', FEED_SETTLE_MS: '' }).readApi).toEqual({});
    expect(
      receiverConfigFromEnvironment({
        EVENTS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/1/events',
        MAX_WEBHOOK_BYTES: '102400',
        MERGE_WEBHOOK_SIGNATURE_KEY_SECRET_ID: 'arn:signing',
      }).receiver,
    ).toEqual({
      eventsQueueUrl: 'https://sqs.us-east-1.amazonaws.com/1/events',
      maxWebhookBytes: 102_400,
      signingKey: { secretId: 'arn:signing' },
    });
    // While the signature key is rotated: the previous key's secret (AWS) or value (locally).
    const queue = { EVENTS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/1/events' };
    expect(
      receiverConfigFromEnvironment({
        ...queue,
        MERGE_WEBHOOK_SIGNATURE_KEY_SECRET_ID: 'arn:signing',
        MERGE_WEBHOOK_SIGNATURE_KEY_PREVIOUS_SECRET_ID: 'arn:previous',
      }).receiver.previousSigningKey,
    ).toEqual({ secretId: 'arn:previous' });
    expect(
      receiverConfigFromEnvironment({ ...queue, MERGE_WEBHOOK_SIGNATURE_KEY_PREVIOUS: 'old' }).receiver
        .previousSigningKey,
    ).toEqual({ value: 'old' });
    const engine = eventProcessorConfigFromEnvironment({
      TABLE_NAME: 't',
      EVENT_BUS_NAME: 'bus',
      OUTBOX_ABANDONED_AFTER_MS: '500',
    }).engine;
    expect(engine.eventBus).toEqual({ name: 'bus', abandonedAfterMs: 500 });
    expect(engine.queueUrls).toEqual({});
  });

  it('a malformed number is refused, naming the variable and the value', () => {
    expect(
      failure(() =>
        eventProcessorConfigFromEnvironment({
          TABLE_NAME: 't',
          EVENT_BUS_NAME: 'bus',
          OUTBOX_ABANDONED_AFTER_MS: 'abc',
        }),
      ),
    ).toBe(
      "environment variable OUTBOX_ABANDONED_AFTER_MS must be a whole number of milliseconds, got 'abc'",
    );
    expect(failure(() => readApiConfigFromEnvironment({ TABLE_NAME: 't', FEED_SETTLE_MS: '1.5' }))).toBe(
      "environment variable FEED_SETTLE_MS must be a whole number of milliseconds, got '1.5'",
    );
  });

  it('a missing variable is named; every problem is reported at once', () => {
    expect(failure(() => eventProcessorConfigFromEnvironment({}))).toBe(
      'environment variable TABLE_NAME is not set',
    );
    expect(
      failure(() =>
        receiverConfigFromEnvironment({ MAX_WEBHOOK_BYTES: '0', LOG_LEVEL: 'loud', EVENTS_QUEUE_URL: '' }),
      ),
    ).toBe(
      [
        "environment variable LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT, got 'loud'",
        'environment variable EVENTS_QUEUE_URL is not set',
        "environment variable MAX_WEBHOOK_BYTES must be a positive whole number of bytes, got '0'",
      ].join('; '),
    );
  });

  it('URLs, regions and log levels are checked', () => {
    expect(failure(() => mergeFunctionConfigFromEnvironment({ TABLE_NAME: 't', MERGE_REGION: 'mars' }))).toBe(
      "environment variable MERGE_REGION must be one of us, eu, ap, got 'mars'",
    );
    expect(
      failure(() => mergeFunctionConfigFromEnvironment({ TABLE_NAME: 't', MERGE_BASE_URL: 'ftp://merge' })),
    ).toBe("environment variable MERGE_BASE_URL must be an http(s) URL, got 'ftp://merge'");
    expect(failure(() => readApiConfigFromEnvironment({ TABLE_NAME: 't', LOG_LEVEL: 'loud' }))).toMatch(
      /^environment variable LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT, got 'loud'$/,
    );
    expect(readApiConfigFromEnvironment({ TABLE_NAME: 't', LOG_LEVEL: 'debug' }).telemetry.logLevel).toBe(
      'DEBUG',
    );
  });

  it('the sync config: SYNC_CONFIG_OVERRIDES and the plan limit, validated', () => {
    const settings = readApiConfigFromEnvironment({
      TABLE_NAME: 't',
      SYNC_CONFIG_OVERRIDES: '{"cursorOverlapSeconds": 30}',
      MERGE_PLAN_REQUESTS_PER_MINUTE: '250',
    }).engine.settings;
    expect(settings.config).toMatchObject({ cursorOverlapSeconds: 30, planRequestsPerMinute: 250 });
    expect(failure(() => readApiConfigFromEnvironment({ TABLE_NAME: 't', SYNC_CONFIG_OVERRIDES: '{' }))).toBe(
      "environment variable SYNC_CONFIG_OVERRIDES must be JSON, got '{'",
    );
    expect(
      failure(() =>
        readApiConfigFromEnvironment({ TABLE_NAME: 't', MERGE_PLAN_REQUESTS_PER_MINUTE: 'lots' }),
      ),
    ).toBe(
      "environment variable MERGE_PLAN_REQUESTS_PER_MINUTE must be a positive whole number of requests per minute, got 'lots'",
    );
    expect(() =>
      readApiConfigFromEnvironment({ TABLE_NAME: 't', SYNC_CONFIG_OVERRIDES: '{"models": []}' }),
    ).toThrow(SyncConfigError);
  });
});
