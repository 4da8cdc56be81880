import { createMergeClient } from '../../../shared/merge/client';
import { FailureBurstError, MergeHttpError } from '../../../shared/merge/errors';
import { resetProcessFailureBurstGuard } from '../../../shared/merge/failure-burst-guard';
import { SharedFailureGuard } from '../../../shared/merge/shared-failure-guard';
import { FakeClock, hrisAccount, rejectionOf, TEST_API_KEY } from './support/fakes';
import { MemoryFailureCountStore } from './support/memory-failure-count-store';
import { pageBody, ScriptedServer } from './support/scripted-server';

const limit = { maxFailures: 10, windowMs: 10_000 };
const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);

describe('SharedFailureGuard: one failure budget for every function instance', () => {
  it("stops an instance on the other instances' failures once it reads the table", async () => {
    const store = new MemoryFailureCountStore();
    const a = new SharedFailureGuard(store);
    const b = new SharedFailureGuard(store);
    await b.check(T0, limit); // b read the table before a's failures
    for (let i = 0; i < 10; i += 1) await a.recordFailure(T0 + 100 + i);

    expect(await a.check(T0 + 200, limit)).toMatchObject({ allowed: false, failuresInWindow: 10 });
    // Within b's refresh interval it has not seen them yet: the lag our half-of-Merge's limit covers.
    expect(await b.check(T0 + 500, limit)).toEqual({ allowed: true });
    expect(await b.check(T0 + 1000, limit)).toEqual({
      allowed: false,
      failuresInWindow: 10,
      // The bucket [T0, T0+1s) is counted at its last millisecond, so it leaves the window after that.
      retryAtMs: T0 + 999 + 10_000,
    });
    expect(await b.check(T0 + 999 + 10_000, limit)).toEqual({ allowed: true });
  });

  it("learns the current second from its own failure's write, without waiting for a read", async () => {
    const store = new MemoryFailureCountStore();
    const a = new SharedFailureGuard(store);
    const b = new SharedFailureGuard(store);
    await b.check(T0, limit);
    for (let i = 0; i < 9; i += 1) await a.recordFailure(T0 + 10 + i);
    await b.recordFailure(T0 + 50); // the ADD returns 10 for the bucket

    expect(await b.check(T0 + 60, limit)).toMatchObject({ allowed: false, failuresInWindow: 10 });
    expect(store.reads).toBe(1);
  });

  it('reads the table at most once per second however many requests it checks', async () => {
    const store = new MemoryFailureCountStore();
    const guard = new SharedFailureGuard(store);
    for (let ms = 0; ms < 3000; ms += 10) await guard.check(T0 + ms, limit);

    expect(store.reads).toBe(3);
  });

  it('reads once for concurrent checks', async () => {
    const store = new MemoryFailureCountStore();
    const guard = new SharedFailureGuard(store);
    await Promise.all(Array.from({ length: 20 }, () => guard.check(T0, limit)));

    expect(store.reads).toBe(1);
  });

  it('writes one bucket item per second, set to expire after the window', async () => {
    const store = new MemoryFailureCountStore();
    const guard = new SharedFailureGuard(store, { keepMs: 60_000 });
    await guard.check(T0, limit);
    await guard.recordFailure(T0 + 100);
    await guard.recordFailure(T0 + 900);
    await guard.recordFailure(T0 + 1100);

    expect([...store.buckets]).toEqual([
      [T0, 2],
      [T0 + 1000, 1],
    ]);
    expect(store.expiries.get(T0)).toBe(T0 + 1000 + 60_000);
  });

  it('keeps counting its own failures when the table fails, and tells onStoreError', async () => {
    const store = new MemoryFailureCountStore();
    const errors: string[] = [];
    const guard = new SharedFailureGuard(store, { onStoreError: (_e, operation) => errors.push(operation) });
    store.failing = true;
    for (let i = 0; i < 10; i += 1) await guard.recordFailure(T0 + i);

    expect(await guard.check(T0 + 20, limit)).toMatchObject({ allowed: false, failuresInWindow: 10 });
    expect(errors).toEqual([...Array.from({ length: 10 }, () => 'record'), 'read']);
    // Still under its refresh interval: no second read attempt.
    await guard.check(T0 + 500, limit);
    expect(errors.filter((operation) => operation === 'read')).toHaveLength(1);
  });

  it('does not count a failure twice once its write has returned', async () => {
    const store = new MemoryFailureCountStore();
    const guard = new SharedFailureGuard(store);
    await guard.check(T0, limit);
    for (let i = 0; i < 9; i += 1) await guard.recordFailure(T0 + i);
    await guard.check(T0 + 1500, limit); // refreshed: the table says 9, the same 9

    expect(await guard.check(T0 + 1600, limit)).toEqual({ allowed: true });
  });
});

describe('MergeClient with a SharedFailureGuard', () => {
  let server: ScriptedServer;

  beforeEach(async () => {
    resetProcessFailureBurstGuard();
    server = await ScriptedServer.start();
  });

  afterEach(async () => {
    await server.close();
  });

  it("refuses to send from one instance after another instance's failures", async () => {
    server.always({ status: 400 });
    const store = new MemoryFailureCountStore();
    const clock = new FakeClock();
    const instance = () =>
      createMergeClient({
        baseUrl: server.baseUrl,
        apiKey: TEST_API_KEY,
        clock,
        failureGuard: new SharedFailureGuard(store),
      });
    const first = instance();
    const second = instance();
    for (let i = 0; i < 10; i += 1) {
      await expect(first.listPage(hrisAccount, 'employees')).rejects.toBeInstanceOf(MergeHttpError);
    }
    const error = await rejectionOf(second.listPage(hrisAccount, 'employees'));

    expect(error).toBeInstanceOf(FailureBurstError);
    expect(second.requestCount()).toBe(0);
    expect(server.requests).toHaveLength(10);
  });

  it('counts nothing for a success', async () => {
    server.always(pageBody([], null));
    const store = new MemoryFailureCountStore();
    const client = createMergeClient({
      baseUrl: server.baseUrl,
      apiKey: TEST_API_KEY,
      clock: new FakeClock(),
      failureGuard: new SharedFailureGuard(store),
    });
    await client.listPage(hrisAccount, 'employees');

    expect(store.writes).toBe(0);
  });
});

describe('resetProcessFailureBurstGuard and shared guards (for tests)', () => {
  it("makes this process's shared guards ignore the failures counted so far", async () => {
    const store = new MemoryFailureCountStore();
    const guard = new SharedFailureGuard(store);
    for (let i = 0; i < 10; i += 1) await guard.recordFailure(T0 + i);
    expect((await guard.check(T0 + 20, limit)).allowed).toBe(false);

    resetProcessFailureBurstGuard();
    expect(await guard.check(T0 + 30, limit)).toEqual({ allowed: true });
    // Later failures in the same second still count.
    for (let i = 0; i < 10; i += 1) await guard.recordFailure(T0 + 40 + i);
    expect(await guard.check(T0 + 60, limit)).toMatchObject({ allowed: false, failuresInWindow: 10 });
  });
});
