import { RateLimitedError } from '../../../shared/merge/errors';
import type { FakeClock, RecordingPacer } from './support/fakes';
import { eventRecorder, hrisAccount, rejectionOf } from './support/fakes';
import { pageBody, type ScriptedServer } from './support/scripted-server';
import { useScriptedClient } from './support/scripted-client';

describe('MergeClient and 429s', () => {
  let server: ScriptedServer;
  let clock: FakeClock;
  let pacer: RecordingPacer;
  const ok = pageBody([{ id: 'e1' }], null);

  const newClient = useScriptedClient(
    { failureBurst: { maxFailures: 1000, windowMs: 10_000 } },
    (parts) => ({ server, clock, pacer } = parts),
  );

  describe('429', () => {
    it('sleeps the Retry-After seconds, after telling the pacer', async () => {
      server.script({ status: 429, headers: { 'retry-after': '7' } }, ok);
      const start = clock.now();
      const page = await newClient().listPage(hrisAccount, 'employees');

      expect(page.results).toEqual([{ id: 'e1' }]);
      expect(clock.sleeps).toEqual([7000]);
      expect(pacer.backOffs).toEqual([{ accountId: 'acct-1', untilMs: start + 7000 }]);
      expect(server.requests).toHaveLength(2);
    });

    it('sleeps until a Retry-After HTTP date', async () => {
      const retryAt = new Date(clock.now() + 12_000).toUTCString();
      server.script({ status: 429, headers: { 'retry-after': retryAt } }, ok);
      await newClient().listPage(hrisAccount, 'employees');

      expect(clock.sleeps).toEqual([12_000]);
    });

    it('honours X-RateLimit-Reset when there is no Retry-After', async () => {
      const reset = String(Math.floor(clock.now() / 1000) + 9);
      server.script({ status: 429, headers: { 'x-ratelimit-reset': reset } }, ok);
      await newClient().listPage(hrisAccount, 'employees');

      expect(clock.sleeps).toEqual([9000]);
    });

    it('defers a 429 without headers to the next per-minute window, pausing the account', async () => {
      // Merge documents no header on its 429s (reference §12): retrying within seconds would only
      // spend more of a budget that is already gone until the window rolls.
      server.script({ status: 429, body: { detail: 'Request was throttled.' } }, ok);
      const { events, onEvent } = eventRecorder();
      const start = clock.now();
      const error = await rejectionOf(newClient({ onEvent }).listPage(hrisAccount, 'employees'));

      expect(error).toBeInstanceOf(RateLimitedError);
      expect(error).toMatchObject({ status: 429, retryAtMs: start + 60_000, waitMs: 60_000 });
      expect(server.requests).toHaveLength(1);
      expect(clock.sleeps).toEqual([]);
      expect(pacer.backOffs).toEqual([{ accountId: 'acct-1', untilMs: start + 60_000 }]);
      expect(events).toContainEqual(
        expect.objectContaining({ type: 'rate-limited', source: 'window', waitMs: 60_000 }),
      );
    });

    it('ignores an unusable Retry-After like no header at all', async () => {
      server.script({ status: 429, headers: { 'retry-after': 'soon' } }, ok);
      const error = await rejectionOf(
        newClient({ rateLimitWindowMs: 30_000 }).listPage(hrisAccount, 'employees'),
      );

      expect(error).toMatchObject({ waitMs: 30_000 });
      expect(server.requests).toHaveLength(1);
    });

    it('does not sleep a wait beyond maxRetryAfterMs: RateLimitedError with retryAtMs', async () => {
      server.script({ status: 429, headers: { 'retry-after': '120' } }, ok);
      const start = clock.now();
      const error = await rejectionOf(newClient().listPage(hrisAccount, 'employees'));

      expect(error).toBeInstanceOf(RateLimitedError);
      expect(error).toMatchObject({ status: 429, retryAtMs: start + 120_000, waitMs: 120_000 });
      expect(clock.sleeps).toEqual([]);
      expect(server.requests).toHaveLength(1);
      expect(pacer.backOffs).toEqual([{ accountId: 'acct-1', untilMs: start + 120_000 }]);
    });

    it('hands back a long Retry-After on a 503 the same way, without pausing the account', async () => {
      server.script({ status: 503, headers: { 'retry-after': '300' } });
      const error = await rejectionOf(
        newClient({ maxRetryAfterMs: 1000 }).listPage(hrisAccount, 'employees'),
      );

      expect(error).toBeInstanceOf(RateLimitedError);
      expect(error).toMatchObject({ status: 503, waitMs: 300_000 });
      expect(pacer.backOffs).toEqual([]);
    });
  });
});
