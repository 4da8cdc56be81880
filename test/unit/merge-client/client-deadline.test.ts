import { createMergeClient } from '../../../shared/merge/client';
import type { MergeClientOptions } from '../../../shared/merge/client';
import { MergeHttpError } from '../../../shared/merge/errors';
import { resetProcessFailureBurstGuard } from '../../../shared/merge/failure-burst-guard';
import { DeadlineTooCloseError } from '../../../shared/merge/request-errors';
import type { AcquireOptions, AcquireResult, RequestPacer } from '../../../shared/merge/types';
import { collect, eventRecorder, FakeClock, hrisAccount, rejectionOf, TEST_API_KEY } from './support/fakes';
import { pageBody, ScriptedServer } from './support/scripted-server';

/** A pacer whose next slot for every account is `slotAtMs`, honouring `latestStartMs` as the real one does. */
class SlotPacer implements RequestPacer {
  readonly asked: (AcquireOptions | undefined)[] = [];
  constructor(
    private readonly clock: FakeClock,
    public slotAtMs: number,
  ) {}
  async acquire(_accountId: string, options?: AcquireOptions): Promise<AcquireResult> {
    this.asked.push(options);
    if (options?.latestStartMs !== undefined && this.slotAtMs > options.latestStartMs) {
      return { granted: false, slotAtMs: this.slotAtMs };
    }
    await this.clock.sleep(Math.max(0, this.slotAtMs - this.clock.now()));
    return { granted: true };
  }
  async backOff(): Promise<void> {}
}

describe('MergeClient and the caller’s deadline', () => {
  let server: ScriptedServer;
  let clock: FakeClock;

  const newClient = (overrides: Partial<MergeClientOptions> = {}) =>
    createMergeClient({
      baseUrl: server.baseUrl,
      apiKey: TEST_API_KEY,
      clock,
      random: () => 0.5,
      timeoutMs: 60_000,
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

  it('does not start an attempt that could outlive the deadline: a retryable deferral instead', async () => {
    server.always(pageBody([], null));
    const { events, onEvent } = eventRecorder();
    const deadlineAtMs = clock.now() + 59_000;
    const error = await rejectionOf(
      newClient({ onEvent }).listPage(hrisAccount, 'employees', { deadlineAtMs }),
    );

    expect(error).toBeInstanceOf(DeadlineTooCloseError);
    expect(error).toMatchObject({ deadlineAtMs, retryAtMs: clock.now(), attemptsSent: 0, kind: 'deadline' });
    expect(server.requests).toHaveLength(0);
    expect(events).toEqual([expect.objectContaining({ type: 'deadline', deadlineAtMs, attempt: 1 })]);
  });

  it('sends when a full attempt still fits', async () => {
    server.script(pageBody([1], null));
    const page = await newClient().listPage(hrisAccount, 'employees', { deadlineAtMs: clock.now() + 60_000 });

    expect(page.results).toEqual([1]);
  });

  it('does not sleep for a retry that could not finish in time; says how the last attempt failed', async () => {
    server.script({ status: 503 }, pageBody([], null));
    const start = clock.now();
    const error = await rejectionOf(
      newClient().request(hrisAccount, {
        method: 'POST',
        path: 'candidates',
        body: {},
        idempotencyKey: 'k1',
        deadlineAtMs: start + 60_100, // the 250 ms backoff would take the retry past it
      }),
    );

    expect(error).toBeInstanceOf(DeadlineTooCloseError);
    expect(error).toMatchObject({ attemptsSent: 1, retryAtMs: start + 250 });
    expect((error as DeadlineTooCloseError).lastError).toBeInstanceOf(MergeHttpError);
    expect(clock.sleeps).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('does not wait for a pacing slot after the latest start; comes back at that slot', async () => {
    server.always(pageBody([], null));
    const start = clock.now();
    const pacer = new SlotPacer(clock, start + 30_000);
    const error = await rejectionOf(
      newClient({ pacer }).listPage(hrisAccount, 'employees', { deadlineAtMs: start + 80_000 }),
    );

    expect(error).toMatchObject({ kind: 'deadline', retryAtMs: start + 30_000 });
    expect(pacer.asked).toEqual([{ latestStartMs: start + 20_000, priority: 'read' }]);
    expect(clock.now()).toBe(start);
    expect(server.requests).toHaveLength(0);
  });

  it('applies to every page of pages() and of syncStatus()', async () => {
    server.script(pageBody([1], 'c2'), pageBody([2], 'c3'));
    const pacer = new SlotPacer(clock, clock.now());
    const client = newClient({ pacer });
    const deadlineAtMs = clock.now() + 61_000;
    const seen: unknown[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const page of client.pages(hrisAccount, 'employees', { deadlineAtMs })) {
          seen.push(...page.results);
          pacer.slotAtMs = clock.now() + 1500; // the next page's slot comes too late
        }
      })(),
    );

    expect(seen).toEqual([1]);
    expect(error).toBeInstanceOf(DeadlineTooCloseError);
    expect(server.requests).toHaveLength(1);

    const statusError = await rejectionOf(
      collect(client.syncStatus(hrisAccount, { deadlineAtMs: clock.now() + 1000 })),
    );
    expect(statusError).toBeInstanceOf(DeadlineTooCloseError);
  });
});
