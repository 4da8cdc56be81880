import {
  backoffDelayMs,
  countsTowardFailureBurst,
  decideRetry,
  isRetryableStatus,
} from '../../../shared/merge/retry-policy';
import type { RetryConfig } from '../../../shared/merge/retry-policy';

const config: RetryConfig = {
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxAttempts: 5,
  maxRetryAfterMs: 60_000,
  rateLimitWindowMs: 60_000,
};
const half = () => 0.5;

describe('isRetryableStatus', () => {
  it.each([408, 429, 500, 502, 503, 504])('retries %i', (status) => {
    expect(isRetryableStatus(status)).toBe(true);
  });

  it.each([301, 400, 401, 403, 404, 409, 422])('does not retry %i', (status) => {
    expect(isRetryableStatus(status)).toBe(false);
  });
});

describe('backoffDelayMs', () => {
  it('is full-jitter exponential from baseDelayMs', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelayMs(attempt, config, half))).toEqual([
      250, 500, 1000, 2000, 4000,
    ]);
  });

  it('caps the exponential at maxDelayMs before jitter', () => {
    expect(backoffDelayMs(10, config, half)).toBe(15_000);
    expect(backoffDelayMs(2000, config, () => 0.999)).toBe(29_970);
  });

  it('spans 0 up to the ceiling', () => {
    expect(backoffDelayMs(3, config, () => 0)).toBe(0);
    expect(backoffDelayMs(3, config, () => 1)).toBe(2000);
  });
});

describe('countsTowardFailureBurst', () => {
  it('counts failing statuses except 429, and transport failures', () => {
    expect(countsTowardFailureBurst({ kind: 'status', status: 400 })).toBe(true);
    expect(countsTowardFailureBurst({ kind: 'status', status: 503 })).toBe(true);
    expect(countsTowardFailureBurst({ kind: 'status', status: 429 })).toBe(false);
    expect(countsTowardFailureBurst({ kind: 'timeout' })).toBe(true);
    expect(countsTowardFailureBurst({ kind: 'network' })).toBe(true);
    expect(countsTowardFailureBurst({ kind: 'malformed' })).toBe(false);
  });
});

describe('decideRetry', () => {
  it('gives up on a non-retryable status', () => {
    expect(decideRetry({ kind: 'status', status: 404 }, 1, config, half)).toEqual({ action: 'give-up' });
  });

  it('retries transport faults with backoff', () => {
    expect(decideRetry({ kind: 'timeout' }, 2, config, half)).toEqual({ action: 'retry', delayMs: 500 });
    expect(decideRetry({ kind: 'malformed' }, 1, config, half)).toEqual({ action: 'retry', delayMs: 250 });
  });

  it('waits at least what the server asked for', () => {
    const failure = {
      kind: 'status',
      status: 429,
      serverWait: { waitMs: 7000, source: 'retry-after' },
    } as const;
    expect(decideRetry(failure, 1, config, half)).toEqual({ action: 'retry', delayMs: 7000 });
    const shortWait = {
      kind: 'status',
      status: 429,
      serverWait: { waitMs: 10, source: 'retry-after' },
    } as const;
    expect(decideRetry(shortWait, 4, config, half)).toEqual({ action: 'retry', delayMs: 2000 });
  });

  it('defers a server wait longer than maxRetryAfterMs, even on the first attempt', () => {
    const failure = {
      kind: 'status',
      status: 429,
      serverWait: { waitMs: 60_001, source: 'retry-after' },
    } as const;
    expect(decideRetry(failure, 1, config, half)).toEqual({ action: 'defer', waitMs: 60_001 });
  });

  it('is exhausted after maxAttempts, still saying how long a retry would have waited', () => {
    expect(decideRetry({ kind: 'status', status: 500 }, 5, config, half)).toEqual({
      action: 'exhausted',
      waitMs: 4000,
    });
  });
});

describe('decideRetry: 429s without a wait header', () => {
  it('defers to the next per-minute window instead of retrying within seconds', () => {
    expect(decideRetry({ kind: 'status', status: 429 }, 1, config, half)).toEqual({
      action: 'defer',
      waitMs: 60_000,
      window: true,
    });
  });

  it('still backs off exponentially on a 503 without a header', () => {
    expect(decideRetry({ kind: 'status', status: 503 }, 1, config, half)).toEqual({
      action: 'retry',
      delayMs: 250,
    });
  });
});

describe('decideRetry: writes that are not safe to repeat', () => {
  const unsafe = (failure: Parameters<typeof decideRetry>[0]) => decideRetry(failure, 1, config, half, false);

  it('calls ambiguous failures outcome-unknown', () => {
    for (const failure of [
      { kind: 'status', status: 500 },
      { kind: 'status', status: 408 },
      { kind: 'timeout' },
      { kind: 'network', code: 'ECONNRESET' },
      { kind: 'network' },
    ] as const) {
      expect(unsafe(failure)).toEqual({ action: 'outcome-unknown' });
    }
  });

  it('retries what Merge cannot have applied: a 429, a refused connection', () => {
    const throttled = {
      kind: 'status',
      status: 429,
      serverWait: { waitMs: 1000, source: 'retry-after' },
    } as const;
    expect(unsafe(throttled)).toEqual({ action: 'retry', delayMs: 1000 });
    expect(unsafe({ kind: 'network', code: 'ECONNREFUSED' })).toEqual({ action: 'retry', delayMs: 250 });
  });

  it('gives up on an unreadable 2xx (applied) and on other 4xx', () => {
    expect(unsafe({ kind: 'malformed' })).toEqual({ action: 'give-up' });
    expect(unsafe({ kind: 'status', status: 400 })).toEqual({ action: 'give-up' });
  });
});
