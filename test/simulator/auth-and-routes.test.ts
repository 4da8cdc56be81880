// Reference section 1 (Bearer + X-Account-Token) and section 9 (account-details, linked-accounts,
// delete-account).
import { API_KEY, startHarness } from './helpers';
import type { Harness, Json, Page } from './helpers';

describe('merge simulator: auth and account endpoints', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.sim.close();
  });

  test('every request needs the Bearer key: missing or wrong key is 401 with a JSON detail', async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    const missing = await h.call('/hris/v1/employees', { token: account.accountToken, auth: null });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await missing.json()).toEqual({ detail: expect.any(String) });

    const wrong = await h.call('/hris/v1/employees', { token: account.accountToken, auth: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    const notBearer = await h.call('/hris/v1/employees', {
      token: account.accountToken,
      auth: `Token ${API_KEY}`,
    });
    expect(notBearer.status).toBe(401);
    const linked = await h.call('/hris/v1/linked-accounts', { auth: null });
    expect(linked.status).toBe(401);
  });

  test('per-account endpoints need a live X-Account-Token', async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    expect((await h.call('/hris/v1/employees')).status).toBe(401);
    expect((await h.call('/hris/v1/sync-status')).status).toBe(401);
    expect((await h.call('/hris/v1/employees', { token: 'not-a-token' })).status).toBe(401);
    expect((await h.call('/hris/v1/employees', { token: account.accountToken })).status).toBe(200);

    h.sim.deleteAccount(account.id);
    const after = await h.call('/hris/v1/employees', { token: account.accountToken });
    expect(after.status).toBe(401);
  });

  test('error bodies never echo the API key or the account token', async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    const texts = await Promise.all([
      h
        .call('/hris/v1/employees', { token: account.accountToken, auth: 'Bearer wrong' })
        .then((r) => r.text()),
      h.call('/ats/v1/candidates', { token: account.accountToken }).then((r) => r.text()),
      h.call('/hris/v1/nope', { token: account.accountToken }).then((r) => r.text()),
    ]);
    for (const text of texts) {
      expect(text).not.toContain(API_KEY);
      expect(text).not.toContain(account.accountToken);
    }
  });

  test("a token used on another category's path is 404", async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    const res = await h.call('/ats/v1/candidates', { token: account.accountToken });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ detail: expect.any(String) });
  });

  test('unknown paths are 404 JSON; a known path with another method is 405', async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    for (const path of [
      '/hris/v1/widgets',
      '/hris/v2/employees',
      '/payroll/v1/employees',
      '/hris/v1/employees/a/b',
    ]) {
      const res = await h.call(path, { token: account.accountToken });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/json');
    }
    // Employments have no write endpoint (merge-common-models §2.1); employees do (test/simulator/writes.test.ts).
    expect(
      (await h.call('/hris/v1/employments', { token: account.accountToken, method: 'POST' })).status,
    ).toBe(405);
    expect((await h.call('/hris/v1/delete-account', { token: account.accountToken })).status).toBe(405);
  });

  test('retrieve by id, with a trailing slash too; an unknown id is 404', async () => {
    const account = h.sim.linkAccount({ category: 'crm' });
    const [contact] = h.sim.seedRecords(account.id, 'crm.Contact', 1);
    const ok = await h.json(`/crm/v1/contacts/${contact?.id}/`, { token: account.accountToken });
    expect(ok.status).toBe(200);
    expect(ok.body.id).toBe(contact?.id);
    expect(ok.body).not.toHaveProperty('remote_data');
    expect(
      (await h.call('/crm/v1/contacts/00000000-0000-4000-8000-000000000000', { token: account.accountToken }))
        .status,
    ).toBe(404);
  });

  test('account-details returns the linked account as Merge documents it', async () => {
    const account = h.sim.linkAccount({
      category: 'ats',
      endUserOrganizationName: 'Waystar',
      endUserOriginId: 'org-1',
    });
    const { status, body } = await h.json('/ats/v1/account-details', { token: account.accountToken });
    expect(status).toBe(200);
    expect(body).toEqual({
      id: account.id,
      integration: 'Greenhouse',
      integration_slug: 'greenhouse',
      category: 'ats',
      end_user_origin_id: 'org-1',
      end_user_organization_name: 'Waystar',
      end_user_email_address: account.endUserEmailAddress,
      status: 'COMPLETE',
      webhook_listener_url: expect.stringMatching(
        /^https:\/\/api\.merge\.dev\/api\/integrations\/webhook-listener\//,
      ),
      is_duplicate: null,
      account_type: 'PRODUCTION',
      completed_at: account.completedAt,
    });
    expect(JSON.stringify(body)).not.toContain(account.accountToken);
  });

  test('linked-accounts is org-wide with the Bearer key only, paginated and filterable by category', async () => {
    const hris = h.sim.linkAccount({ category: 'hris' });
    const ats = h.sim.linkAccount({ category: 'ats' });
    const gone = h.sim.linkAccount({ category: 'hris' });
    h.sim.deleteAccount(gone.id);

    const all = await h.json<Page>('/hris/v1/linked-accounts');
    expect(all.status).toBe(200);
    expect(all.body.results.map((a) => a.id)).toEqual([hris.id, ats.id]);
    expect(JSON.stringify(all.body)).not.toContain(hris.accountToken);

    const onlyAts = await h.json<Page>('/hris/v1/linked-accounts?category=ats');
    expect(onlyAts.body.results.map((a) => a.id)).toEqual([ats.id]);
    expect(onlyAts.body.results[0]).toMatchObject({ category: 'ats', integration: { slug: 'greenhouse' } });

    const paged = await h.json<Page>('/hris/v1/linked-accounts?page_size=1');
    expect(paged.body.results).toHaveLength(1);
    expect(typeof paged.body.next).toBe('string');
    expect((await h.json('/hris/v1/linked-accounts?category=payroll')).status).toBe(400);
  });

  test('POST delete-account answers 200 with an empty body, then the token is dead', async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    const res = await h.call('/hris/v1/delete-account', { token: account.accountToken, method: 'POST' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(h.sim.account(account.id)?.deleted).toBe(true);
    expect((await h.call('/hris/v1/account-details', { token: account.accountToken })).status).toBe(401);
    const list = await h.json<Page<Json>>('/hris/v1/linked-accounts');
    expect(list.body.results).toHaveLength(0);
  });
});
