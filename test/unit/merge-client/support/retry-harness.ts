import { createMergeClient, type MergeClient } from '../../../../shared/merge/client';
import type { MergeClientOptions } from '../../../../shared/merge/client';
import { resetProcessFailureBurstGuard } from '../../../../shared/merge/failure-burst-guard';
import { FakeClock, RecordingPacer, TEST_API_KEY } from './fakes';
import { ScriptedServer } from './scripted-server';

/** What a retry test works with: a scripted Merge, fake time, a recording pacer, a client on them. */
export interface RetryHarness {
  server: ScriptedServer;
  clock: FakeClock;
  pacer: RecordingPacer;
  /** A client with no jitter (random 0.5) and a failure-burst limit out of the way. */
  newClient(overrides?: Partial<MergeClientOptions>): MergeClient;
}

/** A fresh harness for every test of the calling file (the process-wide burst guard reset too). */
export function useRetryHarness(): RetryHarness {
  const h = {
    newClient: (overrides: Partial<MergeClientOptions> = {}) =>
      createMergeClient({
        baseUrl: h.server.baseUrl,
        apiKey: TEST_API_KEY,
        clock: h.clock,
        pacer: h.pacer,
        random: () => 0.5,
        failureBurst: { maxFailures: 1000, windowMs: 10_000 },
        ...overrides,
      }),
  } as RetryHarness;

  beforeEach(async () => {
    resetProcessFailureBurstGuard();
    h.clock = new FakeClock();
    h.pacer = new RecordingPacer();
    h.server = await ScriptedServer.start();
  });

  afterEach(async () => {
    await h.server.close();
  });

  return h;
}
