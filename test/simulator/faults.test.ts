// Injected faults: 429 with and without Retry-After, 5xx, timeouts, resets, slow and malformed answers.
import { startHarness } from './helpers';
import type { Harness } from './helpers';

describe('merge simulator: faults', () => {
  let h: Harness;
  let token: string;
  beforeEach(async () => {
    h = await startHarness();
    const account = h.sim.linkAccount({ category: 'hris' });
    token = account.accountToken;
    h.sim.seedRecords(account.id, 'hris.Employee', 3);
  });
  afterEach(async () => {
    await h.sim.close();
  });

  const status = async (path = '/hris/v1/employees'): Promise<number> =>
    (await h.call(path, { token })).status;

  // merge-api.md §12: "429 responses carry no documented headers", so none by default; a test that
  // wants Retry-After (seconds or an HTTP date) asks for it.
  test('http429 carries no Retry-After by default (§12); seconds or an HTTP date on request', async () => {
    h.sim.injectFault({ kind: 'http429', retryAfterSeconds: 7 });
    h.sim.injectFault({ kind: 'http429', retryAfter: 'seconds', retryAfterSeconds: 7 });
    h.sim.injectFault({ kind: 'http429', retryAfter: 'http-date', retryAfterSeconds: 120 });
    h.sim.injectFault({ kind: 'http429', retryAfter: 'none' });
    const byDefault = await h.call('/hris/v1/employees', { token });
    expect([byDefault.status, byDefault.headers.has('retry-after')]).toEqual([429, false]);
    const first = await h.call('/hris/v1/employees', { token });
    expect([first.status, first.headers.get('retry-after')]).toEqual([429, '7']);
    const second = await h.call('/hris/v1/employees', { token });
    expect(second.status).toBe(429);
    expect(Date.parse(second.headers.get('retry-after') ?? '')).toBe(h.clock.ms + 120_000);
    const third = await h.call('/hris/v1/employees', { token });
    expect([third.status, third.headers.has('retry-after')]).toEqual([429, false]);
    expect(await status()).toBe(200);
  });

  test('http5xx answers the given status, `times` times, in injection order', async () => {
    h.sim.injectFault({ kind: 'http5xx', status: 503, times: 2 });
    h.sim.injectFault({ kind: 'http5xx', status: 500 });
    const statuses = [await status(), await status(), await status(), await status()];
    expect(statuses).toEqual([503, 503, 500, 200]);
    expect(h.sim.requests.map((r) => r.fault)).toEqual(['http5xx', 'http5xx', 'http5xx', null]);
  });

  test('match narrows a fault to an account or a path; times: Infinity lasts until clearFaults', async () => {
    const other = h.sim.linkAccount({ category: 'hris' });
    h.sim.injectFault({ kind: 'http5xx', status: 502, times: Infinity, match: { accountId: other.id } });
    h.sim.injectFault({
      kind: 'http5xx',
      status: 500,
      times: Infinity,
      match: { pathIncludes: 'sync-status' },
    });
    expect(await status()).toBe(200);
    expect(await status('/hris/v1/sync-status')).toBe(500);
    expect((await h.call('/hris/v1/employees', { token: other.accountToken })).status).toBe(502);
    expect((await h.call('/hris/v1/employees', { token: other.accountToken })).status).toBe(502);
    h.sim.clearFaults();
    expect((await h.call('/hris/v1/employees', { token: other.accountToken })).status).toBe(200);
    expect(await status('/hris/v1/sync-status')).toBe(200);
  });

  test('timeout never answers: the client gives up', async () => {
    h.sim.injectFault({ kind: 'timeout' });
    const controller = new AbortController();
    const pending = fetch(`${h.sim.baseUrl}/hris/v1/employees`, {
      headers: { Authorization: 'Bearer test-api-key-0123456789', 'X-Account-Token': token },
      signal: controller.signal,
    });
    // Give up only once the simulator holds the request (a busy machine may take a while to deliver it).
    const deadline = Date.now() + 10_000;
    while (h.sim.requests.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    await expect(pending).rejects.toThrow();
    expect(h.sim.requests[0]).toMatchObject({ status: 0, fault: 'timeout' });
    expect(await status()).toBe(200);
  });

  test('reset destroys the socket', async () => {
    h.sim.injectFault({ kind: 'reset' });
    await expect(h.call('/hris/v1/employees', { token })).rejects.toThrow();
    expect(await status()).toBe(200);
  });

  test('slow delays the answer, which is otherwise normal', async () => {
    h.sim.injectFault({ kind: 'slow', delayMs: 150 });
    const started = Date.now();
    const res = await h.call('/hris/v1/employees', { token });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { results: unknown[] }).results).toHaveLength(3);
  });

  test('malformed answers 200 with a truncated JSON body', async () => {
    h.sim.injectFault({ kind: 'malformed' });
    const res = await h.call('/hris/v1/employees', { token });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.startsWith('{"next":')).toBe(true);
    expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
    expect(await status()).toBe(200);
  });

  test('pageDelayMs delays every list page', async () => {
    await h.sim.close();
    h = await startHarness({ pageDelayMs: 120 });
    const account = h.sim.linkAccount({ category: 'hris' });
    const started = Date.now();
    expect((await h.call('/hris/v1/employees', { token: account.accountToken })).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  test('close() returns promptly even with a request hanging on a timeout fault', async () => {
    h.sim.injectFault({ kind: 'timeout' });
    const hanging = h.call('/hris/v1/employees', { token }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await h.sim.close();
    expect(Date.now() - started).toBeLessThan(1000);
    // fetch rejects with Node's TypeError ("fetch failed"), from outside jest's sandbox realm.
    expect(await hanging).toMatchObject({ name: 'TypeError' });
    h = await startHarness(); // afterEach closes this one
  });
});
