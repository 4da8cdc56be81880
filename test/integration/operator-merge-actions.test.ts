// What an operator does about Merge's side of an account, through the CLI against a runtime whose
// Merge is the simulator: see a PAUSED or DISABLED model and what to do about it, unpause with a force
// resync (merge-api.md §5 "Force resync": plan-gated, costs a sync credit; §12 "Unpausing"), and
// delete a linked account in Merge too (§12: "deleting only our copy leaves Merge syncing (and
// billing) it"; POST /delete-account, §9).
import { cli, startRuntimeInfo } from '../helpers/cli-run';
import { readApi } from '../helpers/handler-calls';
import { linkAndSync, useSyncFixture, type SyncFixture } from '../helpers/sync-fixture';
import { defaultModels } from '../helpers/default-models';

let f: SyncFixture;
useSyncFixture((started) => (f = started), {
  pipeline: {
    syncConfigOverrides: {
      models: defaultModels('crm.Lead', 'crm.Contact'),
      planRequestsPerMinute: 600,
    },
  },
});

let runtime: { url: string; close: () => Promise<void> };
beforeAll(async () => {
  runtime = await startRuntimeInfo(f);
});
afterAll(() => runtime.close());

const LEAD = 'crm.Lead';
const CONTACT = 'crm.Contact';
const run = (args: string[], interactive = false, answers: string[] = []) =>
  cli([...args, '--url', runtime.url], { env: { MERGE_API_KEY: f.apiKey }, interactive, answers });
const mergeRequests = (accountId: string, method: string, path: string) =>
  f.sim.requests.filter((r) => r.accountId === accountId && r.method === method && r.path.endsWith(path));

type ModelView = { model_id: string; action_needed: { status: string; what_to_do: string } | null };

describe('PAUSED and DISABLED have a way out', () => {
  it('the read API and status show a PAUSED or DISABLED model with what to do', async () => {
    const account = await linkAndSync(f, 'crm', { [LEAD]: 3, [CONTACT]: 3 });
    f.sim.setModelStatus(account.id, LEAD, 'PAUSED');
    f.sim.setModelStatus(account.id, CONTACT, 'DISABLED');
    await f.schedule({ tier: 'frequent' });
    await f.schedule({ tier: 'hourly' });
    await f.pipeline.drain();

    const state = await readApi(f, `/accounts/${account.id}/sync-state`);
    const models = state.body.models as ModelView[];
    const lead = models.find((m) => m.model_id === LEAD)!;
    expect(lead.action_needed).toMatchObject({ status: 'PAUSED' });
    expect(lead.action_needed?.what_to_do).toMatch(/relink.*resync ACCOUNT --in-merge.*sync credit/);
    const contact = models.find((m) => m.model_id === CONTACT)!;
    expect(contact.action_needed).toMatchObject({ status: 'DISABLED' });
    expect(contact.action_needed?.what_to_do).toMatch(/Common Model scopes/);

    const status = await run(['status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/crm\.Lead\s+PAUSED in Merge, not synced/);
    expect(status.stdout).toContain(`Needs you:`);
    expect(status.stdout).toContain(`merge-sync resync ${account.id} --in-merge`);
  });

  it('resync --in-merge in a script without --yes refuses before asking Merge anything (exit 2)', async () => {
    const account = await linkAndSync(f, 'crm', { [LEAD]: 2 });
    const refused = await run(['resync', account.id, '--in-merge']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/sync credit.*--yes/);
    expect(mergeRequests(account.id, 'POST', '/sync-status/resync')).toHaveLength(0);
    const usage = await run(['resync', account.id, LEAD, '--in-merge', '--yes']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/takes no MODEL/);
  });

  it('resync --in-merge asks Merge to resync (after confirming at a terminal) and watches the account', async () => {
    const account = await linkAndSync(f, 'crm', { [LEAD]: 2 });
    f.sim.setModelStatus(account.id, LEAD, 'PAUSED');
    const done = await run(['resync', account.id, '--in-merge'], true, [account.id]);
    expect(done).toMatchObject({ code: 0 });
    expect(done.stderr).toMatch(/costs a sync credit/);
    expect(done.questions).toEqual([expect.stringContaining(account.id)]);
    expect(done.stdout).toMatch(/Merge accepted the force resync .* sync credit was used/);
    expect(mergeRequests(account.id, 'POST', '/sync-status/resync')).toHaveLength(1);
    expect(f.sim.syncStatus(account.id).every((e) => e.status === 'SYNCING')).toBe(true);
    expect((await f.accounts.get(account.id))?.watch).toBeDefined();
  });

  it("Merge's refusal of a force resync is shown as Merge gave it (exit 2)", async () => {
    const account = await linkAndSync(f, 'crm', { [LEAD]: 2 });
    f.sim.setResyncPolicy({ allowed: false, status: 403, message: 'Force resync is not on your plan.' });
    try {
      const refused = await run(['resync', account.id, '--in-merge', '--yes']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/Merge refused the force resync .*answered 403.*not on your plan/);
      expect(refused.stderr).toMatch(/Professional or Enterprise/);
    } finally {
      f.sim.setResyncPolicy({ allowed: true });
    }
  });
});

describe('accounts remove and Merge', () => {
  it('--in-merge deletes the linked account in Merge, then ours; the LinkedAccount.deleted that follows is a no-op', async () => {
    const account = await linkAndSync(f, 'crm', { [LEAD]: 4 });
    const removed = await run(['accounts', 'remove', account.id, '--in-merge', '--yes']);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toMatch(/Deleted linked account .* in Merge\. Removed account/);
    expect(mergeRequests(account.id, 'POST', '/delete-account')).toHaveLength(1);
    expect((await f.accounts.get(account.id))?.status).toBe('DELETED');
    const deleted = f.sim.sentWebhooks.find(
      (w) => w.accountId === account.id && w.body.includes('LinkedAccount.deleted'),
    )!;
    const headers = { 'Content-Type': 'application/json', 'X-Merge-Webhook-Signature': deleted.signature };
    expect((await f.postRaw(deleted.body, headers)).statusCode).toBe(200);
    await f.pipeline.drain();
    expect(await f.pipeline.queueDepth('eventsDlq')).toMatchObject({ visible: 0 });
    expect(await f.storedRecords(account.id, LEAD)).toEqual([]);
  });

  it('without --in-merge it says plainly that Merge keeps the account, and asks Merge nothing', async () => {
    const account = await linkAndSync(f, 'crm', { [LEAD]: 1 });
    const removed = await run(['accounts', 'remove', account.id, '--yes']);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toMatch(
      /Merge still has this linked account and keeps syncing \(and billing\) it/,
    );
    expect(removed.stdout).toMatch(/Merge’s dashboard/);
    expect(mergeRequests(account.id, 'POST', '/delete-account')).toHaveLength(0);
    expect(f.sim.account(account.id)).toBeDefined();
  });
});
