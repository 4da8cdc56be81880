import { RateLimitedError } from '../../../shared/merge/errors';
import { eventRecorder, hrisAccount, rejectionOf } from './support/fakes';
import { pageBody } from './support/scripted-server';
import { useRetryHarness } from './support/retry-harness';

/** The client under Merge's rate limits: 429s and long Retry-After waits, the pacer, the events it reports. */
describe('MergeClient retries: rate limits and pacing', () => {
  const h = useRetryHarness();
  const ok = pageBody([{ id: 'e1' }], null);

  describe('429', () => {
    it('sleeps the Retry-After seconds, after telling the pacer', async () => {
      h.server.script({ status: 429, headers: { 'retry-after': '7' } }, ok);
      const start = h.clock.now();
      const page = await h.newClient().listPage(hrisAccount, 'employees');

      expect(page.results).toEqual([{ id: 'e1' }]);
      expect(h.clock.sleeps).toEqual([7000]);
      expect(h.pacer.backOffs).toEqual([{ accountId: 'acct-1', untilMs: start + 7000 }]);
      expect(h.server.requests).toHaveLength(2);
    });

    it('sleeps until a Retry-After HTTP date', async () => {
      const retryAt = new Date(h.clock.now() + 12_000).toUTCString();
      h.server.script({ status: 429, headers: { 'retry-after': retryAt } }, ok);
      await h.newClient().listPage(hrisAccount, 'employees');

      expect(h.clock.sleeps).toEqual([12_000]);
    });

    it('honours X-RateLimit-Reset when there is no Retry-After', async () => {
      const reset = String(Math.floor(h.clock.now() / 1000) + 9);
      h.server.script({ status: 429, headers: { 'x-ratelimit-reset': reset } }, ok);
      await h.newClient().listPage(hrisAccount, 'employees');

      expect(h.clock.sleeps).toEqual([9000]);
    });

    it('backs off exponentially with jitter without a header', async () => {
      h.server.script(
        { status: 429 },
        { status: 429 },
        { status: 429, headers: { 'retry-after': 'soon' } },
        ok,
      );
      await h.newClient().listPage(hrisAccount, 'employees');

      expect(h.clock.sleeps).toEqual([250, 500, 1000]);
      expect(h.pacer.backOffs).toHaveLength(3);
    });

    it('does not sleep a wait beyond maxRetryAfterMs: RateLimitedError with retryAtMs', async () => {
      h.server.script({ status: 429, headers: { 'retry-after': '120' } }, ok);
      const start = h.clock.now();
      const error = await rejectionOf(h.newClient().listPage(hrisAccount, 'employees'));

      expect(error).toBeInstanceOf(RateLimitedError);
      expect(error).toMatchObject({ status: 429, retryAtMs: start + 120_000, waitMs: 120_000 });
      expect(h.clock.sleeps).toEqual([]);
      expect(h.server.requests).toHaveLength(1);
      expect(h.pacer.backOffs).toEqual([{ accountId: 'acct-1', untilMs: start + 120_000 }]);
    });

    it('hands back a long Retry-After on a 503 the same way, without pausing the account', async () => {
      h.server.script({ status: 503, headers: { 'retry-after': '300' } });
      const error = await rejectionOf(
        h.newClient({ maxRetryAfterMs: 1000 }).listPage(hrisAccount, 'employees'),
      );

      expect(error).toBeInstanceOf(RateLimitedError);
      expect(error).toMatchObject({ status: 503, waitMs: 300_000 });
      expect(h.pacer.backOffs).toEqual([]);
    });
  });

  describe('pacing and events', () => {
    it('acquires before every attempt and backs off only on 429', async () => {
      h.server.script({ status: 500 }, { status: 429, headers: { 'retry-after': '1' } }, { hang: true }, ok);
      const start = h.clock.now();
      await h.newClient({ timeoutMs: 50 }).listPage(hrisAccount, 'employees');

      expect(h.pacer.acquired).toEqual(['acct-1', 'acct-1', 'acct-1', 'acct-1']);
      expect(h.pacer.backOffs).toEqual([{ accountId: 'acct-1', untilMs: start + 250 + 1000 }]);
    });

    it('reports request, response, rate-limited and retry events in order', async () => {
      h.server.script({ status: 429, headers: { 'retry-after': '3' } }, ok);
      const { events, onEvent } = eventRecorder();
      await h.newClient({ onEvent }).listPage(hrisAccount, 'employees', { cursor: 'c1' });

      const path = '/hris/v1/employees?page_size=100&cursor=c1';
      const where = { method: 'GET', path, accountId: 'acct-1' };
      expect(events).toEqual([
        { type: 'request', ...where, attempt: 1 },
        { type: 'response', ...where, attempt: 1, status: 429, durationMs: 0 },
        {
          type: 'rate-limited',
          ...where,
          attempt: 1,
          status: 429,
          waitMs: 3000,
          retryAtMs: expect.any(Number),
          source: 'retry-after',
        },
        { type: 'retry', ...where, attempt: 1, reason: 'status', status: 429, delayMs: 3000 },
        { type: 'request', ...where, attempt: 2 },
        { type: 'response', ...where, attempt: 2, status: 200, durationMs: 0 },
      ]);
    });

    it('survives an onEvent listener that throws', async () => {
      h.server.script({ status: 500 }, ok);
      const onEvent = () => {
        throw new Error('metrics sink down');
      };
      await expect(h.newClient({ onEvent }).listPage(hrisAccount, 'employees')).resolves.toBeDefined();
    });
  });
});
