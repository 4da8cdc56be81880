import {
  MalformedResponseError,
  MergeHttpError,
  MergeNetworkError,
  MergeTimeoutError,
  RateLimitedError,
} from '../../../shared/merge/errors';
import { processFailureBurstGuard } from '../../../shared/merge/failure-burst-guard';
import { OutcomeUnknownError } from '../../../shared/merge/request-errors';
import type { MergeRequest } from '../../../shared/merge/types';
import type { FakeClock } from './support/fakes';
import {
  fetchAbortingOnceReceived,
  hrisAccount,
  rejectionOf,
  TEST_ACCOUNT_TOKEN,
  TEST_API_KEY,
} from './support/fakes';
import type { ScriptedServer } from './support/scripted-server';
import { useScriptedClient } from './support/scripted-client';
import type { Step } from './support/scripted-server';

describe('MergeClient writes: retried only when repeating cannot apply them twice', () => {
  let server: ScriptedServer;
  let clock: FakeClock;
  const created: Step = { status: 201, body: { model: { id: 'c1' } } };
  const write: MergeRequest = { method: 'POST', path: 'candidates', body: { model: { first_name: 'Ada' } } };
  const keyed: MergeRequest = { ...write, idempotencyKey: 'key-1' };

  const newClient = useScriptedClient({ timeoutMs: 1000 }, (parts) => ({ server, clock } = parts));

  describe('without an Idempotency-Key', () => {
    it.each([
      ['a 503', { status: 503, body: { detail: 'upstream' } } as Step, MergeHttpError],
      ['a 500', { status: 500 } as Step, MergeHttpError],
      ['a 408', { status: 408 } as Step, MergeHttpError],
      ['a connection reset after sending', { reset: true } as Step, MergeNetworkError],
    ])('does not repeat it after %s: the outcome is unknown', async (_name, step, causeType) => {
      server.script(step, created);
      const error = await rejectionOf(newClient().request(hrisAccount, write));

      expect(error).toBeInstanceOf(OutcomeUnknownError);
      expect((error as OutcomeUnknownError).lastError).toBeInstanceOf(causeType);
      expect((error as Error).message).toMatch(/^Merge POST \/hris\/v1\/candidates: outcome unknown/);
      expect(server.requests).toHaveLength(1);
    });

    it('does not repeat it after a timeout', async () => {
      server.script({ hang: true }, created);
      const error = await rejectionOf(
        newClient({
          timeoutMs: 50,
          fetchImpl: fetchAbortingOnceReceived(() => server.requests.length > 0),
        }).request(hrisAccount, write),
      );

      expect(error).toBeInstanceOf(OutcomeUnknownError);
      expect((error as OutcomeUnknownError).lastError).toBeInstanceOf(MergeTimeoutError);
      expect(server.requests).toHaveLength(1);
    });

    it('repeats it after a 429, which Merge refused without applying', async () => {
      server.script({ status: 429, headers: { 'retry-after': '2' } }, created);
      const response = await newClient().request(hrisAccount, write);

      expect(response.status).toBe(201);
      expect(server.requests).toHaveLength(2);
      expect(clock.sleeps).toEqual([2000]);
    });

    it('defers a 429 without headers like a read', async () => {
      server.script({ status: 429 }, created);
      const error = await rejectionOf(newClient().request(hrisAccount, write));

      expect(error).toBeInstanceOf(RateLimitedError);
      expect(server.requests).toHaveLength(1);
    });

    it('repeats it when the connection was refused, so nothing reached Merge', async () => {
      server.script(created);
      let calls = 0;
      const refusingOnce: typeof fetch = (url, init) => {
        calls += 1;
        if (calls > 1) return fetch(url, init);
        const cause = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
        return Promise.reject(new TypeError('fetch failed', { cause }));
      };
      const response = await newClient({ fetchImpl: refusingOnce }).request(hrisAccount, write);

      expect(response.status).toBe(201);
      expect(server.requests).toHaveLength(1);
    });

    it('reports an unreadable 2xx body without repeating the write (it was applied)', async () => {
      server.script({ status: 201, body: '{"model": {"id"' }, created);
      const error = await rejectionOf(newClient().request(hrisAccount, write));

      expect(error).toBeInstanceOf(MalformedResponseError);
      expect(server.requests).toHaveLength(1);
    });

    it('does not repeat a 4xx, and counts it toward the failure guard', async () => {
      server.script({ status: 400, body: { errors: [{ title: 'Missing remote_user_id' }] } }, created);
      const error = await rejectionOf(newClient().request(hrisAccount, write));

      expect(error).toBeInstanceOf(MergeHttpError);
      expect(error).toMatchObject({ status: 400 });
      expect(server.requests).toHaveLength(1);
      expect(processFailureBurstGuard.failuresWithin(clock.now(), 10_000)).toBe(1);
    });

    it('never exposes the secrets in the outcome-unknown error', async () => {
      server.script({ status: 500, body: `echo ${TEST_API_KEY} ${TEST_ACCOUNT_TOKEN}` });
      const error = await rejectionOf(newClient().request(hrisAccount, write));
      const exposed = `${(error as Error).message} ${((error as Error).cause as Error).message}`;

      expect(exposed).toContain('[redacted]');
      expect(exposed).not.toContain('SECRET');
    });
  });

  describe('with an Idempotency-Key', () => {
    it('repeats it after 5xx, a timeout and a reset, with the same key each time', async () => {
      server.script({ status: 503 }, { hang: true }, { reset: true }, created);
      const response = await newClient({ timeoutMs: 200 }).request(hrisAccount, keyed);

      expect(response.status).toBe(201);
      expect(server.requests).toHaveLength(4);
      expect(server.requests.map((r) => r.headers['idempotency-key'])).toEqual([
        'key-1',
        'key-1',
        'key-1',
        'key-1',
      ]);
      expect(server.requests.every((r) => r.body === JSON.stringify(write.body))).toBe(true);
    });

    it('repeats an unreadable 2xx body: Merge answers a repeated key with the stored result', async () => {
      server.script({ status: 201, body: 'garbled' }, created);
      const response = await newClient().request(hrisAccount, keyed);

      expect(response).toEqual({ status: 201, body: { model: { id: 'c1' } } });
    });

    it('still does not repeat a 4xx', async () => {
      server.script({ status: 422, body: { detail: 'invalid' } }, created);
      await expect(newClient().request(hrisAccount, keyed)).rejects.toBeInstanceOf(MergeHttpError);
      expect(server.requests).toHaveLength(1);
    });
  });
});
