import { renderValue } from './support/iam';
import { defaultDeployment } from './support/synth';

/**
 * What is kept at rest is encrypted with a key of the stack's own: the table with its key
 * (storage.test.ts), and the logs, the alarm topic and the change-event archive with the
 * operations key, whose policy lets each service use it for its own resources only.
 */
describe('encryption at rest: the operations key', () => {
  const { stack, template, logicalId } = defaultDeployment();
  const key = logicalId(stack.operationsKey.key);
  const keyArn = { 'Fn::GetAtt': [key, 'Arn'] };
  const keyResource = () => template.findResources('AWS::KMS::Key')[key];
  type Statement = {
    Sid?: string;
    Principal?: { Service?: unknown };
    Action: string | string[];
    Condition?: unknown;
  };
  const statements = () => keyResource()?.Properties.KeyPolicy.Statement as Statement[];
  const forService = (service: string) =>
    statements().filter((s) => renderValue((s.Principal?.Service ?? '') as never).includes(service));

  it('is a customer-managed key that rotates yearly and goes with the stack', () => {
    expect(keyResource()).toMatchObject({
      DeletionPolicy: 'Delete',
      Properties: { EnableKeyRotation: true },
    });
  });

  it('encrypts the alarm topic, and lets CloudWatch alarms publish to it', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: keyArn });
    expect(forService('cloudwatch.amazonaws.com')).toEqual([
      expect.objectContaining({ Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
    ]);
  });

  it('encrypts the change-event archive, for EventBridge on this bus only', () => {
    template.hasResourceProperties('AWS::Events::Archive', { KmsKeyIdentifier: keyArn });
    const events = forService('events.amazonaws.com');
    expect(events.length).toBeGreaterThan(0);
    const bus = logicalId(stack.storage.bus);
    expect(
      events.some(
        (s) => JSON.stringify(s.Condition ?? {}).includes(bus) && JSON.stringify(s).includes('kms:Decrypt'),
      ),
    ).toBe(true);
  });

  it('encrypts every log group, each kept 30 days; CloudWatch Logs may use it for this account’s log groups only', () => {
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup'));
    expect(groups.length).toBe(11); // eight functions and three access logs (webhook, read, console APIs)
    for (const group of groups) {
      expect(group.Properties).toMatchObject({ KmsKeyId: keyArn, RetentionInDays: 30 });
    }
    const logs = forService('logs.');
    expect(logs).toHaveLength(1);
    const condition = logs[0]!.Condition as { ArnLike: Record<string, Parameters<typeof renderValue>[0]> };
    expect(renderValue(condition.ArnLike['kms:EncryptionContext:aws:logs:arn'] ?? null)).toBe(
      'arn:AWS::Partition:logs:AWS::Region:AWS::AccountId:log-group:*',
    );
  });
});
