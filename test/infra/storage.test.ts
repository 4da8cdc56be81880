import { Match } from 'aws-cdk-lib/assertions';
import { createTableInput, TABLE_DESIGN } from '../../shared/store/table-design';
import { defaultDeployment } from './support/synth';

describe('storage: the table, its key, the event bus and the secrets', () => {
  const { stack, template, logicalId } = defaultDeployment();
  const { storage, secrets } = stack;
  const table = () => template.findResources('AWS::DynamoDB::Table')[logicalId(storage.table)];

  it('the table has the keys and indexes the code uses (shared/store/table-design.ts)', () => {
    const expected = createTableInput('unused');
    const props = table()?.Properties;
    expect(props.KeySchema).toEqual(expected.KeySchema);
    expect(new Set(props.AttributeDefinitions)).toEqual(new Set(expected.AttributeDefinitions));
    expect(props.GlobalSecondaryIndexes).toEqual(expected.GlobalSecondaryIndexes);
  });

  it('is on demand, with point-in-time recovery, deletion protection and TTL on expiresAt', () => {
    expect(table()?.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      TimeToLiveSpecification: { AttributeName: TABLE_DESIGN.ttlAttribute, Enabled: true },
    });
    expect(TABLE_DESIGN.ttlAttribute).toBe('expiresAt');
  });

  it('is encrypted with the stack’s own KMS key', () => {
    expect(table()?.Properties.SSESpecification).toEqual({
      SSEEnabled: true,
      SSEType: 'KMS',
      KMSMasterKeyId: { 'Fn::GetAtt': [logicalId(storage.tableKey), 'Arn'] },
    });
  });

  it('the table and its key are retained when the stack is deleted; the key rotates', () => {
    expect(table()).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ EnableKeyRotation: true }),
    });
  });

  it('an event bus for change and sync-result events, archived for replay', () => {
    template.resourceCountIs('AWS::Events::EventBus', 1);
    template.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: { 'Fn::GetAtt': [logicalId(storage.bus), 'Arn'] },
      RetentionDays: 30,
    });
  });

  it('the three Merge secrets are created empty: no value in the template, generated or given', () => {
    const all = template.findResources('AWS::SecretsManager::Secret');
    const pathSecrets = stack.ingest.webhookPaths.map((p) => logicalId(p.secret));
    expect(Object.keys(all).sort()).toEqual(
      [
        logicalId(secrets.apiKey),
        logicalId(secrets.webhookSignatureKey),
        logicalId(secrets.previousWebhookSignatureKey),
        ...pathSecrets,
      ].sort(),
    );
    for (const secret of [secrets.apiKey, secrets.webhookSignatureKey].map((s) => all[logicalId(s)])) {
      expect(secret?.Properties.SecretString).toBeUndefined();
      expect(secret?.Properties.GenerateSecretString).toBeUndefined();
    }
  });

  it('no secret value, secret parameter or secret-valued variable appears anywhere in the template', () => {
    const json = JSON.stringify(template.toJSON());
    const found = json.match(
      /"(SecretString|NoEcho|MERGE_API_KEY|MERGE_WEBHOOK_SIGNATURE_KEY(_PREVIOUS)?)"/g,
    );
    expect(found).toBeNull();
    // Only the webhook path secret is generated (by Secrets Manager, at deploy time: webhook-flood.test.ts).
    expect(json.match(/"GenerateSecretString"/g)).toHaveLength(stack.ingest.webhookPaths.length);
    expect(Object.keys(template.toJSON().Parameters ?? {})).toEqual(['BootstrapVersion']);
  });
});
