import { STACK_OUTPUTS } from '../../infra/aws/stack-outputs';
import { depsForTarget, targetFromOutputs, type DeploymentTarget } from '../../infra/cli/aws-target';
import type { Terminal } from '../../infra/cli/terminal';
import { loadSyncConfig } from '../../shared/config/sync-config';
import { MemoryMetrics, silentLog } from '../../shared/observability/ports';
import { lazyMergeDeps } from '../../shared/runtime/deps/merge-deps';
import { createSyncDeps } from '../../shared/runtime/deps/sync-deps';
import type { MergeDeps, SyncDeps } from '../../shared/sync/ports';
import type { SyncFixture } from './sync-fixture';

/** What DescribeStacks would return for a deployment whose table and queues are the stand-ins'. */
export const localDeploymentOutputs = (f: SyncFixture) => ({
  [STACK_OUTPUTS.tableName]: f.pipeline.tableName,
  [STACK_OUTPUTS.eventsQueueUrl]: f.pipeline.queues.events,
  [STACK_OUTPUTS.pollsQueueUrl]: f.pipeline.queues.polls,
  [STACK_OUTPUTS.jobsQueueUrl]: f.pipeline.queues.jobs,
  [STACK_OUTPUTS.eventsDeadLetterQueueUrl]: f.pipeline.queues.eventsDlq,
  [STACK_OUTPUTS.pollsDeadLetterQueueUrl]: f.pipeline.queues.pollsDlq,
  [STACK_OUTPUTS.jobsDeadLetterQueueUrl]: f.pipeline.queues.jobsDlq,
  [STACK_OUTPUTS.webhookBaseUrl]: 'https://example.execute-api.us-east-1.amazonaws.com/webhooks/merge/',
});

/**
 * The operator CLI's dependencies against the "AWS" target (stack outputs) pointed at the stand-ins,
 * with the sync config a CLI started without SYNC_CONFIG_OVERRIDES reads: the defaults.
 */
export const operatorDeps = (f: SyncFixture): SyncDeps =>
  depsForTarget(operatorTarget(f), f.pipeline.clients, loadSyncConfig({}));

/** The target the stack outputs describe; its token key is the pipeline's local one (TokenKeyArn in AWS). */
export const operatorTarget = (f: SyncFixture): DeploymentTarget => {
  const { tokenKey } = f.pipeline.config.engine;
  return { ...targetFromOutputs(localDeploymentOutputs(f)), ...(tokenKey ? { tokenKey } : {}) };
};

/**
 * The engine's dependencies exactly as the functions build them (the pipeline's config), with the
 * paced Merge client: to run one fetch invocation by hand, e.g. with little time left.
 */
export async function engineDeps(f: SyncFixture): Promise<SyncDeps & MergeDeps> {
  const { config, clients } = f.pipeline;
  const deps = createSyncDeps(config.engine, clients, { log: silentLog, metrics: new MemoryMetrics() });
  const { merge } = await lazyMergeDeps(config, deps, clients.dynamodb)();
  return { ...deps, merge };
}

/** A terminal for commands under test: what they print, and scripted answers to their questions. */
export function testTerminal(options: { interactive: boolean; answers?: string[] }) {
  const out: string[] = [];
  const progress: string[] = [];
  const questions: string[] = [];
  const answers = [...(options.answers ?? [])];
  const terminal: Terminal = {
    out: (text) => out.push(text),
    progress: (text) => progress.push(text),
    interactive: options.interactive,
    ask: async (question) => {
      questions.push(question);
      return answers.shift() ?? '';
    },
  };
  return { terminal, out, progress, questions };
}
