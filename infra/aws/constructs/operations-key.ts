import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/**
 * The stack's second customer-managed key, for what is not the table: the log groups (functions and
 * access logs), the alarm topic and the change-event archive. Ours rather than AWS-owned so that
 * who may read them is decided in this account (the key policy, visible in CloudTrail), and
 * disabling the key makes them unreadable at once. Rotated yearly. Unlike the table's key it goes
 * with the stack (after KMS's 30-day waiting period): everything it encrypts expires within 30 days
 * or is deleted with the stack.
 *
 * The key policy lets each service use it for its own resources only: CloudWatch Logs for this
 * account's log groups (encryption context), CloudWatch to publish alarms to the encrypted topic,
 * and EventBridge for the archive (the Archive construct adds that statement, bound to the bus).
 */
export class OperationsKey extends Construct {
  readonly key: Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    this.key = new Key(this, 'Key', {
      description: `Encrypts the ${stack.stackName} logs, alarm topic and change-event archive`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchLogsEncryptsThisAccountsLogGroups',
        principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
              service: 'logs',
              resource: 'log-group',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    // CloudWatch alarms publish to the encrypted topic: SNS asks KMS for a data key on their behalf.
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToTheEncryptedTopic',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
  }
}
