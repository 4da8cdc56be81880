import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { configureAccountCommand, overridesChange } from '../../infra/cli/commands/accounts-configure';
import { UsageError } from '../../infra/cli/errors';
import { AccountOverridesError } from '../../shared/config/account-overrides';
import type { OverridesChange } from '../../shared/operations/account-admin';
import { importAccount, resyncAccount } from '../../shared/operations/operator-actions';
import { capturedLogLines } from '../helpers/log-capture';
import { operatorDeps, testTerminal } from '../helpers/operator-target';
import {
  expectStoreEqualsSimulator,
  linkAndSync,
  useSyncFixture,
  type SyncFixture,
} from '../helpers/sync-fixture';
import { defaultModels } from '../helpers/default-models';

let f: SyncFixture;
useSyncFixture((started) => (f = started), {
  pipeline: {
    syncConfigOverrides: {
      models: defaultModels('crm.Lead', 'crm.Contact', 'ticketing.Ticket'),
      planRequestsPerMinute: 6000,
    },
  },
});

const configure = async (accountId: string, change: Parameters<typeof configureAccountCommand>[3]) => {
  const { terminal, out } = testTerminal({ interactive: false });
  await configureAccountCommand(operatorDeps(f), terminal, accountId, change, { json: false });
  return out.join('\n');
};
const requestsTo = (accountId: string, path: string) =>
  f.sim.requests.filter((r) => r.accountId === accountId && r.path.endsWith(path)).length;

describe('per-account overrides (accounts configure)', () => {
  let accountId = '';

  it('refuses unknown models, models of another category, undeclared tiers and bad limits, storing nothing', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 3 });
    const refusals: [OverridesChange, RegExp][] = [
      [{ models: ['crm.Engagement'] }, /"crm\.Engagement" is not synced for crm accounts/],
      [{ models: ['hris.Employee'] }, /"hris\.Employee" is not synced for crm accounts/],
      [{ cadence: { 'crm.Lead': 'weekly' } }, /tier "weekly" for "crm\.Lead" is not declared/],
      [
        { models: ['crm.Lead'], cadence: { 'crm.Contact': 'daily' } },
        /not among the models this account syncs/,
      ],
      [{ planRequestsPerMinute: 5 }, /planRequestsPerMinute: must be at least 10/],
    ];
    for (const [change, message] of refusals) {
      await expect(configure(account.id, change)).rejects.toThrow(AccountOverridesError);
      await expect(configure(account.id, change)).rejects.toThrow(message);
    }
    // The CLI's own syntax, before anything is sent.
    const args = (flags: [string, string][]) => new Map<string, string | true>(flags);
    expect(() => overridesChange(args([['--cadence', 'crm.Lead:hourly']]))).toThrow(UsageError);
    expect(() => overridesChange(args([['--plan-limit', '4e2']]))).toThrow(/whole number/);
    expect(
      overridesChange(
        args([
          ['--models', 'crm.Lead, crm.Contact'],
          ['--cadence', 'crm.Lead=daily'],
        ]),
      ),
    ).toEqual({
      models: ['crm.Lead', 'crm.Contact'],
      cadence: { 'crm.Lead': 'daily' },
    });
    expect((await f.accounts.get(account.id))?.overrides).toBeUndefined();
    await expect(configure('no-such-account', { planRequestsPerMinute: 100 })).rejects.toThrow(/no account/);
  });

  it('the poller polls and fetches only the models the account syncs, at its own tiers', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 20, 'crm.Contact': 10 });
    accountId = account.id;
    const other = await linkAndSync(f, 'crm', { 'crm.Lead': 5, 'crm.Contact': 5 });
    const shown = await configure(account.id, { models: ['crm.Lead'], cadence: { 'crm.Lead': 'daily' } });
    expect(shown).toMatch(/crm\.Lead\s+daily \(override\)/);
    expect(shown).not.toContain('crm.Contact');
    for (const id of [account.id, other.id]) {
      f.sim.addRecord(id, 'crm.Lead');
      f.sim.addRecord(id, 'crm.Contact');
      f.sim.runSync(id, { result: 'DONE' });
    }
    // The initial syncs are complete; their watches' next polls (20 s after each link) would land in
    // whichever drain below runs once 20 s have passed, which on a busy machine is the tier drain.
    // Dropped, so what follows is the schedule's work alone. One already received when the queues
    // are purged (in flight on a busy machine) finishes, with what it asks for, before the log is reset.
    await f.pipeline.purgeQueues();
    await f.pipeline.drain();
    f.sim.resetRequestLog();

    // Leads are on the 5-minute tier and contacts hourly, except for this account.
    await f.schedule({ tier: 'frequent' });
    await f.schedule({ tier: 'hourly' });
    await f.pipeline.drain();
    // (Listed, not counted: a failure names the requests.)
    expect(f.sim.requests.filter((r) => r.accountId === account.id).map((r) => [r.path, r.query])).toEqual(
      [],
    );
    expect(requestsTo(other.id, '/leads')).toBeGreaterThan(0);
    expect(requestsTo(other.id, '/contacts')).toBeGreaterThan(0);

    await f.schedule({ tier: 'daily' });
    await f.pipeline.drain();
    expect(requestsTo(account.id, '/sync-status')).toBe(1);
    expect(requestsTo(account.id, '/leads')).toBeGreaterThan(0);
    await expectStoreEqualsSimulator(f, account.id, 'crm.Lead');

    // Nor does the daily reconciliation fetch a model the account does not sync.
    await f.schedule({ reconcile: true });
    await f.pipeline.drain();
    expect(requestsTo(account.id, '/contacts')).toBe(0);
    expect(await f.storedRecords(account.id, 'crm.Contact')).toHaveLength(10);
  });

  it('the fetcher and webhooks leave that model alone too', async () => {
    expect(accountId).not.toBe('');
    f.sim.resetRequestLog();
    const contact = String(f.sim.addRecord(accountId, 'crm.Contact').id);
    f.sim.runSync(accountId, { result: 'DONE' });
    await f.postWebhook(f.sim.modelSyncedEvent(accountId, 'crm.Contact'));
    await f.postWebhook(f.sim.syncCompletedEvent(accountId));
    await f.postWebhook(f.sim.changedDataEvent(accountId, 'crm.Contact', contact, 'added'));
    // A fetch job for it, already queued before the change (or sent by anything else), is skipped.
    await f.pipeline.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: f.pipeline.queues.jobs,
        MessageBody: JSON.stringify({
          v: 1,
          kind: 'fetch',
          accountId,
          modelId: 'crm.Contact',
          reason: 'manual',
          requestedAt: new Date().toISOString(),
        }),
      }),
    );
    await f.pipeline.drain();
    expect(requestsTo(accountId, '/contacts')).toBe(0);
    expect(await f.records.get(accountId, 'crm.Contact', contact)).toBeUndefined();
    expect(
      capturedLogLines().some(
        (l) => l.includes('fetch job skipped') && l.includes(accountId) && l.includes('model-not-configured'),
      ),
    ).toBe(true);
    await expect(resyncAccount(operatorDeps(f), accountId, 'crm.Contact')).rejects.toThrow(/not synced/);
  });

  it('a relink keeps the overrides; --reset drops them all', async () => {
    await f.postWebhook(f.sim.linkedEvent(accountId, { isRelink: true }));
    await f.pipeline.drain();
    expect((await f.accounts.get(accountId))?.overrides).toMatchObject({ models: ['crm.Lead'] });
    const shown = await configure(accountId, { reset: true });
    expect(shown).toMatch(/crm\.Lead\s+frequent\n.*crm\.Contact\s+hourly/s);
    expect((await f.accounts.get(accountId))?.overrides).toBeUndefined();
  });

  it("the pacer spends the account's own plan limit, shared by the poller and the fetcher", async () => {
    // Imported (not yet polled), so its first request is already paced by the override.
    const linked = f.sim.linkAccount({ category: 'ticketing' });
    f.sim.seedRecords(linked.id, 'ticketing.Ticket', 450); // 5 pages
    f.sim.finishSync(linked.id, { result: 'DONE' });
    await importAccount(operatorDeps(f), {
      id: linked.id,
      category: 'ticketing',
      accountToken: f.sim.account(linked.id)!.accountToken,
    });
    const shown = await configure(linked.id, { planRequestsPerMinute: 60 });
    expect(shown).toMatch(/plan limit: 60 requests\/min \(override\); paced at 57\/min/);
    f.sim.resetRequestLog();
    await f.pipeline.drain();
    const times = f.sim.requests.filter((r) => r.accountId === linked.id).map((r) => r.time);
    expect(times).toHaveLength(6); // /sync-status, then 5 pages
    // The pacer grants slots 60 000 / 57 ≈ 1 053 ms apart (the deployment's 5 700 a minute would be
    // about 10 ms): the 6th request cannot start before 5 slots after the 1st. Judged on the span, not
    // on each gap: a busy machine delays a request's arrival after its slot, which shortens the gap
    // to the next one without the pacer granting anything early.
    const span = times.at(-1)! - times[0]!;
    expect(span).toBeGreaterThanOrEqual(4 * 1053);
    await expectStoreEqualsSimulator(f, linked.id, 'ticketing.Ticket');
  });
});
