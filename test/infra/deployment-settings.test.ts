import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  CONTEXT_KEYS,
  DEFAULT_DEPLOYMENT_SETTINGS,
  DeploymentSettingsError,
  readDeploymentSettings,
} from '../../infra/aws/deployment-settings';
import { cdkJsonContext, synthesize } from './support/synth';

const read = (context: Record<string, unknown>) => readDeploymentSettings((key) => context[key]);

describe('deployment settings (CDK context)', () => {
  it('unset keys take their defaults', () => {
    expect(read({})).toEqual(DEFAULT_DEPLOYMENT_SETTINGS);
  });

  it('accepts cdk.json values and -c strings alike', () => {
    expect(
      read({
        mergeRegion: 'eu',
        planRequestsPerMinute: '400',
        alarmEmail: 'oncall@example.com',
        syncLagSloMinutes: 45,
        logLevel: 'DEBUG',
      }),
    ).toMatchObject({
      mergeRegion: 'eu',
      planRequestsPerMinute: 400,
      alarmEmail: 'oncall@example.com',
      syncLagSloMinutes: 45,
      logLevel: 'DEBUG',
    });
    expect(read({ alarmEmail: '' }).alarmEmail).toBeUndefined();
  });

  it('webhookPaths: the path-secret slots served, "a" by default, "a,b" or "b" when rotating', () => {
    expect(read({}).webhookPaths).toEqual(['a']);
    expect(read({ webhookPaths: 'a,b' }).webhookPaths).toEqual(['a', 'b']);
    expect(read({ webhookPaths: 'b, a' }).webhookPaths).toEqual(['a', 'b']);
    expect(read({ webhookPaths: 'b' }).webhookPaths).toEqual(['b']);
    expect(read({ webhookPaths: 'open,a' }).webhookPaths).toEqual(['a', 'open']);
    for (const wrong of ['', 'c', 'a,a', 'a,,b', 'open', 42])
      expect(() => read({ webhookPaths: wrong })).toThrow(/webhookPaths: got .*, expected "a", "b" or "a,b"/);
  });

  it('an unknown Merge region is an error naming the allowed values', () => {
    expect(() => read({ mergeRegion: 'mars' })).toThrow(DeploymentSettingsError);
    expect(() => read({ mergeRegion: 'US' })).toThrow(/mergeRegion: got "US", expected one of us, eu, ap/);
  });

  it('reports every problem at once', () => {
    let message = '';
    try {
      read({
        planRequestsPerMinute: '100/min',
        alarmEmail: 'not-an-email',
        logLevel: 'verbose',
        stackName: '1x',
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(
      /planRequestsPerMinute: got "100\/min", expected a whole number from 10 to 10000/,
    );
    expect(message).toMatch(/alarmEmail: got "not-an-email"/);
    expect(message).toMatch(/logLevel: got "verbose", expected one of DEBUG, INFO, WARN, ERROR/);
    expect(message).toMatch(/stackName: got "1x"/);
  });

  it('cdk.json runs the app with tsx and lists every setting with its default', () => {
    const cdkJson = JSON.parse(readFileSync(path.resolve(__dirname, '../../cdk.json'), 'utf8')) as {
      app: string;
    };
    expect(cdkJson.app).toBe('npx tsx infra/aws/app.ts');
    const context = cdkJsonContext();
    for (const key of CONTEXT_KEYS) expect(Object.keys(context)).toContain(key);
    expect(read(context)).toEqual(DEFAULT_DEPLOYMENT_SETTINGS);
  });

  it('the Merge region and plan limit reach the functions that call Merge', () => {
    const { stack, template, logicalId } = synthesize({ mergeRegion: 'ap', planRequestsPerMinute: 600 });
    for (const fn of [stack.sync.poller, stack.sync.fetcher]) {
      const variables =
        template.findResources('AWS::Lambda::Function')[logicalId(fn.function)]?.Properties.Environment
          .Variables;
      expect(variables).toMatchObject({ MERGE_REGION: 'ap', MERGE_PLAN_REQUESTS_PER_MINUTE: '600' });
    }
  });

  it('the stack name is a setting; it names the metrics namespace and the alarms', () => {
    const { stack, template } = synthesize({ stackName: 'MergeSyncStaging' });
    expect(stack.stackName).toBe('MergeSyncStaging');
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { METRICS_NAMESPACE: 'MergeSyncStaging' } },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'MergeSyncStaging-Receiver5xx' });
  });
});
