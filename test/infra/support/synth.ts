import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';
import { readDeploymentSettings } from '../../../infra/aws/deployment-settings';
import { MergeSyncStack } from '../../../infra/aws/merge-sync-stack';

const CDK_JSON_PATH = path.resolve(__dirname, '../../../cdk.json');

/** cdk.json's context: the tests synthesize with the same feature flags and defaults as `cdk synth`. */
export const cdkJsonContext = (): Record<string, unknown> =>
  (JSON.parse(readFileSync(CDK_JSON_PATH, 'utf8')) as { context: Record<string, unknown> }).context;

export interface Synthesized {
  app: App;
  stack: MergeSyncStack;
  template: Template;
  /** The CloudFormation logical id of a construct (or of its default child, the L1 resource). */
  logicalId(construct: IConstruct): string;
}

// Jest never fires the process `exit` event on which CDK deletes its temporary cloud assemblies.
afterAll(() => CloudAssembly.cleanupTemporaryDirectories());

/**
 * The app as infra/aws/app.ts builds it, with extra context on top of cdk.json's. Bundling is
 * skipped (`aws:cdk:bundling-stacks`: none) because these tests read the template, not the code;
 * test/infra/bundles.test.ts builds the code. CDK's built-in CloudFormation schema validation (a
 * WebAssembly engine: over a second per synth, and it keeps a Jest worker from exiting promptly)
 * runs only where a test asks for it (test/infra/cdk-nag.test.ts).
 */
export function synthesize(
  context: Record<string, unknown> = {},
  options: { cloudFormationValidation?: boolean } = {},
): Synthesized {
  const app = new App({
    context: { ...cdkJsonContext(), ...context, 'aws:cdk:bundling-stacks': [] },
    builtinCloudFormationValidation: options.cloudFormationValidation ?? false,
  });
  const settings = readDeploymentSettings((key) => app.node.tryGetContext(key));
  const stack = new MergeSyncStack(app, settings.stackName, { settings });
  const template = Template.fromStack(stack);
  const logicalId = (construct: IConstruct): string => {
    const element = (construct.node.defaultChild ?? construct) as CfnElement;
    return stack.getLogicalId(element);
  };
  return { app, stack, template, logicalId };
}

let cached: Synthesized | undefined;
/** The default deployment, synthesized once per test file. */
export const defaultDeployment = (): Synthesized => (cached ??= synthesize());
