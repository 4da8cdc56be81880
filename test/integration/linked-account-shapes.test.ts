import { capturedLogLines } from '../helpers/log-capture';
import { useSyncFixture, type SyncFixture } from '../helpers/sync-fixture';

/**
 * A LinkedAccount.linked is the only webhook carrying the account token (reference §6a), and every
 * `linked_account` field but `id` comes from samples only (§6): one of another shape than the samples
 * (`integration` as the object linked-accounts answers with, §9; a number where a text was seen), or
 * a missing `category`, must not lose the account.
 */
let f: SyncFixture;
useSyncFixture((started) => (f = started));

type Payload = { linked_account: Record<string, unknown> } & Record<string, unknown>;

async function deliverLinked(accountId: string, reshape: (linked: Record<string, unknown>) => void) {
  const payload = f.sim.linkedEvent(accountId) as unknown as Payload;
  reshape(payload.linked_account);
  const response = await f.postWebhook(payload);
  expect(response.statusCode).toBe(200);
  expect(JSON.parse(response.body ?? '{}')).not.toMatchObject({ status: 'ignored' });
  await f.pipeline.drain();
}

describe('LinkedAccount.linked in the shapes Merge documents', () => {
  it('stores the account when integration is an object and other descriptive fields are oddly typed', async () => {
    const account = f.sim.linkAccount({ category: 'hris', announce: false });
    await deliverLinked(account.id, (linked) => {
      linked.integration = { name: 'BambooHR', slug: 'bamboohr', categories: ['hris'] };
      linked.end_user_origin_id = 12345;
      linked.account_type = null;
      linked.status = true;
    });

    expect(await f.accounts.get(account.id)).toMatchObject({
      status: 'ACTIVE',
      category: 'hris',
      integration: 'BambooHR',
    });
    expect(await f.accounts.getToken(account.id)).toBe(account.accountToken);
  });

  it.each(['PRODUCTION', 'TEST'] as const)(
    'learns a missing category from Merge’s linked-accounts list (%s account)',
    async (accountType) => {
      const account = f.sim.linkAccount({ category: 'ats', accountType, announce: false });
      await deliverLinked(account.id, (linked) => {
        delete linked.category;
      });

      expect(await f.accounts.get(account.id)).toMatchObject({ status: 'ACTIVE', category: 'ats' });
      expect(await f.accounts.getToken(account.id)).toBe(account.accountToken);
    },
  );

  it('drops, visibly, a LinkedAccount.linked whose category neither it nor Merge names', async () => {
    const account = f.sim.linkAccount({ category: 'hris', announce: false });
    const payload = f.sim.linkedEvent(account.id) as unknown as Payload;
    delete payload.linked_account.category;
    payload.linked_account.id = 'not-a-linked-account-merge-knows';
    expect((await f.postWebhook(payload)).statusCode).toBe(200);
    await f.pipeline.drain();

    expect(await f.accounts.get('not-a-linked-account-merge-knows')).toBeUndefined();
    const warned = capturedLogLines().filter(
      (line) =>
        line.includes('LinkedAccount.linked not applied: its category is unknown') &&
        line.includes('"reason":"category-unknown"'),
    );
    expect(warned).toHaveLength(1);
    expect(await f.pipeline.queueDepth('eventsDlq')).toMatchObject({ visible: 0, inFlight: 0 });
  });
});
