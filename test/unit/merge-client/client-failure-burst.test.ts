import { createMergeClient } from '../../../shared/merge/client';
import type { MergeClientOptions } from '../../../shared/merge/client';
import { FailureBurstError, MergeHttpError, RetriesExhaustedError } from '../../../shared/merge/errors';
import { resetProcessFailureBurstGuard } from '../../../shared/merge/failure-burst-guard';
import {
  eventRecorder,
  FakeClock,
  hrisAccount,
  RecordingPacer,
  rejectionOf,
  TEST_API_KEY,
} from './support/fakes';
import { pageBody, ScriptedServer } from './support/scripted-server';

describe('MergeClient failure-burst guard', () => {
  let server: ScriptedServer;
  let clock: FakeClock;
  // Merge blocks an IP when MORE than 20 requests fail in a rolling 10 s.
  const mergeLimit = { maxFailures: 20, windowMs: 10_000 };

  const newClient = (overrides: Partial<MergeClientOptions> = {}) =>
    createMergeClient({
      baseUrl: server.baseUrl,
      apiKey: TEST_API_KEY,
      clock,
      random: () => 0,
      failureBurst: mergeLimit,
      ...overrides,
    });

  beforeEach(async () => {
    resetProcessFailureBurstGuard();
    clock = new FakeClock();
    server = await ScriptedServer.start();
  });

  afterEach(async () => {
    await server.close();
  });

  it('lets 20 failing requests through and refuses to send the 21st', async () => {
    server.always({ status: 400, body: { detail: 'bad' } });
    const client = newClient();
    for (let i = 0; i < 20; i += 1) {
      await expect(client.listPage(hrisAccount, 'employees')).rejects.toBeInstanceOf(MergeHttpError);
    }
    const error = await rejectionOf(client.listPage(hrisAccount, 'employees'));

    expect(error).toBeInstanceOf(FailureBurstError);
    expect(error).toMatchObject({ failuresInWindow: 20, retryAtMs: clock.now() + 10_000 });
    expect(server.requests).toHaveLength(20);
    expect(client.requestCount()).toBe(20);
  });

  it('stops a retry loop mid-way, and is shared by every client in the process', async () => {
    server.always({ status: 503 });
    const pacer = new RecordingPacer();
    const { events, onEvent } = eventRecorder();
    const first = newClient({ maxAttempts: 6 });
    const second = newClient({ pacer, onEvent });
    for (let i = 0; i < 3; i += 1) {
      await expect(first.listPage(hrisAccount, 'employees')).rejects.toBeInstanceOf(RetriesExhaustedError);
    }
    // 18 failures so far: the second client's attempts 1 and 2 fail, its third is never sent.
    const error = await rejectionOf(second.listPage(hrisAccount, 'employees'));

    expect(error).toBeInstanceOf(FailureBurstError);
    expect(server.requests).toHaveLength(20);
    expect(pacer.acquired).toHaveLength(2);
    expect(second.requestCount()).toBe(2);
    expect(events.at(-1)).toMatchObject({ type: 'failure-burst', failuresInWindow: 20, attempt: 3 });
  });

  it('does not count 429s or malformed bodies', async () => {
    server
      .script(...Array.from({ length: 30 }, () => ({ status: 429, headers: { 'retry-after': '0' } })))
      .script(...Array.from({ length: 30 }, () => ({ status: 200, body: 'oops' })))
      .always(pageBody([], null));
    const client = newClient({ maxAttempts: 100 });
    await client.listPage(hrisAccount, 'employees');

    expect(server.requests).toHaveLength(61);
  });

  it('counts timeouts as failures', async () => {
    server.always({ hang: true });
    const client = newClient({
      timeoutMs: 20,
      maxAttempts: 100,
      failureBurst: { maxFailures: 3, windowMs: 10_000 },
    });
    const error = await rejectionOf(client.listPage(hrisAccount, 'employees'));

    expect(error).toBeInstanceOf(FailureBurstError);
    expect(server.requests).toHaveLength(3);
  });

  it('sends again once the window has rolled past the failures', async () => {
    server.script(...Array.from({ length: 20 }, () => ({ status: 404 }))).always(pageBody([], null));
    const client = newClient();
    for (let i = 0; i < 20; i += 1) {
      await expect(client.listPage(hrisAccount, 'employees')).rejects.toBeInstanceOf(MergeHttpError);
      clock.advance(100);
    }
    await expect(client.listPage(hrisAccount, 'employees')).rejects.toBeInstanceOf(FailureBurstError);
    clock.advance(10_000);
    await expect(client.listPage(hrisAccount, 'employees')).resolves.toEqual({ results: [], next: null });
  });

  it('defaults to a limit of 10, well under the 20 of Merge', async () => {
    server.always({ status: 400 });
    const client = newClient({ failureBurst: undefined });
    for (let i = 0; i < 10; i += 1) {
      await expect(client.listPage(hrisAccount, 'employees')).rejects.toBeInstanceOf(MergeHttpError);
    }
    await expect(client.listPage(hrisAccount, 'employees')).rejects.toBeInstanceOf(FailureBurstError);
    expect(server.requests).toHaveLength(10);
  });
});
