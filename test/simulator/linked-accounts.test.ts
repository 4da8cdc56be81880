// merge-api.md §9 and §12 "Duplicates": GET linked-accounts lists the organization's accounts with the
// API key alone, paginated, with the SDK's filters (status COMPLETE|INCOMPLETE|RELINK_NEEDED|IDLE,
// include_duplicates, is_test_account, ids, end_user_origin_ids, integration_name …); is_duplicate is
// null, true or false in account-details and webhooks (SDK `is_duplicate`: null for test accounts).
import { startHarness } from './helpers';
import type { Harness, Json, Page } from './helpers';

describe('merge simulator: linked accounts and is_duplicate (api §9, §12 "Duplicates")', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.sim.close();
  });

  const ids = async (query: string): Promise<unknown[]> => {
    const res = await h.json<Page>(`/hris/v1/linked-accounts${query}`);
    expect(res.status).toBe(200);
    return res.body.results.map((a) => a.id);
  };

  test('is_duplicate null/true/false in account-details, linked-accounts and webhooks', async () => {
    const plain = h.sim.linkAccount({ category: 'hris' });
    const notDuplicate = h.sim.linkAccount({ category: 'hris', isDuplicate: false });
    const original = h.sim.linkAccount({ category: 'ats' });
    const copy = h.sim.linkAccount({ category: 'ats', duplicateOf: original.id });
    const detailsOf = async (token: string, category: string): Promise<unknown> =>
      (await h.json<Json>(`/${category}/v1/account-details`, { token })).body.is_duplicate;
    expect(await detailsOf(plain.accountToken, 'hris')).toBeNull();
    expect(await detailsOf(notDuplicate.accountToken, 'hris')).toBe(false);
    expect(await detailsOf(original.accountToken, 'ats')).toBe(true);
    expect(await detailsOf(copy.accountToken, 'ats')).toBe(true);
    expect(h.sim.linkedEvent(copy.id).linked_account.is_duplicate).toBe(true);
    expect(h.sim.syncCompletedEvent(notDuplicate.id).linked_account.is_duplicate).toBe(false);
    const listed = await h.json<Page>('/hris/v1/linked-accounts');
    expect(listed.body.results.map((a) => a.is_duplicate)).toEqual([null, false, true, true]);
    h.sim.setDuplicate(plain.id, true);
    expect(await detailsOf(plain.accountToken, 'hris')).toBe(true);
  });

  test('Authorization alone suffices; results are paginated with bare cursors', async () => {
    const accounts = [1, 2, 3].map(() => h.sim.linkAccount({ category: 'crm' }));
    const first = await h.json<Page>('/crm/v1/linked-accounts?page_size=2');
    expect(first.body.results.map((a) => a.id)).toEqual(accounts.slice(0, 2).map((a) => a.id));
    const second = await h.json<Page>(
      `/crm/v1/linked-accounts?page_size=2&cursor=${encodeURIComponent(first.body.next ?? '')}`,
    );
    expect(second.body.results.map((a) => a.id)).toEqual([accounts[2]?.id]);
    expect(second.body.next).toBeNull();
    expect(JSON.stringify([first.body, second.body])).not.toMatch(
      new RegExp(accounts.map((a) => a.accountToken).join('|')),
    );
  });

  test('status filter: COMPLETE, INCOMPLETE, RELINK_NEEDED, IDLE; anything else is 400', async () => {
    const complete = h.sim.linkAccount({ category: 'hris' });
    const incomplete = h.sim.linkAccount({ category: 'hris', status: 'INCOMPLETE' });
    const broken = h.sim.linkAccount({ category: 'hris' });
    h.sim.setAccountStatus(broken.id, 'RELINK_NEEDED', 'Invalid login credentials');
    expect(await ids('?status=COMPLETE')).toEqual([complete.id]);
    expect(await ids('?status=INCOMPLETE')).toEqual([incomplete.id]);
    expect(await ids('?status=RELINK_NEEDED')).toEqual([broken.id]);
    expect(await ids('?status=IDLE')).toEqual([]);
    const relink = (await h.json<Page>('/hris/v1/linked-accounts?status=RELINK_NEEDED')).body.results[0];
    expect(relink?.status_detail).toBe('Invalid login credentials');
    expect((await h.call('/hris/v1/linked-accounts?status=PAUSED')).status).toBe(400);
  });

  test('id, ids, end_user_origin_ids, integration_name, category (any org category) filters', async () => {
    const a = h.sim.linkAccount({ category: 'hris', endUserOriginId: 'o-1' });
    const b = h.sim.linkAccount({ category: 'hris', endUserOriginId: 'o-2', integration: 'Workday' });
    const c = h.sim.linkAccount({ category: 'knowledgebase', endUserOriginId: 'o-3' });
    expect(await ids(`?id=${b.id}`)).toEqual([b.id]);
    expect(await ids(`?ids=${a.id},${c.id}`)).toEqual([a.id, c.id]);
    expect(await ids('?end_user_origin_ids=o-2,o-3')).toEqual([b.id, c.id]);
    expect(await ids('?end_user_origin_id=o-1')).toEqual([a.id]);
    expect(await ids('?integration_name=Workday')).toEqual([b.id]);
    expect(await ids('?category=knowledgebase')).toEqual([c.id]);
    expect((await h.call('/hris/v1/linked-accounts?category=payroll')).status).toBe(400);
  });

  test('include_duplicates adds the complete production duplicates of the account named by id', async () => {
    const original = h.sim.linkAccount({ category: 'hris' });
    const copy = h.sim.linkAccount({ category: 'hris', duplicateOf: original.id });
    const incompleteCopy = h.sim.linkAccount({
      category: 'hris',
      duplicateOf: original.id,
      status: 'INCOMPLETE',
    });
    h.sim.linkAccount({ category: 'hris' });
    expect(await ids(`?id=${original.id}`)).toEqual([original.id]);
    expect(await ids(`?id=${original.id}&include_duplicates=true`)).toEqual([original.id, copy.id]);
    expect(await ids(`?id=${copy.id}&include_duplicates=true`)).toEqual([original.id, copy.id]);
    expect(incompleteCopy.isDuplicate).toBe(true);
  });

  test('test accounts are listed only with is_test_account, and only they are (SDK doc)', async () => {
    const production = h.sim.linkAccount({ category: 'hris' });
    const test = h.sim.linkAccount({ category: 'hris', accountType: 'TEST' });
    expect(await ids('')).toEqual([production.id]);
    expect(await ids('?is_test_account=true')).toEqual([test.id]);
    expect(await ids('?is_test_account=false')).toEqual([production.id]);
    expect((await h.json<Json>('/hris/v1/account-details', { token: test.accountToken })).body).toMatchObject(
      {
        account_type: 'TEST',
        is_duplicate: null,
      },
    );
  });
});
