import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMergeSimulator, type MergeSimulator } from '../../../infra/local/merge-simulator';
import { RuntimeProcess } from './runtime-process';

type RuntimeOptions = Omit<
  ConstructorParameters<typeof RuntimeProcess>[0],
  'cwd' | 'mergeBaseUrl' | 'apiKey' | 'signingKey'
>;

export interface RuntimeFixture {
  sim: MergeSimulator;
  runtime: RuntimeProcess;
  /** The runtime's working folder (its `.data/` unless in memory). */
  dir: string;
}

/**
 * A Merge simulator and an `npm start` child process in a fresh folder, for one test file: created
 * before its tests (the runtime not started yet), stopped and removed after them.
 */
export function useRuntimeProcess(
  name: string,
  options: RuntimeOptions & { webhookRetryBackoffMs?: number } = {},
): RuntimeFixture {
  const fixture = {} as RuntimeFixture;
  const apiKey = `${name}-key-${randomBytes(8).toString('hex')}`;
  const signingKey = `${name}-signing-${randomBytes(8).toString('hex')}`;
  const { webhookRetryBackoffMs, ...runtimeOptions } = options;
  beforeAll(async () => {
    fixture.sim = await startMergeSimulator({
      apiKey,
      webhookSignatureKey: signingKey,
      ...(webhookRetryBackoffMs !== undefined ? { webhookRetryBackoffMs } : {}),
    });
    fixture.dir = mkdtempSync(join(tmpdir(), `merge-sync-${name}-`));
    fixture.runtime = new RuntimeProcess({
      cwd: fixture.dir,
      mergeBaseUrl: fixture.sim.baseUrl,
      apiKey,
      signingKey,
      verbose: false,
      ...runtimeOptions,
    });
  });
  afterAll(async () => {
    await fixture.runtime?.stop('SIGKILL').catch(() => undefined);
    await fixture.sim?.close();
    if (fixture.dir) rmSync(fixture.dir, { recursive: true, force: true });
  });
  return fixture;
}
