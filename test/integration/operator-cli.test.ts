import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { STACK_OUTPUTS } from '../../infra/aws/stack-outputs';
import { depsForTarget, targetFromOutputs } from '../../infra/cli/aws-target';
import { listDeadLetters, redriveDeadLetters } from '../../infra/cli/commands/dlq';
import { TargetError } from '../../infra/cli/errors';
import { loadSyncConfig } from '../../shared/config/sync-config';
import { removeAccount } from '../../shared/operations/account-admin';
import { cli, startRuntimeInfo } from '../helpers/cli-run';
import { localDeploymentOutputs, operatorDeps } from '../helpers/operator-target';
import { linkAndSync, useSyncFixture, type SyncFixture } from '../helpers/sync-fixture';
import { defaultModels } from '../helpers/default-models';

let f: SyncFixture;
let runtime: Awaited<ReturnType<typeof startRuntimeInfo>>;
useSyncFixture((started) => (f = started), {
  pipeline: {
    syncConfigOverrides: {
      models: defaultModels('hris.Employee', 'hris.Employment', 'crm.Lead', 'crm.Contact'),
      planRequestsPerMinute: 600,
    },
  },
});
beforeAll(async () => (runtime = await startRuntimeInfo(f)));
afterAll(() => runtime.close());

const at = () => ['--url', runtime.url];
type StatusJson = {
  accounts: {
    account: { id: string; integration: string; status: string };
    models: {
      model_id: string;
      records: number;
      totals: { added: number; changed: number; deleted: number };
    }[];
  }[];
};

/** Runs a CLI command while the pipeline processes what it queues (as the deployed functions would). */
async function whileProcessing(run: Promise<Awaited<ReturnType<typeof cli>>>) {
  let finished = false;
  void run.finally(() => (finished = true));
  while (!finished) {
    await f.pipeline.drain();
    await new Promise((r) => setTimeout(r, 100));
  }
  return run;
}

describe('the operator CLI against a deployment (its stack outputs, the AWS SDK clients)', () => {
  it('finds the table and queues from the outputs, and names an output that is missing', () => {
    const target = targetFromOutputs(localDeploymentOutputs(f));
    expect(target.queues.jobs).toBe(f.pipeline.queues.jobs);
    expect(depsForTarget(target, f.pipeline.clients, loadSyncConfig({})).records).toBeDefined();
    const { [STACK_OUTPUTS.jobsQueueUrl]: _jobs, ...older } = localDeploymentOutputs(f);
    expect(() => targetFromOutputs(older)).toThrow(TargetError);
    expect(() => targetFromOutputs(older)).toThrow(/no output JobsQueueUrl/);
  });

  it('status counts the live records exactly and names each account; deleted accounts only with --all', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 12 });
    const leads = f.sim.records(account.id, 'crm.Lead').map((r) => String(r.id));
    leads.slice(0, 3).forEach((id) => f.sim.updateRecord(account.id, 'crm.Lead', id));
    leads.slice(3, 5).forEach((id) => f.sim.deleteRecord(account.id, 'crm.Lead', id));
    f.sim.addRecord(account.id, 'crm.Lead');
    f.sim.runSync(account.id, { result: 'DONE' });
    await f.postWebhook(f.sim.modelSyncedEvent(account.id, 'crm.Lead'));
    await f.pipeline.drain();
    const live = (await f.storedRecords(account.id, 'crm.Lead')).filter((r) => !r.deleted).length;
    expect(live).toBe(11);

    const json = await cli(['status', '--json', ...at()]);
    expect(json.code).toBe(0);
    const mine = (JSON.parse(json.stdout) as StatusJson).accounts.find((a) => a.account.id === account.id)!;
    const lead = mine.models.find((m) => m.model_id === 'crm.Lead')!;
    // Counting changes as records (added + changed - deleted) would say 14.
    expect({
      records: lead.records,
      counted: lead.totals.added + lead.totals.changed - lead.totals.deleted,
    }).toEqual({ records: 11, counted: 14 });
    const table = await cli(['status', ...at()]);
    expect(table.stdout).toMatch(
      /^account\s+integration\s+organization\s+model\s+status\s+records\s+last fetch/,
    );
    expect(table.stdout).toMatch(
      new RegExp(`${account.id}\\s+Salesforce\\s+Acme Corp\\s+crm\\.Lead\\s+DONE\\s+11\\s`),
    );

    const gone = await linkAndSync(f, 'crm', { 'crm.Lead': 2 });
    await removeAccount(operatorDeps(f), gone.id);
    await f.pipeline.drain();
    expect((await cli(['status', ...at()])).stdout).not.toContain(gone.id);
    expect((await cli(['accounts', 'list', ...at()])).stdout).not.toContain(gone.id);
    expect((await cli(['status', '--all', ...at()])).stdout).toMatch(
      new RegExp(`${gone.id}\\s+Salesforce\\s+Acme Corp\\s+crm\\.Lead\\s+account deleted`),
    );
    const all = JSON.parse((await cli(['accounts', 'list', '--all', '--json', ...at()])).stdout) as {
      accounts: Record<string, unknown>[];
    };
    // snake_case, as the read API answers.
    expect(all.accounts.find((a) => a.id === gone.id)).toMatchObject({
      status: 'DELETED',
      linked_at: expect.any(String),
      end_user_organization_name: 'Acme Corp',
    });
  });

  it('an error that is not a usage error is one line (no usage), exit 2', async () => {
    for (const argv of [
      ['resync', 'no-such-account'],
      ['accounts', 'configure', 'no-such-account'],
      ['purge', 'no-such-account', '--yes'],
    ]) {
      const run = await cli([...argv, ...at()]);
      expect(run).toMatchObject({ code: 2, stdout: '' });
      expect(run.stderr).toMatch(/^merge-sync: no (active )?account no-such-account[^\n]*$/);
    }
  });

  it('resync --wait shows progress until the full fetch has ended, then what it did', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 250 });
    f.sim.resetRequestLog();
    const run = await whileProcessing(cli(['resync', account.id, 'crm.Lead', '--wait', ...at()]));
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/Waiting for the fetch to end/);
    expect(run.stderr).toMatch(/crm\.Lead: (waiting for the fetch to start|fetching, \d+ page\(s\))/);
    expect(run.stdout).toMatch(
      /Full fetch requested for crm\.Lead[^\n]*\ncrm\.Lead: full fetch completed, 3 page\(s\), \+0 added, ~0 changed, -0 deleted, 250 unchanged$/,
    );
    // A full fetch: every page asked for without modified_after.
    const leads = f.sim.requests.filter((r) => r.accountId === account.id && r.path.endsWith('/leads'));
    expect(leads.map((r) => r.query.modified_after)).toEqual([undefined, undefined, undefined]);
    expect((await f.states.get(account.id, 'crm.Lead')).cursor).not.toBeNull();
  });

  it('dlq list counts dead letters; dlq redrive moves them back and they are processed', async () => {
    const target = targetFromOutputs(localDeploymentOutputs(f));
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
      dead_letter_queues: [
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
  });
});
