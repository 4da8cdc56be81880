import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Secret, type CfnSecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/**
 * The keys Merge issues us, as Secrets Manager secrets the stack creates *empty*: you put the
 * values in after the first deploy (docs/deployment.md, step 4), so they never pass through a template, a
 * parameter or an environment variable. The functions get only the secret's ARN
 * (`<NAME>_SECRET_ID`) and read the value at run time, cached for five minutes
 * (shared/runtime/secrets.ts), so a rotated key is picked up without a deploy.
 *
 * Empty rather than a random placeholder on purpose: until the signature key is set, reading it
 * fails, the receiver answers 5xx and Merge retries; a random key would make it answer 401 to every
 * genuine webhook, and Merge never retries a 4xx.
 */
export class MergeSecrets extends Construct {
  readonly apiKey: Secret;
  readonly webhookSignatureKey: Secret;
  /**
   * The signature key a rotation replaced, accepted too while it holds a value (docs/security.md,
   * "Rotating the webhook signature key"). Its own secret, so the current key is never overwritten
   * by a half-done rotation; empty (or `none`) the rest of the time.
   */
  readonly previousWebhookSignatureKey: Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.apiKey = emptySecret(this, 'ApiKey', 'Merge production API key (Merge dashboard: API Keys)');
    this.webhookSignatureKey = emptySecret(
      this,
      'WebhookSignatureKey',
      'Merge webhook signature key (Merge dashboard: Webhooks, Security)',
    );
    this.previousWebhookSignatureKey = emptySecret(
      this,
      'PreviousWebhookSignatureKey',
      'The Merge webhook signature key a rotation replaced, accepted too until emptied (value: none)',
    );
  }
}

function emptySecret(scope: Construct, id: string, description: string): Secret {
  const secret = new Secret(scope, id, { description, removalPolicy: RemovalPolicy.DESTROY });
  // Secret always asks CloudFormation to generate a value; without GenerateSecretString (and without
  // SecretString) CloudFormation creates the secret with no value at all.
  (secret.node.defaultChild as CfnSecret).addPropertyDeletionOverride('GenerateSecretString');
  Validations.of(secret).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason:
      'Merge issues these keys and only Merge can rotate them (its dashboard), so there is nothing for a ' +
      'rotation Lambda to do; after rotating in Merge, put the new value here and the functions pick it ' +
      'up within five minutes (their cache).',
  });
  return secret;
}
