import { ACCOUNT_DETAIL_TYPE } from '../../shared/events/account-events';
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

const lastSeq = () => f.pipeline.bus.since().at(-1)?.seq ?? 0;
const accountEvents = (accountId: string, after: number) =>
  f.pipeline.bus
    .since(after)
    .filter(
      (e) =>
        (e.detail as { accountId?: string }).accountId === accountId &&
        Object.values<string>(ACCOUNT_DETAIL_TYPE).includes(e.detailType),
    )
    .map((e) => ({ detailType: e.detailType, detail: e.detail }));

describe('account events: consumers are told when an account goes', () => {
  it('LinkedAccount.deleted puts one Account Removed, then one Account Purged once its data is gone', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 30, 'crm.Contact': 5 });
    const from = lastSeq();
    await f.postWebhook(f.sim.accountDeletedEvent(account.id));
    await f.pipeline.drain();
    expect(await f.storedRecords(account.id, 'crm.Lead')).toHaveLength(0);
    expect(accountEvents(account.id, from)).toEqual([
      {
        detailType: 'Merge Account Removed',
        detail: expect.objectContaining({
          schemaVersion: 1,
          accountId: account.id,
          category: 'crm',
          reason: 'merge-deleted',
        }),
      },
      {
        detailType: 'Merge Account Purged',
        detail: expect.objectContaining({ schemaVersion: 1, accountId: account.id, records: 35 }),
      },
    ]);
  });

  it('a bus that is down when the account goes: both events arrive once it is back, each once', async () => {
    const account = await linkAndSync(f, 'crm', { 'crm.Lead': 4 });
    const from = lastSeq();
    f.pipeline.bus.refuseNext(1_000_000);
    await f.postWebhook(f.sim.accountDeletedEvent(account.id));
    await f.pipeline.sources.events.pollOnce();
    expect(await f.accounts.get(account.id)).toMatchObject({ status: 'DELETED' });
    expect(accountEvents(account.id, from)).toEqual([]);

    f.pipeline.bus.refuseNext(0);
    await f.pipeline.drain();
    expect(await f.accounts.getToken(account.id)).toBeUndefined();
    expect(accountEvents(account.id, from).map((e) => e.detailType)).toEqual([
      'Merge Account Removed',
      'Merge Account Purged',
    ]);
  });
});
