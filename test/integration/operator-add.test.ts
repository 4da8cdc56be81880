import { cli, startRuntimeInfo } from '../helpers/cli-run';
import { useSyncFixture, type SyncFixture } from '../helpers/sync-fixture';
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

/** An account linked in Merge whose LinkedAccount.linked went elsewhere: only an import brings it here. */
function linkedElsewhere() {
  const account = f.sim.linkAccount({ category: 'crm' });
  f.sim.seedRecords(account.id, 'crm.Lead', 5);
  f.sim.finishSync(account.id, { result: 'DONE' });
  return account;
}

const add = (
  id: string,
  options: { token: string; env?: NodeJS.ProcessEnv; url?: string; category?: string },
) =>
  cli(
    [
      'accounts',
      'add',
      '--id',
      id,
      '--category',
      options.category ?? 'crm',
      '--token-stdin',
      '--integration',
      'HubSpot',
      '--url',
      options.url ?? runtime.url,
    ],
    { env: options.env ?? { MERGE_API_KEY: f.apiKey }, secret: options.token },
  );

async function expectNothingStored(accountId: string) {
  expect(await f.accounts.get(accountId)).toBeUndefined();
  expect(await f.accounts.getToken(accountId)).toBeUndefined();
}

describe('accounts add checks the token with Merge before it stores anything', () => {
  it('a token Merge refuses: a clear message, exit 2, nothing stored', async () => {
    const account = linkedElsewhere();
    f.sim.resetRequestLog();
    const refused = await add(account.id, { token: 'not-the-token-of-this-account' });
    expect(refused).toMatchObject({ code: 2, stdout: '' });
    expect(refused.stderr).toMatch(
      new RegExp(
        `merge-sync: Merge refused this token for crm account ${account.id} \\(answered 401\\).*Nothing was stored\\.$`,
      ),
    );
    expect(refused.stderr).not.toContain('Usage:');
    // Asked once, through the engine's client: GET /crm/v1/sync-status with that token.
    expect(f.sim.requests.map((r) => `${r.status} ${r.path}`)).toEqual([`401 /api/crm/v1/sync-status`]);
    // The right token, but for an account of another category.
    const otherCategory = await add(account.id, { token: account.accountToken, category: 'hris' });
    expect(otherCategory.code).toBe(2);
    expect(otherCategory.stderr).toMatch(/Merge refused this token for hris account/);
    await expectNothingStored(account.id);
  });

  it('a token Merge accepts: imported, polled and synced; the token is never printed', async () => {
    const account = linkedElsewhere();
    const run = await add(account.id, { token: account.accountToken });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(`^Imported crm account ${account.id}: Merge accepted its token\\.`),
    );
    expect(run.stderr).toMatch(/Checking the token with Merge/);
    expect(`${run.stdout}${run.stderr}`).not.toContain(account.accountToken);
    await f.pipeline.drain();
    expect(await f.accounts.get(account.id)).toMatchObject({ status: 'ACTIVE', integration: 'HubSpot' });
    expect(await f.storedRecords(account.id, 'crm.Lead')).toHaveLength(5);
  });

  it('Merge not answering: exit 1 (a failure, not bad input), nothing stored', async () => {
    const account = linkedElsewhere();
    f.sim.injectFault({ kind: 'http5xx', status: 503, times: 2, match: { accountId: account.id } });
    const run = await add(account.id, { token: account.accountToken });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /\nmerge-sync: could not check the token with Merge \(answered 503 after 2 attempts\); nothing was stored/,
    );
    await expectNothingStored(account.id);
  });

  it('says why it cannot check a token before asking for one: no MERGE_API_KEY, or the embedded simulator', async () => {
    const account = linkedElsewhere();
    const noKey = await add(account.id, { token: account.accountToken, env: {} });
    expect(noKey).toMatchObject({ code: 2 });
    expect(noKey.stderr).toMatch(/checking the token with Merge needs MERGE_API_KEY/);
    const embedded = await startRuntimeInfo(f, { embeddedSimulator: true });
    try {
      const run = await add(account.id, { token: account.accountToken, url: embedded.url });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/embedded simulator, whose accounts only the demo links/);
    } finally {
      await embedded.close();
    }
    await expectNothingStored(account.id);
  });
});
