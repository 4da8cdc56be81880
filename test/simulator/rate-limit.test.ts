// Reference section 8: per linked account (account token) limit per minute, 429 when exceeded.
import { startHarness } from './helpers';
import type { Harness } from './helpers';

describe('merge simulator: rate limit', () => {
  let h: Harness;
  afterEach(async () => {
    await h.sim.close();
  });

  const hit = async (token: string, n: number): Promise<number[]> => {
    const statuses: number[] = [];
    for (let i = 0; i < n; i++) statuses.push((await h.call('/hris/v1/employees', { token })).status);
    return statuses;
  };

  test('the N+1th request in 60 s is 429 (with Retry-After when asked for) until a slot frees; the window slides', async () => {
    h = await startHarness({ rateLimitPerMinute: 5, rateLimitRetryAfter: true });
    const account = h.sim.linkAccount({ category: 'hris' });
    expect(await hit(account.accountToken, 3)).toEqual([200, 200, 200]);
    h.clock.advance(30_000);
    expect(await hit(account.accountToken, 2)).toEqual([200, 200]);

    const limited = await h.call('/hris/v1/employees', { token: account.accountToken });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('30');
    expect(await limited.json()).toEqual({ detail: expect.stringContaining('throttled') });

    h.clock.advance(29_000);
    const still = await h.call('/hris/v1/employees', { token: account.accountToken });
    expect([still.status, still.headers.get('retry-after')]).toEqual([429, '1']);

    // At t0 + 60 s the first three leave the window; the two from t0 + 30 s stay.
    h.clock.advance(1_000);
    expect(await hit(account.accountToken, 4)).toEqual([200, 200, 200, 429]);
    expect(h.sim.requestCount({ accountId: account.id, status: 429 })).toBe(3);
  });

  test('limits are per account token', async () => {
    h = await startHarness({ rateLimitPerMinute: 2 });
    const a = h.sim.linkAccount({ category: 'hris' });
    const b = h.sim.linkAccount({ category: 'hris' });
    expect(await hit(a.accountToken, 3)).toEqual([200, 200, 429]);
    expect(await hit(b.accountToken, 2)).toEqual([200, 200]);
    // Org-level endpoints without a token are not counted against an account.
    expect((await h.call('/hris/v1/linked-accounts')).status).toBe(200);
  });

  // merge-api.md §12: "429 responses carry no documented headers. Do not rely on Retry-After".
  test('by default a 429 has no Retry-After (§12 "429 responses carry no documented headers")', async () => {
    h = await startHarness({ rateLimitPerMinute: 1 });
    const account = h.sim.linkAccount({ category: 'hris' });
    await hit(account.accountToken, 1);
    const res = await h.call('/hris/v1/employees', { token: account.accountToken });
    expect(res.status).toBe(429);
    expect(res.headers.has('retry-after')).toBe(false);
  });

  test('no limit when rateLimitPerMinute is unset', async () => {
    h = await startHarness();
    const account = h.sim.linkAccount({ category: 'hris' });
    expect((await hit(account.accountToken, 30)).every((s) => s === 200)).toBe(true);
  });

  test('maxRequestsInWindow measures the busiest sliding window of one account, 429s included', async () => {
    h = await startHarness({ rateLimitPerMinute: 100 });
    const a = h.sim.linkAccount({ category: 'hris' });
    const b = h.sim.linkAccount({ category: 'hris' });
    await hit(a.accountToken, 4);
    h.clock.advance(40_000);
    await hit(a.accountToken, 3);
    await hit(b.accountToken, 9);
    h.clock.advance(20_000); // exactly 60 s after the first four: they no longer share a window
    await hit(a.accountToken, 2);
    expect(h.sim.maxRequestsInWindow(a.id)).toBe(7);
    expect(h.sim.maxRequestsInWindow(a.id, 20_001)).toBe(5);
    expect(h.sim.maxRequestsInWindow(b.id)).toBe(9);
    h.sim.resetRequestLog();
    expect(h.sim.maxRequestsInWindow(a.id)).toBe(0);
  });
});
