import { loadSyncConfig } from '../../shared/config/sync-config';
import { defaultDeployment } from './support/synth';

/** What EventBridge does with an input transformer: each <placeholder> becomes the JSON value at its path. */
function transform(
  transformer: { InputPathsMap: Record<string, string>; InputTemplate: string },
  event: object,
) {
  let text = transformer.InputTemplate;
  for (const [name, path] of Object.entries(transformer.InputPathsMap)) {
    const value = (event as Record<string, unknown>)[path.replace(/^\$\./, '')];
    text = text.split(`<${name}>`).join(JSON.stringify(value));
  }
  return JSON.parse(text) as Record<string, unknown>;
}

/** EventBridge's rate syntax in the largest whole unit: rate(5 minutes), rate(1 hour), rate(1 day). */
function rateExpression(minutes: number): string {
  const [value, unit] =
    minutes % 1440 === 0
      ? [minutes / 1440, 'day']
      : minutes % 60 === 0
        ? [minutes / 60, 'hour']
        : [minutes, 'minute'];
  return `rate(${value} ${unit}${value === 1 ? '' : 's'})`;
}

const scheduledEvent = {
  version: '0',
  id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: '2026-01-01T00:05:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:events:us-east-1:123456789012:rule/example'],
  detail: {},
};

describe('schedules: one per cadence tier of the sync config, plus the reconciliation', () => {
  const { stack, template, logicalId } = defaultDeployment();
  const { config } = loadSyncConfig({ MERGE_PLAN_REQUESTS_PER_MINUTE: '100' });
  // The schedules (the bus's rules, such as Write Requested → writes queue, are not schedules).
  const rules = Object.values(template.findResources('AWS::Events::Rule')).filter(
    (rule) => rule.Properties.ScheduleExpression !== undefined,
  );
  const tiersWithModels = config.tiers.filter((tier) => config.models.some((m) => m.tier === tier.name));
  const target = (rule: (typeof rules)[number]) => rule.Properties.Targets[0];

  it('there is one rule per tier that has models, and one for the reconciliation', () => {
    expect(tiersWithModels.length).toBeGreaterThan(0);
    expect(rules).toHaveLength(tiersWithModels.length + 1);
  });

  it.each(tiersWithModels.map((tier) => [tier.name, tier.everyMinutes] as const))(
    'tier %s runs every %i minutes and tells the poller its name',
    (name, everyMinutes) => {
      const rule = rules.find(
        (r) =>
          (transform(target(r).InputTransformer, scheduledEvent).detail as { tier?: string }).tier === name,
      );
      expect(rule?.Properties.ScheduleExpression).toBe(rateExpression(everyMinutes));
    },
  );

  it('the reconciliation runs at the configured interval and asks for { reconcile: true }', () => {
    const reconcile = rules.filter(
      (r) =>
        JSON.stringify(transform(target(r).InputTransformer, scheduledEvent).detail) === '{"reconcile":true}',
    );
    expect(reconcile).toHaveLength(1);
    expect(reconcile[0]?.Properties.ScheduleExpression).toBe(rateExpression(config.reconcileEveryMinutes));
  });

  it('every schedule invokes the poller with the exact Scheduled Event shape, detail replaced', () => {
    for (const rule of rules) {
      expect(target(rule).Arn).toEqual({ 'Fn::GetAtt': [logicalId(stack.sync.poller.function), 'Arn'] });
      const delivered = transform(target(rule).InputTransformer, scheduledEvent);
      const { detail, ...envelope } = delivered;
      const { detail: _original, ...expectedEnvelope } = scheduledEvent;
      expect(envelope).toEqual(expectedEnvelope);
      expect(detail).toEqual(expect.any(Object));
      expect(target(rule).RetryPolicy.MaximumRetryAttempts).toBe(2);
    }
  });
});
