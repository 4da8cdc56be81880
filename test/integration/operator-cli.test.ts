import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { STACK_OUTPUTS } from '../../infra/aws/stack-outputs';
import { depsForTarget, targetFromOutputs } from '../../infra/cli/aws-target';
import { resyncCommand, statusCommand } from '../../infra/cli/commands';
import { listDeadLetters, redriveDeadLetters } from '../../infra/cli/dead-letters';
import { TargetError } from '../../infra/cli/errors';
import { loadSyncConfig } from '../../shared/config/sync-config';
import { linkAndSync, useSyncFixture, type SyncFixture } from '../helpers/sync-fixture';
import { localDeploymentOutputs } from '../helpers/operator-target';

let f: SyncFixture;
useSyncFixture((started) => (f = started), {
  pipeline: { syncConfigOverrides: { planRequestsPerMinute: 600 } },
});

describe('the operator CLI against a deployment (its stack outputs, the AWS SDK clients)', () => {
  const connect = () => {
    const target = targetFromOutputs(localDeploymentOutputs(f));
    return { target, deps: depsForTarget(target, f.pipeline.clients, loadSyncConfig({})) };
  };

  it('finds the table and queues from the outputs, and names an output that is missing', () => {
    expect(connect().target.queues.jobs).toBe(f.pipeline.queues.jobs);
    const { [STACK_OUTPUTS.jobsQueueUrl]: _jobs, ...older } = localDeploymentOutputs(f);
    expect(() => targetFromOutputs(older)).toThrow(TargetError);
    expect(() => targetFromOutputs(older)).toThrow(/no output JobsQueueUrl/);
  });

  it('status shows every account and model; resync starts a full fetch', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 12 });
    const { deps } = connect();
    const lines: string[] = [];
    await statusCommand(deps, (t) => lines.push(t), { json: true });
    const report = JSON.parse(lines.join('\n')) as {
      accounts: { account: { id: string }; models: { model_id: string; cursor: string | null }[] }[];
    };
    const mine = report.accounts.find((a) => a.account.id === account.id)!;
    expect(mine.models.map((m) => m.model_id).sort()).toEqual(['crm.Contact', 'crm.Lead']);
    expect(mine.models.every((m) => m.cursor !== null)).toBe(true);

    const table: string[] = [];
    await statusCommand(deps, (t) => table.push(t), { json: false });
    expect(table.join('\n')).toMatch(new RegExp(`${account.id}\\s+crm\\.Lead\\s+DONE`));

    f.sim.resetRequestLog();
    await resyncCommand(deps, () => undefined, account.id, 'crm.Lead');
    expect((await f.states.get(account.id, 'crm.Lead')).cursor).toBeNull();
    await f.pipeline.drain();
    // The full fetch asked Merge for everything again (no modified_after), and the cursor is back.
    const leadRequests = f.sim.requests.filter(
      (r) => r.accountId === account.id && r.path.endsWith('/leads'),
    );
    expect(leadRequests.length).toBeGreaterThan(0);
    expect(leadRequests.every((r) => r.query.modified_after === undefined)).toBe(true);
    expect((await f.states.get(account.id, 'crm.Lead')).cursor).not.toBeNull();
  });

  it('dlq list counts dead letters; dlq redrive moves them back and they are processed', async () => {
    const { target } = connect();
    const account = f.sim.linkAccount({ category: 'hris' });
    const signed = f.sim.signedRequest(f.sim.linkedEvent(account.id));
    const message = {
      v: 1,
      kind: 'webhook',
      dedupeKey: 'redrive-test',
      receivedAt: new Date().toISOString(),
      body: signed.body,
    };
    // A good message that failed 5 times (say, during an outage) and now waits in the DLQ.
    await f.pipeline.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: target.deadLetterQueues.events,
        MessageBody: JSON.stringify(message),
      }),
    );

    const listed: string[] = [];
    await listDeadLetters(f.pipeline.clients.sqs, target, (t) => listed.push(t), { json: true });
    expect(JSON.parse(listed.join('\n'))).toEqual({
      deadLetterQueues: [
        { queue: 'events', messages: 1 },
        { queue: 'polls', messages: 0 },
        { queue: 'jobs', messages: 0 },
      ],
    });
    const progress: string[] = [];
    await redriveDeadLetters(f.pipeline.clients.sqs, target, (t) => progress.push(t), 'events');
    expect(progress).toContain('events: 1 message(s) redriven');
    await f.pipeline.drain();
    expect(await f.accounts.get(account.id)).toMatchObject({ status: 'ACTIVE' });
    expect(await f.pipeline.queueDepth('eventsDlq')).toMatchObject({ visible: 0, inFlight: 0 });
    await expect(redriveDeadLetters(f.pipeline.clients.sqs, target, () => undefined, 'nope')).rejects.toThrow(
      /unknown queue/,
    );
  });
});
