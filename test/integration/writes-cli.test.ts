import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, startRuntimeInfo } from '../helpers/cli-run';
import { linkAndSync, useSyncFixture, type SyncFixture } from '../helpers/sync-fixture';
import { defaultModels } from '../helpers/default-models';

let f: SyncFixture;
let runtime: Awaited<ReturnType<typeof startRuntimeInfo>>;
useSyncFixture((started) => (f = started), {
  pipeline: {
    syncConfigOverrides: {
      models: defaultModels('ticketing.Ticket'),
      planRequestsPerMinute: 600,
    },
    feedSettleMs: 0,
  },
});
beforeAll(async () => (runtime = await startRuntimeInfo(f)));
afterAll(() => runtime.close());

const dir = mkdtempSync(join(tmpdir(), 'merge-sync-writes-'));
function file(name: string, data: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(data));
  return `@${path}`;
}

/** Runs a CLI command while the pipeline processes what it queues (as the deployed functions would). */
async function whileProcessing(run: ReturnType<typeof cli>) {
  let finished = false;
  void run.finally(() => (finished = true));
  while (!finished) {
    await f.pipeline.drain();
    await new Promise((r) => setTimeout(r, 100));
  }
  return run;
}

describe('merge-sync write and writes list', () => {
  it('write --create --wait: stored, sent once, and the answer shown; the same --key writes nothing more', async () => {
    const account = await linkAndSync(f, 'ticketing', {});
    const data = file('finding.json', { name: 'Finding 7: weak cipher', priority: 'HIGH' });
    const argv = [
      'write',
      account.id,
      '--model',
      'ticketing.Ticket',
      '--create',
      '--data',
      data,
      '--key',
      'finding-7',
      '--url',
      runtime.url,
    ];
    const first = await whileProcessing(cli([...argv, '--wait']));
    expect(first.code).toBe(0);
    const recordId = /succeeded: record (\S+)/.exec(first.stdout)?.[1];
    expect(f.sim.records(account.id, 'ticketing.Ticket').map((r) => r.id)).toEqual([recordId]);
    const again = await whileProcessing(cli(argv));
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`succeeded: record ${recordId}`);
    expect(f.sim.writes.appliedWrites({ accountId: account.id })).toHaveLength(1);

    const update = await whileProcessing(
      cli(
        [
          'write',
          account.id,
          '--model',
          'ticketing.Ticket',
          '--update',
          recordId!,
          '--data',
          '-',
          '--wait',
          '--json',
          '--url',
          runtime.url,
        ],
        {
          input: '{"status": "CLOSED"}',
        },
      ),
    );
    expect(update.code).toBe(0);
    expect(JSON.parse(update.stdout.slice(update.stdout.indexOf('{')))).toMatchObject({
      operation: 'update',
      status: 'succeeded',
      record_id: recordId,
    });
    const listed = await cli([
      'writes',
      'list',
      account.id,
      '--status',
      'succeeded',
      '--json',
      '--url',
      runtime.url,
    ]);
    expect(
      (JSON.parse(listed.stdout) as { results: { operation: string }[] }).results.map((w) => w.operation),
    ).toEqual(['create', 'update']);
    const table = await cli(['writes', 'list', account.id, '--url', runtime.url]);
    expect(table.stdout).toContain('ticketing.Ticket');
  });

  it('bad input exits 2 naming it; a write Merge refuses exits 1 with --wait', async () => {
    const account = await linkAndSync(f, 'ticketing', {});
    const unknown = await cli([
      'write',
      account.id,
      '--model',
      'ticketing.Widget',
      '--create',
      '--data',
      file('x.json', {}),
      '--url',
      runtime.url,
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown model "ticketing.Widget"');
    const both = await cli([
      'write',
      account.id,
      '--model',
      'ticketing.Ticket',
      '--create',
      '--update',
      'x',
      '--data',
      file('y.json', {}),
      '--url',
      runtime.url,
    ]);
    expect(both.code).toBe(2);
    const status = await cli(['writes', 'list', account.id, '--status', 'lost', '--url', runtime.url]);
    expect(status.code).toBe(2);

    f.sim.writes.setRequiredFields('ticketing.Ticket', 'post', ['name', 'due_date']);
    try {
      const refused = await whileProcessing(
        cli([
          'write',
          account.id,
          '--model',
          'ticketing.Ticket',
          '--create',
          '--data',
          file('z.json', { name: 'n' }),
          '--wait',
          '--url',
          runtime.url,
        ]),
      );
      expect(refused.code).toBe(1);
      expect(refused.stdout).toContain('failed (missing_required_fields)');
    } finally {
      f.sim.writes.setRequiredFields('ticketing.Ticket', 'post', ['name']);
    }
  });
});
