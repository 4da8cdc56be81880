import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freePort } from '../../infra/local/stand-ins';
import { defaultModels } from '../helpers/default-models';
import { startNpmRuntime, type NpmRuntime } from '../helpers/npm-start';
import { startMergeSimulator, type MergeSimulator } from '../../infra/local/merge-simulator';

/**
 * The local runtime as a user runs it: `npm start` in a child process, pointed at a Merge (here a
 * simulator started by the test), driven only over HTTP: signed webhooks in, read API out.
 */
const apiKey = `e2e-key-${randomBytes(8).toString('hex')}`;
const signingKey = `e2e-signing-${randomBytes(8).toString('hex')}`;
let sim: MergeSimulator;
let child: ChildProcess;
let base: string;
let runtime: NpmRuntime;

beforeAll(async () => {
  sim = await startMergeSimulator({ apiKey, webhookSignatureKey: signingKey, webhookRetryBackoffMs: 50 });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  runtime = await startNpmRuntime(
    port,
    ['--in-memory', '--merge-base-url', sim.baseUrl, '--poll-interval', '2'],
    {
      MERGE_API_KEY: apiKey,
      MERGE_WEBHOOK_SIGNATURE_KEY: signingKey,
      // The ATS models this test reads (the defaults' interviews, jobs and offers are not its subject).
      SYNC_CONFIG_OVERRIDES: JSON.stringify({ models: defaultModels('ats.Candidate', 'ats.Application') }),
    },
  );
  child = runtime.child;
}, 90_000);

afterAll(async () => {
  runtime?.kill();
  await sim.close();
});

const waitFor = (check: () => Promise<boolean>, timeoutMs?: number) => runtime.waitFor(check, timeoutMs);

function cli(args: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = spawn(
    join(__dirname, '../../node_modules/.bin/tsx'),
    [join(__dirname, '../../infra/cli/main.ts'), ...args],
    // As a person runs it in the shell that started the runtime (MERGE_API_KEY exported there).
    { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, MERGE_API_KEY: apiKey } },
  );
  run.stdin.end(stdin);
  let stdout = '';
  let stderr = '';
  run.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  run.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => run.once('exit', (code) => resolve({ code, stdout, stderr })));
}

async function readAll(accountId: string, modelId: string) {
  const records: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  for (;;) {
    const query: string = cursor ? `?page_size=100&cursor=${encodeURIComponent(cursor)}` : '?page_size=100';
    const res = await fetch(`${base}/accounts/${accountId}/records/${modelId}${query}`);
    if (res.status === 404) return { records, next: null }; // the account is not stored yet
    const page = (await res.json()) as {
      results: Record<string, unknown>[];
      next: string | null;
      has_more: boolean;
    };
    records.push(...page.results);
    if (!page.has_more) return { records, next: page.next };
    cursor = page.next;
  }
}

it('syncs what signed webhooks announce until the read API equals Merge, and exits cleanly on SIGTERM', async () => {
  const account = sim.linkAccount({ category: 'ats', integration: 'Greenhouse' });
  sim.seedRecords(account.id, 'ats.Candidate', 140);
  expect((await sim.deliverWebhook(`${base}/webhooks/merge`, sim.linkedEvent(account.id))).statuses).toEqual([
    200,
  ]);
  sim.finishSync(account.id, { result: 'DONE' });
  await sim.deliverWebhook(
    `${base}/webhooks/merge`,
    sim.syncCompletedEvent(account.id, { isInitialSync: true }),
  );

  const truthIds = () =>
    sim
      .records(account.id, 'ats.Candidate')
      .map((r) => String(r.id))
      .sort();
  let feed = await readAll(account.id, 'ats.Candidate');
  await waitFor(async () => {
    feed = await readAll(account.id, 'ats.Candidate');
    return JSON.stringify(feed.records.map((r) => String(r.id)).sort()) === JSON.stringify(truthIds());
  }, 60_000);

  // A consumer keeps `next`, and later sees exactly what changed since.
  const changed = String(sim.records(account.id, 'ats.Candidate')[5]!.id);
  sim.updateRecord(account.id, 'ats.Candidate', changed, { title: 'Staff Engineer' });
  const added = String(sim.addRecord(account.id, 'ats.Candidate').id);
  sim.runSync(account.id, { result: 'DONE' });
  await sim.deliverWebhook(`${base}/webhooks/merge`, sim.modelSyncedEvent(account.id, 'ats.Candidate'));
  let later: Record<string, unknown>[] = [];
  await waitFor(async () => {
    const q = `?cursor=${encodeURIComponent(feed.next!)}&page_size=100`;
    later = (
      (await (await fetch(`${base}/accounts/${account.id}/records/ats.Candidate${q}`)).json()) as {
        results: Record<string, unknown>[];
      }
    ).results;
    return later.length >= 2;
  }, 30_000);
  expect(later.map((r) => r.id).sort()).toEqual([changed, added].sort());
  expect(later.find((r) => r.id === changed)?.title).toBe('Staff Engineer');

  // Nothing the runtime answers carries a secret.
  const answers = [
    await (await fetch(`${base}/accounts`)).text(),
    await (await fetch(`${base}/accounts/${account.id}/sync-state`)).text(),
    await (await fetch(`${base}/local/runtime`)).text(),
  ];
  for (const secret of [apiKey, signingKey, account.accountToken]) {
    for (const answer of answers) expect(answer).not.toContain(secret);
    expect(runtime.output()).not.toContain(secret);
  }
  expect(JSON.parse(answers[0]!).results).toEqual([
    expect.objectContaining({ id: account.id, category: 'ats', status: 'ACTIVE' }),
  ]);

  // The operator CLI, as a person runs it, against this runtime.
  const status = await cli(['status', '--json', '--url', base]);
  expect(status.code).toBe(0);
  const report = JSON.parse(status.stdout) as {
    accounts: { account: { id: string }; models: { model_id: string; records: number }[] }[];
  };
  expect(report.accounts.map((a) => a.account.id)).toEqual([account.id]);
  expect(report.accounts[0]!.models.find((m) => m.model_id === 'ats.Candidate')).toMatchObject({
    records: 141,
  });
  expect(status.stdout).not.toContain(account.accountToken);
  expect((await cli(['resync', account.id, 'ats.Candidate', '--url', base])).stdout).toContain(
    'Full fetch requested for ats.Candidate',
  );
  expect((await cli(['dlq', 'list', '--url', base])).stdout).toMatch(/events\s+0/);
  const tail = await cli(['events', 'tail', '--url', base]);
  expect(tail.stderr).toMatch(/^\(the last 50 of \d+ events on the bus; --limit N shows more\)/);
  expect(tail.stdout).toMatch(
    new RegExp(
      `Merge Record Changed\\s+${account.id}\\s+ats\\.Candidate ${changed} \\(modified_at, title\\)`,
    ),
  );
  const refused = await cli(['resync', 'no-such-account', '--url', base]);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toBe('merge-sync: no active account no-such-account\n');

  // An account linked earlier (its webhook went elsewhere): imported once Merge accepts its token.
  const earlier = sim.linkAccount({ category: 'ats' });
  const add = (token: string) =>
    cli(['accounts', 'add', '--id', earlier.id, '--category', 'ats', '--token-stdin', '--url', base], token);
  const bogus = await add('not-a-token-merge-knows');
  expect(bogus.code).toBe(2);
  expect(bogus.stderr).toMatch(/Merge refused this token .*Nothing was stored/);
  const imported = await add(earlier.accountToken);
  expect(imported).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Imported ats account /) });
  const listed = JSON.parse((await cli(['accounts', 'list', '--json', '--url', base])).stdout) as {
    accounts: { id: string; source: string }[];
  };
  expect(listed.accounts).toContainEqual(expect.objectContaining({ id: earlier.id, source: 'import' }));

  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // As `kill <pid>` on the npm process does: npm forwards the signal to the runtime and exits with its code.
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(runtime.output()).toContain('stopped cleanly');
}, 120_000);
