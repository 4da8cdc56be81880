import {
  MalformedResponseError,
  MergeHttpError,
  MergeNetworkError,
  MergeTimeoutError,
  RateLimitedError,
  RetriesExhaustedError,
} from '../../../shared/merge/errors';
import { eventRecorder, hrisAccount, rejectionOf } from './support/fakes';
import { pageBody } from './support/scripted-server';
import { useRetryHarness } from './support/retry-harness';

/** Faults the client retries (5xx, 408, timeouts, resets, malformed bodies) and how it gives up. */
describe('MergeClient retries: transient faults', () => {
  const h = useRetryHarness();
  const ok = pageBody([{ id: 'e1' }], null);

  describe('transient faults', () => {
    it('retries 5xx and 408, then succeeds', async () => {
      h.server.script(
        { status: 503, body: '<html>bad gateway</html>' },
        { status: 500 },
        { status: 408 },
        ok,
      );
      const client = h.newClient();
      await client.listPage(hrisAccount, 'employees');

      expect(h.clock.sleeps).toEqual([250, 500, 1000]);
      expect(client.requestCount()).toBe(4);
    });

    it('retries a timeout (a server that never answers), then succeeds', async () => {
      h.server.script({ hang: true }, ok);
      const { events, onEvent } = eventRecorder();
      const page = await h.newClient({ timeoutMs: 50, onEvent }).listPage(hrisAccount, 'employees');

      expect(page.results).toHaveLength(1);
      expect(h.server.requests).toHaveLength(2);
      expect(events).toContainEqual(
        expect.objectContaining({ type: 'transport-error', reason: 'timeout', attempt: 1 }),
      );
      expect(events).toContainEqual(
        expect.objectContaining({ type: 'retry', reason: 'timeout', delayMs: 250 }),
      );
    });

    it('times out a body that stalls after the headers', async () => {
      h.server.script({ stall: '{"results": [' }, ok);
      const { events, onEvent } = eventRecorder();
      await h.newClient({ timeoutMs: 50, onEvent }).listPage(hrisAccount, 'employees');

      expect(h.server.requests).toHaveLength(2);
      expect(events).toContainEqual(expect.objectContaining({ type: 'transport-error', reason: 'timeout' }));
    });

    it('reports a timeout that never recovers as MergeTimeoutError', async () => {
      h.server.always({ hang: true });
      const error = await rejectionOf(
        h.newClient({ timeoutMs: 50, maxAttempts: 2 }).listPage(hrisAccount, 'employees'),
      );

      expect(error).toBeInstanceOf(RetriesExhaustedError);
      expect((error as RetriesExhaustedError).lastError).toBeInstanceOf(MergeTimeoutError);
      expect((error as RetriesExhaustedError).lastError).toMatchObject({ timeoutMs: 50 });
    });

    it('retries a connection reset, then succeeds', async () => {
      h.server.script({ reset: true }, ok);
      const { events, onEvent } = eventRecorder();
      await h.newClient({ onEvent }).listPage(hrisAccount, 'employees');

      expect(h.server.requests).toHaveLength(2);
      expect(events).toContainEqual(
        expect.objectContaining({ type: 'transport-error', reason: 'network', code: 'ECONNRESET' }),
      );
    });

    it('retries a connection closed mid-body, then succeeds', async () => {
      h.server.script({ raw: 'HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n{"results": [' }, ok);
      const { events, onEvent } = eventRecorder();
      await h.newClient({ onEvent }).listPage(hrisAccount, 'employees');

      expect(h.server.requests).toHaveLength(2);
      expect(events).toContainEqual(expect.objectContaining({ type: 'transport-error', reason: 'network' }));
    });

    it('retries truncated JSON and wrong shapes, then succeeds', async () => {
      h.server.script(
        { status: 200, body: '{"results": [{"id": "e1"' },
        { status: 200, body: { data: [] } },
        { status: 200, body: '' },
        ok,
      );
      const { events, onEvent } = eventRecorder();
      await h.newClient({ onEvent }).listPage(hrisAccount, 'employees');

      expect(h.server.requests).toHaveLength(4);
      expect(events.filter((event) => event.type === 'malformed-response')).toHaveLength(3);
    });

    it('gives up after maxAttempts with the last error', async () => {
      h.server.always({ status: 502 });
      const client = h.newClient();
      const error = await rejectionOf(client.listPage(hrisAccount, 'employees'));

      expect(error).toBeInstanceOf(RetriesExhaustedError);
      const exhausted = error as RetriesExhaustedError;
      expect(exhausted).toMatchObject({ attempts: 5, status: 502, retryAtMs: undefined });
      expect(exhausted.lastError).toBeInstanceOf(MergeHttpError);
      expect(exhausted.cause).toBe(exhausted.lastError);
      expect(client.requestCount()).toBe(5);
      expect(h.clock.sleeps).toEqual([250, 500, 1000, 2000]);
    });

    it('gives up on a malformed body after maxAttempts', async () => {
      h.server.always({ status: 200, body: 'not json' });
      const error = await rejectionOf(h.newClient({ maxAttempts: 3 }).listPage(hrisAccount, 'employees'));

      expect((error as RetriesExhaustedError).lastError).toBeInstanceOf(MalformedResponseError);
      expect(h.server.requests).toHaveLength(3);
    });

    it('gives up on repeated 429s with a time to come back', async () => {
      h.server.always({ status: 429, headers: { 'retry-after': '2' } });
      const error = await rejectionOf(h.newClient({ maxAttempts: 2 }).listPage(hrisAccount, 'employees'));

      expect(error).toBeInstanceOf(RetriesExhaustedError);
      expect((error as RetriesExhaustedError).lastError).toBeInstanceOf(RateLimitedError);
      expect((error as RetriesExhaustedError).retryAtMs).toBe(h.clock.now() + 2000);
      expect(h.pacer.backOffs).toHaveLength(2);
    });

    it('reports a network failure that never recovers as MergeNetworkError', async () => {
      h.server.always({ reset: true });
      const error = await rejectionOf(h.newClient({ maxAttempts: 2 }).listPage(hrisAccount, 'employees'));

      expect((error as RetriesExhaustedError).lastError).toBeInstanceOf(MergeNetworkError);
    });
  });
});
