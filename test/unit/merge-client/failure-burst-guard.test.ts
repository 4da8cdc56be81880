import {
  FailureBurstGuard,
  processFailureBurstGuard,
  resetProcessFailureBurstGuard,
} from '../../../shared/merge/failure-burst-guard';

const limit = { maxFailures: 20, windowMs: 10_000 };
const T0 = 1_000_000;

describe('FailureBurstGuard', () => {
  it('allows the 20th failure and refuses the attempt that could be the 21st', () => {
    const guard = new FailureBurstGuard();
    for (let i = 0; i < 19; i += 1) guard.recordFailure(T0 + i * 100);
    expect(guard.check(T0 + 2000, limit)).toEqual({ allowed: true });
    guard.recordFailure(T0 + 1900);
    expect(guard.check(T0 + 2000, limit)).toEqual({
      allowed: false,
      failuresInWindow: 20,
      retryAtMs: T0 + 10_000,
    });
  });

  it('allows again once the oldest failure leaves the rolling window', () => {
    const guard = new FailureBurstGuard();
    for (let i = 0; i < 20; i += 1) guard.recordFailure(T0 + i * 100);
    expect(guard.check(T0 + 9_999, limit).allowed).toBe(false);
    expect(guard.check(T0 + 10_000, limit)).toEqual({ allowed: true });
    expect(guard.failuresWithin(T0 + 10_000, limit.windowMs)).toBe(19);
  });

  it('names the time enough failures expire when far over the limit', () => {
    const guard = new FailureBurstGuard();
    for (let i = 0; i < 25; i += 1) guard.recordFailure(T0 + i);
    // 25 in window; 6 must expire so one more fits under 20: the 6th oldest is at T0 + 5.
    expect(guard.check(T0 + 100, limit)).toMatchObject({ allowed: false, retryAtMs: T0 + 5 + 10_000 });
  });

  it('forgets everything on reset', () => {
    const guard = new FailureBurstGuard();
    for (let i = 0; i < 20; i += 1) guard.recordFailure(T0);
    guard.reset();
    expect(guard.check(T0, limit)).toEqual({ allowed: true });
  });

  it('has one process-wide instance that tests can reset', () => {
    processFailureBurstGuard.recordFailure(T0);
    expect(processFailureBurstGuard.failuresWithin(T0, 1000)).toBe(1);
    resetProcessFailureBurstGuard();
    expect(processFailureBurstGuard.failuresWithin(T0, 1000)).toBe(0);
  });
});
