// The request log tests assert on: never a token, the account a token resolved to, IP-wide failures.
import { API_KEY, startHarness } from './helpers';
import type { Harness } from './helpers';

describe('merge simulator: request log', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.sim.close();
  });

  test('entries record method, path, query, status and the account, never a token or the key', async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    await h.call('/hris/v1/employees?page_size=5&expand=manager&expand=employments', {
      token: account.accountToken,
    });
    await h.call('/hris/v1/employees', { token: 'made-up-token-value' });
    h.sim.deleteAccount(account.id);
    await h.call('/hris/v1/employees', { token: account.accountToken });
    await h.call('/hris/v1/linked-accounts');

    expect(h.sim.requests).toEqual([
      {
        time: h.clock.ms,
        method: 'GET',
        path: '/api/hris/v1/employees',
        query: { page_size: '5', expand: ['manager', 'employments'] },
        status: 200,
        accountId: account.id,
        tokenMatchesAccount: true,
        fault: null,
      },
      expect.objectContaining({ status: 401, accountId: null, tokenMatchesAccount: false }),
      expect.objectContaining({ status: 401, accountId: account.id, tokenMatchesAccount: false }),
      expect.objectContaining({ status: 200, accountId: null }),
    ]);
    expect(h.sim.requests[3]).not.toHaveProperty('tokenMatchesAccount');
    const dump = JSON.stringify(h.sim.requests);
    for (const secret of [account.accountToken, 'made-up-token-value', API_KEY])
      expect(dump).not.toContain(secret);
  });

  test('requestCount filters by account, path and status; resetRequestLog empties the log', async () => {
    const a = h.sim.linkAccount({ category: 'hris' });
    const b = h.sim.linkAccount({ category: 'ats' });
    await h.call('/hris/v1/employees', { token: a.accountToken });
    await h.call('/hris/v1/sync-status', { token: a.accountToken });
    await h.call('/ats/v1/candidates', { token: b.accountToken });
    await h.call('/ats/v1/nothing', { token: b.accountToken });
    expect(h.sim.requestCount()).toBe(4);
    expect(h.sim.requestCount({ accountId: a.id })).toBe(2);
    expect(h.sim.requestCount({ pathIncludes: 'sync-status' })).toBe(1);
    expect(h.sim.requestCount({ accountId: b.id, status: 404 })).toBe(1);
    h.sim.resetRequestLog();
    expect(h.sim.requestCount()).toBe(0);
    expect(h.sim.requests).toHaveLength(0);
  });

  test('maxFailuresInWindow counts responses >= 400 except 429 in any 10 s window', async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    h.sim.injectFault({ kind: 'http429', times: 3 });
    for (let i = 0; i < 3; i++) await h.call('/hris/v1/employees', { token: account.accountToken });
    await h.call('/hris/v1/employees', { token: 'bad' });
    await h.call('/hris/v1/widgets', { token: account.accountToken });
    h.clock.advance(9_000);
    h.sim.injectFault({ kind: 'http5xx', status: 503 });
    await h.call('/hris/v1/employees', { token: account.accountToken });
    h.clock.advance(1_000);
    await h.call('/hris/v1/employees', { token: 'bad' });
    await h.call('/hris/v1/employees', { token: account.accountToken });
    expect(h.sim.maxFailuresInWindow()).toBe(3);
    expect(h.sim.maxFailuresInWindow(20_000)).toBe(4);
  });
});
