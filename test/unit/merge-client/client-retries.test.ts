import {
  MalformedResponseError,
  MergeAuthError,
  MergeHttpError,
  MergeNetworkError,
  MergeTimeoutError,
  RateLimitedError,
  RetriesExhaustedError,
} from '../../../shared/merge/errors';
import type { FakeClock, RecordingPacer } from './support/fakes';
import { eventRecorder, hrisAccount, rejectionOf } from './support/fakes';
import { pageBody, ScriptedServer } from './support/scripted-server';
import { useScriptedClient } from './support/scripted-client';

describe('MergeClient retries', () => {
  let server: ScriptedServer;
  let clock: FakeClock;
  let pacer: RecordingPacer;
  const ok = pageBody([{ id: 'e1' }], null);

  const newClient = useScriptedClient(
    { failureBurst: { maxFailures: 1000, windowMs: 10_000 } },
    (parts) => ({ server, clock, pacer } = parts),
  );

  describe('transient faults', () => {
    it('retries 5xx and 408, then succeeds', async () => {
      server.script({ status: 503, body: '<html>bad gateway</html>' }, { status: 500 }, { status: 408 }, ok);
      const client = newClient();
      await client.listPage(hrisAccount, 'employees');

      expect(clock.sleeps).toEqual([250, 500, 1000]);
      expect(client.requestCount()).toBe(4);
    });

    it('retries a timeout (a server that never answers), then succeeds', async () => {
      server.script({ hang: true }, ok);
      const { events, onEvent } = eventRecorder();
      const page = await newClient({ timeoutMs: 1000, onEvent }).listPage(hrisAccount, 'employees');

      expect(page.results).toHaveLength(1);
      expect(server.requests).toHaveLength(2);
      expect(events).toContainEqual(
        expect.objectContaining({ type: 'transport-error', reason: 'timeout', attempt: 1 }),
      );
      expect(events).toContainEqual(
        expect.objectContaining({ type: 'retry', reason: 'timeout', delayMs: 250 }),
      );
    });

    it('times out a body that stalls after the headers', async () => {
      server.script({ stall: '{"results": [' }, ok);
      const { events, onEvent } = eventRecorder();
      await newClient({ timeoutMs: 1000, onEvent }).listPage(hrisAccount, 'employees');

      expect(server.requests).toHaveLength(2);
      expect(events).toContainEqual(expect.objectContaining({ type: 'transport-error', reason: 'timeout' }));
    });

    it('reports a timeout that never recovers as MergeTimeoutError', async () => {
      server.always({ hang: true });
      const error = await rejectionOf(
        newClient({ timeoutMs: 50, maxAttempts: 2 }).listPage(hrisAccount, 'employees'),
      );

      expect(error).toBeInstanceOf(RetriesExhaustedError);
      expect((error as RetriesExhaustedError).lastError).toBeInstanceOf(MergeTimeoutError);
      expect((error as RetriesExhaustedError).lastError).toMatchObject({ timeoutMs: 50 });
    });

    it('retries a connection reset, then succeeds', async () => {
      server.script({ reset: true }, ok);
      const { events, onEvent } = eventRecorder();
      await newClient({ onEvent }).listPage(hrisAccount, 'employees');

      expect(server.requests).toHaveLength(2);
      expect(events).toContainEqual(
        expect.objectContaining({ type: 'transport-error', reason: 'network', code: 'ECONNRESET' }),
      );
    });

    it('retries a connection closed mid-body, then succeeds', async () => {
      server.script({ raw: 'HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n{"results": [' }, ok);
      const { events, onEvent } = eventRecorder();
      await newClient({ onEvent }).listPage(hrisAccount, 'employees');

      expect(server.requests).toHaveLength(2);
      expect(events).toContainEqual(expect.objectContaining({ type: 'transport-error', reason: 'network' }));
    });

    it('retries truncated JSON and wrong shapes, then succeeds', async () => {
      server.script(
        { status: 200, body: '{"results": [{"id": "e1"' },
        { status: 200, body: { data: [] } },
        { status: 200, body: '' },
        ok,
      );
      const { events, onEvent } = eventRecorder();
      await newClient({ onEvent }).listPage(hrisAccount, 'employees');

      expect(server.requests).toHaveLength(4);
      expect(events.filter((event) => event.type === 'malformed-response')).toHaveLength(3);
    });

    it('gives up after maxAttempts with the last error', async () => {
      server.always({ status: 502 });
      const client = newClient();
      const error = await rejectionOf(client.listPage(hrisAccount, 'employees'));

      expect(error).toBeInstanceOf(RetriesExhaustedError);
      const exhausted = error as RetriesExhaustedError;
      expect(exhausted).toMatchObject({ attempts: 5, status: 502, retryAtMs: undefined });
      expect(exhausted.lastError).toBeInstanceOf(MergeHttpError);
      expect(exhausted.cause).toBe(exhausted.lastError);
      expect(client.requestCount()).toBe(5);
      expect(clock.sleeps).toEqual([250, 500, 1000, 2000]);
    });

    it('gives up on a malformed body after maxAttempts', async () => {
      server.always({ status: 200, body: 'not json' });
      const error = await rejectionOf(newClient({ maxAttempts: 3 }).listPage(hrisAccount, 'employees'));

      expect((error as RetriesExhaustedError).lastError).toBeInstanceOf(MalformedResponseError);
      expect(server.requests).toHaveLength(3);
    });

    it('gives up on repeated 429s with a time to come back', async () => {
      server.always({ status: 429, headers: { 'retry-after': '2' } });
      const error = await rejectionOf(newClient({ maxAttempts: 2 }).listPage(hrisAccount, 'employees'));

      expect(error).toBeInstanceOf(RetriesExhaustedError);
      expect((error as RetriesExhaustedError).lastError).toBeInstanceOf(RateLimitedError);
      expect((error as RetriesExhaustedError).retryAtMs).toBe(clock.now() + 2000);
      expect(pacer.backOffs).toHaveLength(2);
    });

    it('reports a network failure that never recovers as MergeNetworkError', async () => {
      server.always({ reset: true });
      const error = await rejectionOf(newClient({ maxAttempts: 2 }).listPage(hrisAccount, 'employees'));

      expect((error as RetriesExhaustedError).lastError).toBeInstanceOf(MergeNetworkError);
    });
  });

  describe('permanent failures', () => {
    it.each([400, 404, 409, 422])('does not retry %i', async (status) => {
      server.script({ status, body: { detail: 'Invalid cursor' } }, ok);
      const error = await rejectionOf(newClient().listPage(hrisAccount, 'employees'));

      expect(error).toBeInstanceOf(MergeHttpError);
      expect(error).not.toBeInstanceOf(MergeAuthError);
      expect(error).toMatchObject({ status, bodySnippet: '{"detail":"Invalid cursor"}' });
      expect((error as Error).message).toBe(
        `Merge GET /hris/v1/employees?page_size=100 answered ${status}: {"detail":"Invalid cursor"}`,
      );
      expect(server.requests).toHaveLength(1);
      expect(clock.sleeps).toEqual([]);
    });

    it.each([401, 403])('throws MergeAuthError on %i without retrying', async (status) => {
      server.script({ status, body: { detail: 'Invalid account token.' } }, ok);
      const error = await rejectionOf(newClient().listPage(hrisAccount, 'employees'));

      expect(error).toBeInstanceOf(MergeAuthError);
      expect(error).toMatchObject({ status, kind: 'auth', accountId: 'acct-1' });
      expect(server.requests).toHaveLength(1);
    });

    it('does not follow a redirect, which would carry the account token to another host', async () => {
      const elsewhere = await ScriptedServer.start();
      try {
        server.script({ status: 302, headers: { location: `${elsewhere.baseUrl}/hris/v1/employees` } });
        const error = await rejectionOf(newClient().listPage(hrisAccount, 'employees'));

        expect(error).toMatchObject({ status: 302 });
        expect(elsewhere.requests).toHaveLength(0);
      } finally {
        await elsewhere.close();
      }
    });
  });

  describe('pacing and events', () => {
    it('acquires before every attempt and backs off only on 429', async () => {
      server.script({ status: 500 }, { status: 429, headers: { 'retry-after': '1' } }, { hang: true }, ok);
      const start = clock.now();
      await newClient({ timeoutMs: 1000 }).listPage(hrisAccount, 'employees');

      expect(pacer.acquired).toEqual(['acct-1', 'acct-1', 'acct-1', 'acct-1']);
      expect(pacer.backOffs).toEqual([{ accountId: 'acct-1', untilMs: start + 250 + 1000 }]);
    });

    it('reports request, response, rate-limited and retry events in order', async () => {
      server.script({ status: 429, headers: { 'retry-after': '3' } }, ok);
      const { events, onEvent } = eventRecorder();
      await newClient({ onEvent }).listPage(hrisAccount, 'employees', { cursor: 'c1' });

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
      server.script({ status: 500 }, ok);
      const onEvent = () => {
        throw new Error('metrics sink down');
      };
      await expect(newClient({ onEvent }).listPage(hrisAccount, 'employees')).resolves.toBeDefined();
    });
  });
});
