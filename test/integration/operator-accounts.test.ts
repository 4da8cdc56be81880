import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { purgeCommand, removeAccountCommand } from '../../infra/cli/commands/account-deletion';
import { listAccountsCommand } from '../../infra/cli/commands/accounts';
import { ConfirmationRequiredError, NotConfirmedError } from '../../infra/cli/terminal';
import { resyncAccount, OperatorInputError } from '../../shared/operations/operator-actions';
import { operatorDeps, testTerminal } from '../helpers/operator-target';
import { linkAndSync, useSyncFixture, type SyncFixture } from '../helpers/sync-fixture';
import { defaultModels } from '../helpers/default-models';

let f: SyncFixture;
useSyncFixture((started) => (f = started), {
  pipeline: {
    syncConfigOverrides: {
      models: defaultModels('crm.Lead', 'crm.Contact'),
      planRequestsPerMinute: 6000,
    },
  },
});

const REPO = join(__dirname, '../..');

/**
 * `npx merge-sync …` in the checkout, stdin not a terminal (as in a script or CI). `--no`: never
 * fall back to installing a package of that name from the registry.
 */
function npxMergeSync(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = spawn('npx', ['--no', '--', 'merge-sync', ...args], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  run.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  run.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => run.once('exit', (code) => resolve({ code, stdout, stderr })));
}

async function stillThere(accountId: string) {
  expect(await f.accounts.get(accountId)).toMatchObject({ status: 'ACTIVE' });
  expect(await f.accounts.getToken(accountId)).toBeDefined();
  expect((await f.storedRecords(accountId, 'crm.Lead')).length).toBeGreaterThan(0);
}

async function expectPurged(accountId: string) {
  expect(await f.accounts.get(accountId)).toMatchObject({ status: 'DELETED' });
  expect(await f.accounts.getToken(accountId)).toBeUndefined();
  for (const model of ['crm.Lead', 'crm.Contact']) {
    expect(await f.storedRecords(accountId, model)).toEqual([]);
    expect(await f.records.seenMarkIds(accountId, model, 10)).toEqual([]);
  }
  expect(await f.states.listForAccount(accountId)).toEqual([]);
}

describe('accounts list, accounts remove, purge (the "AWS" target: stack outputs on the stand-ins)', () => {
  it('accounts list shows every account with its status and issue, as a table or JSON, never a token', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 5 });
    const { terminal, out } = testTerminal({ interactive: false });
    await listAccountsCommand(operatorDeps(f), terminal, { json: false, all: false });
    const table = out.join('\n');
    expect(table).toMatch(
      /^account\s+integration\s+organization\s+category\s+status\s+linked\s+issue\s+overrides/,
    );
    expect(table).toMatch(new RegExp(`${account.id}\\s+Salesforce\\s+Acme Corp\\s+crm\\s+ACTIVE\\s+\\d{4}-`));

    const json = testTerminal({ interactive: false });
    await listAccountsCommand(operatorDeps(f), json.terminal, { json: true, all: false });
    const listed = (JSON.parse(json.out.join('\n')) as { accounts: Record<string, unknown>[] }).accounts;
    expect(listed.find((a) => a.id === account.id)).toMatchObject({
      category: 'crm',
      status: 'ACTIVE',
      integration: 'Salesforce',
      end_user_organization_name: 'Acme Corp',
      linked_at: expect.any(String),
      updated_at: expect.any(String),
      issue: null,
      overrides: null,
    });
    expect(json.out.join('\n')).not.toContain(f.sim.account(account.id)!.accountToken);
  });

  it('remove and purge change nothing unless confirmed: no terminal and no --yes, or the wrong id typed', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 5 });
    const deps = operatorDeps(f);
    const script = testTerminal({ interactive: false });
    await expect(removeAccountCommand(deps, script.terminal, account.id, { yes: false })).rejects.toThrow(
      ConfirmationRequiredError,
    );
    await expect(purgeCommand(deps, script.terminal, account.id, { yes: false })).rejects.toThrow(
      /standard input is not a terminal.*pass --yes/,
    );
    const person = testTerminal({ interactive: true, answers: ['not-the-id', account.id.slice(0, 8)] });
    await expect(removeAccountCommand(deps, person.terminal, account.id, { yes: false })).rejects.toThrow(
      NotConfirmedError,
    );
    await expect(purgeCommand(deps, person.terminal, account.id, { yes: false })).rejects.toThrow(
      /nothing was changed/,
    );
    expect(person.questions).toEqual([
      `Type the account id (${account.id}) to confirm: `,
      `Type the account id (${account.id}) to confirm: `,
    ]);
    expect(person.progress.join('\n')).toMatch(/cannot be undone/);
    await f.pipeline.drain();
    await stillThere(account.id);
    await expect(purgeCommand(deps, script.terminal, 'no-such-account', { yes: true })).rejects.toThrow(
      OperatorInputError,
    );
  });

  it('accounts remove, confirmed by typing the id, does what LinkedAccount.deleted does', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 30, 'crm.Contact': 5 });
    const person = testTerminal({ interactive: true, answers: [account.id] });
    await removeAccountCommand(operatorDeps(f), person.terminal, account.id, { yes: false });
    expect(person.out.join('\n')).toMatch(/Removed account .*purge is queued/);
    // Deleted at once (nothing polls or fetches it from now on); its data goes with the queued purge.
    expect(await f.accounts.get(account.id)).toMatchObject({ status: 'DELETED' });
    await f.pipeline.drain();
    await expectPurged(account.id);
    // A late LinkedAccount.linked does not bring it back; Merge never hears of it again.
    f.sim.resetRequestLog();
    await f.postWebhook(f.sim.linkedEvent(account.id));
    await f.schedule({ reconcile: true });
    await f.pipeline.drain();
    expect(await f.accounts.get(account.id)).toMatchObject({ status: 'DELETED' });
    expect(f.sim.requestCount({ accountId: account.id })).toBe(0);
  });

  it('purge --yes deletes everything now, seen marks included, showing its progress', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 1200, 'crm.Contact': 3 });
    // A full resync leaves seen marks (record ids) beside the records: the purge takes them too.
    await resyncAccount(operatorDeps(f), account.id, 'crm.Lead', { full: true });
    await f.pipeline.drain();
    expect(await f.records.seenMarkIds(account.id, 'crm.Lead', 10)).toHaveLength(10);
    const script = testTerminal({ interactive: false });
    await purgeCommand(operatorDeps(f), script.terminal, account.id, { yes: true });
    expect(script.progress).toEqual([
      'purged 3 records…', // crm.Contact
      'purged 503 records…', // then crm.Lead, 500 at a time
      'purged 1,003 records…',
      'purged 1,203 records…',
    ]);
    expect(script.out.join('\n')).toMatch(/Purged account .*: 1,203 records deleted/);
    await expectPurged(account.id);
  });

  it('purge finishes what accounts remove queued', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 20 });
    const deps = operatorDeps(f);
    await removeAccountCommand(deps, testTerminal({ interactive: false }).terminal, account.id, {
      yes: true,
    });
    const script = testTerminal({ interactive: false });
    await purgeCommand(deps, script.terminal, account.id, { yes: true }); // before the fetcher got to it
    expect(script.out.join('\n')).toMatch(/20 records deleted/);
    await expectPurged(account.id);
    await f.pipeline.drain(); // the queued purge finds nothing left
    await expectPurged(account.id);
  });
});

describe('npx merge-sync (package.json "bin")', () => {
  let runtime: Server;
  let url = '';
  beforeAll(async () => {
    // The local runtime's GET /local/runtime (what npm start serves for the CLI), over this test's stand-ins.
    runtime = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          dynamodbEndpoint: f.pipeline.standIns.dynamodbEndpoint,
          sqsEndpoint: f.pipeline.standIns.sqsEndpoint,
          tableName: f.pipeline.tableName,
          queues: f.pipeline.queues,
        }),
      );
    });
    await new Promise<void>((resolve) => runtime.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(runtime.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => runtime.close(() => resolve())));

  it('--help prints the commands, --version the version; both exit 0', async () => {
    const run = await npxMergeSync(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^merge-sync \d+\.\d+\.\d+: the operator CLI/);
    expect(run.stdout).toMatch(/accounts remove ACCOUNT\s+what LinkedAccount\.deleted does/);
    expect(await npxMergeSync(['--version'])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^merge-sync \d/),
    });
  });

  it('without a terminal and without --yes, remove and purge refuse before touching anything (exit 2)', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 3 });
    for (const args of [
      ['purge', account.id],
      ['accounts', 'remove', account.id],
    ]) {
      const run = await npxMergeSync([...args, '--url', url]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/standard input is not a terminal, so nobody can confirm it here.*--yes/);
    }
    await stillThere(account.id);
  });

  it('runs commands end to end: accounts list --json, then purge --yes with progress on stderr', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 7 });
    const list = await npxMergeSync(['accounts', 'list', '--json', '--url', url]);
    expect(list.code).toBe(0);
    const ids = (JSON.parse(list.stdout) as { accounts: { id: string }[] }).accounts.map((a) => a.id);
    expect(ids).toContain(account.id);
    const purge = await npxMergeSync(['purge', account.id, '--yes', '--url', url]);
    expect(purge.code).toBe(0);
    expect(purge.stderr).toContain('purged 7 records…');
    expect(purge.stdout).toMatch(/Purged account .*: 7 records deleted/);
    await expectPurged(account.id);
  });
});
