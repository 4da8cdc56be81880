import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DeploymentSettingsError, readDeploymentSettings } from './deployment-settings';
import { MergeSyncStack } from './merge-sync-stack';

/**
 * `npx cdk synth` / `npx cdk deploy` start here (cdk.json). Settings come from CDK context; the
 * AwsSolutions checks of cdk-nag run on every synth and fail it on any unacknowledged finding.
 */
const app = new App();
try {
  const settings = readDeploymentSettings((key) => app.node.tryGetContext(key));
  new MergeSyncStack(app, settings.stackName, { settings });
} catch (error) {
  if (!(error instanceof DeploymentSettingsError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
