import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { CfnQueue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { synthesize } from './support/synth';

/** Every acknowledgment recorded in the tree: where, which rule, and why. */
function acknowledgments(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

describe("cdk-nag's AwsSolutions checks", () => {
  // With CDK's own CloudFormation schema validation too, as `cdk synth` runs it.
  const deployment = synthesize({ alarmEmail: 'oncall@example.com' }, { cloudFormationValidation: true });

  it('find nothing unacknowledged in the stack', () => {
    const report = new AwsSolutionsChecks().validateScope(deployment.app);
    const findings = report.violations.map(
      (v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
  });

  it('acknowledge exactly these findings, each with a specific reason', () => {
    const acks = acknowledgments(deployment.app);
    expect(acks.map((a) => `${a.id} at ${a.path}`).sort()).toEqual(
      [
        'AwsSolutions-APIG4 at MergeSync/Console/Api/Api/GET--console',
        'AwsSolutions-APIG4 at MergeSync/Console/Api/Api/GET--console--{asset}',
        'AwsSolutions-COG3 at MergeSync/Console/Staff',
        'AwsSolutions-COG8 at MergeSync/Console/Staff',
        'AwsSolutions-IAM5[Resource::*] at MergeSync/Console/Handler/Role',
        'AwsSolutions-APIG4 at MergeSync/Ingest/WebhookRouteA',
        'AwsSolutions-SMG4 at MergeSync/Ingest/WebhookPathA',
        'AwsSolutions-IAM5[Resource::*] at MergeSync/Ingest/Receiver/Role',
        'AwsSolutions-IAM5[Resource::*] at MergeSync/ReadApi/Handler/Role',
        'AwsSolutions-IAM5[Resource::*] at MergeSync/Sync/EventProcessor/Role',
        'AwsSolutions-IAM5[Resource::*] at MergeSync/Sync/Fetcher/Role',
        'AwsSolutions-IAM5[Resource::*] at MergeSync/Sync/Poller/Role',
        'AwsSolutions-IAM5[Resource::*] at MergeSync/Writes/Api/Role',
        'AwsSolutions-IAM5[Resource::*] at MergeSync/Writes/Writer/Role',
        'AwsSolutions-SMG4 at MergeSync/MergeSecrets/ApiKey',
        'AwsSolutions-SMG4 at MergeSync/MergeSecrets/PreviousWebhookSignatureKey',
        'AwsSolutions-SMG4 at MergeSync/MergeSecrets/WebhookSignatureKey',
      ].sort(),
    );
    for (const ack of acks) expect(ack.reason.length).toBeGreaterThan(80);
  });

  it("CDK's CloudFormation schema validation reports nothing either", () => {
    const assembly = deployment.app.synth();
    const report = JSON.parse(
      readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8'),
    ) as {
      pluginReports: unknown[];
    };
    expect(report.pluginReports).toEqual([]);
  });

  it('do run: an unencrypted queue without a dead-letter queue or TLS policy is reported', () => {
    const app = new App();
    new CfnQueue(new Stack(app, 'Control'), 'Plain', { sqsManagedSseEnabled: false });
    const rules = new AwsSolutionsChecks().validateScope(app).violations.map((v) => v.ruleName);
    expect(rules.sort()).toEqual(['AwsSolutions-SQS2', 'AwsSolutions-SQS3', 'AwsSolutions-SQS4']);
  });
});
