import {
  createMergeClient,
  type MergeClient,
  type MergeClientOptions,
} from '../../../../shared/merge/client';
import { resetProcessFailureBurstGuard } from '../../../../shared/merge/failure-burst-guard';
import { FakeClock, RecordingPacer, TEST_API_KEY } from './fakes';
import { ScriptedServer } from './scripted-server';

export interface ScriptedClientParts {
  server: ScriptedServer;
  clock: FakeClock;
  pacer: RecordingPacer;
}

/**
 * Each test gets a fresh scripted Merge, fake clock and recording pacer (given to `started`), and
 * the returned function builds a client over them: `defaults`, then the test's own overrides.
 */
export function useScriptedClient(
  defaults: Partial<MergeClientOptions>,
  started: (parts: ScriptedClientParts) => void,
): (overrides?: Partial<MergeClientOptions>) => MergeClient {
  let parts: ScriptedClientParts | undefined;
  beforeEach(async () => {
    resetProcessFailureBurstGuard();
    parts = { clock: new FakeClock(), pacer: new RecordingPacer(), server: await ScriptedServer.start() };
    started(parts);
  });
  afterEach(async () => {
    await parts?.server.close();
  });
  return (overrides = {}) => {
    if (!parts) throw new Error('a client is built inside a test');
    return createMergeClient({
      baseUrl: parts.server.baseUrl,
      apiKey: TEST_API_KEY,
      clock: parts.clock,
      pacer: parts.pacer,
      random: () => 0.5,
      ...defaults,
      ...overrides,
    });
  };
}
