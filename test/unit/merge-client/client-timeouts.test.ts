import { createMergeClient } from '../../../shared/merge/client';
import { MergeTimeoutError, RetriesExhaustedError } from '../../../shared/merge/errors';
import type { BurstCheck, FailureGuard } from '../../../shared/merge/failure-burst-guard';
import { FakeClock, hrisAccount, TEST_API_KEY } from './support/fakes';

/** A failure guard that only counts what it is told. */
class CountingGuard implements FailureGuard {
  failures = 0;
  async check(): Promise<BurstCheck> {
    return { allowed: true };
  }
  async recordFailure(): Promise<void> {
    this.failures += 1;
  }
}

/** A fetch whose answer takes `ms` of (fake) timer time and that honours the abort signal. */
function slowFetch(ms: number): typeof fetch {
  return (_url, init) =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify({ next: null, previous: null, results: [{ id: 'e1' }] });
      const timer = setTimeout(() => resolve(new Response(body, { status: 200 })), ms);
      init?.signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(new DOMException('This operation was aborted', 'AbortError'));
      });
    });
}

/** The promise's outcome so far, without waiting for it. */
function track<T>(promise: Promise<T>) {
  const state: { value?: T; error?: unknown; settled: boolean } = { settled: false };
  promise.then(
    (value) => Object.assign(state, { value, settled: true }),
    (error: unknown) => Object.assign(state, { error, settled: true }),
  );
  return state;
}

describe('MergeClient timeouts: slow third parties make slow pages', () => {
  beforeEach(() => {
    // Only the timers: the request deadline is a real setTimeout in http.ts.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] });
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  const newClient = (fetchImpl: typeof fetch, guard: FailureGuard, maxAttempts = 5) =>
    createMergeClient({
      baseUrl: 'http://merge.test/api',
      apiKey: TEST_API_KEY,
      clock: new FakeClock(),
      random: () => 0,
      fetchImpl,
      failureGuard: guard,
      maxAttempts,
    });

  it('takes a page that answers after 25 s as a success, counting nothing toward the failure guard', async () => {
    const guard = new CountingGuard();
    const client = newClient(slowFetch(25_000), guard);
    const page = track(client.listPage(hrisAccount, 'employees'));

    await jest.advanceTimersByTimeAsync(25_000);

    expect(page).toMatchObject({ settled: true, value: { results: [{ id: 'e1' }], next: null } });
    expect(client.requestCount()).toBe(1);
    expect(guard.failures).toBe(0);
  });

  it('gives up on an attempt at 60 s by default, and counts that', async () => {
    const guard = new CountingGuard();
    const client = newClient(slowFetch(61_000), guard, 1);
    const page = track(client.listPage(hrisAccount, 'employees'));

    await jest.advanceTimersByTimeAsync(59_999);
    expect(page.settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1);

    expect(page.settled).toBe(true);
    expect(page.error).toBeInstanceOf(RetriesExhaustedError);
    expect((page.error as RetriesExhaustedError).lastError).toBeInstanceOf(MergeTimeoutError);
    expect(guard.failures).toBe(1);
  });
});
