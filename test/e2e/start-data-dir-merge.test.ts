import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../infra/local/stand-ins';
import { runStart as start, startFakeMerge, type StartRun } from '../helpers/start-run';

/**
 * `.data/` remembers the Merge it was used with: its accounts' tokens belong to that Merge, and
 * another one would refuse every poll of them (401s that count toward the shared failure guard).
 * npm start moves a data directory used with another Merge aside (nothing deleted) and starts empty.
 */
const apiKey = 'k-data-dir-test-77d2';
const env = { MERGE_API_KEY: apiKey, MERGE_WEBHOOK_SIGNATURE_KEY: 's-data-dir-test' };
const runs: StartRun[] = [];
let dir: string;
const runStart = async (args: string[]) => {
  const run = start(['--no-demo', '--port', String(await freePort()), ...args], { env, cwd: dir });
  runs.push(run);
  return run;
};
const remembered = () => readFileSync(join(dir, '.data/merge-base-url'), 'utf8').trim();

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'merge-sync-data-merge-'));
});
afterEach(async () => {
  await Promise.all(runs.splice(0).map((run) => run.stop()));
  rmSync(dir, { recursive: true, force: true });
});

it('another Merge than the data directory’s: the directory is moved aside whole and the run starts empty; --reset empties it', async () => {
  const [a, b] = [await startFakeMerge(apiKey), await startFakeMerge(apiKey)];
  try {
    const first = await runStart(['--merge-base-url', `${a.origin}/api`]);
    expect(await first.readyOrExit()).toBe('ready');
    expect(remembered()).toBe(`${a.origin}/api`);
    expect(await first.stop()).toBe(0);

    const same = await runStart(['--merge-base-url', `${a.origin}/api/`]);
    expect(await same.readyOrExit()).toBe('ready');
    expect(same.output()).not.toContain('moved it to');
    expect(await same.stop()).toBe(0);

    const inMemory = await runStart(['--in-memory', '--merge-base-url', `${b.origin}/api`]);
    expect(await inMemory.readyOrExit()).toBe('ready');
    expect(await inMemory.stop()).toBe(0);
    expect(remembered()).toBe(`${a.origin}/api`);

    const other = await runStart(['--merge-base-url', `${b.origin}/api`]);
    expect(await other.readyOrExit()).toBe('ready');
    const moved = other
      .output()
      .match(
        new RegExp(
          `held accounts linked with ${a.origin}/api, whose tokens this Merge would refuse: moved it to (\\S+) \\(nothing deleted\\); starting empty`,
        ),
      );
    expect(moved).not.toBeNull();
    expect(readFileSync(join(moved![1]!, 'merge-base-url'), 'utf8').trim()).toBe(`${a.origin}/api`);
    expect(remembered()).toBe(`${b.origin}/api`);
    expect(await other.stop()).toBe(0);

    const reset = await runStart(['--reset', '--merge-base-url', `${b.origin}/api`]);
    expect(await reset.readyOrExit()).toBe('ready');
    expect(reset.output()).toMatch(/^emptied .*\.data \(--reset\)$/m);
    expect(remembered()).toBe(`${b.origin}/api`);
    expect(reset.output()).not.toContain(apiKey);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
}, 240_000);

it('--reset refuses to empty a data directory another runtime is using', async () => {
  const merge = await startFakeMerge(apiKey);
  try {
    const running = await runStart(['--merge-base-url', `${merge.origin}/api`]);
    expect(await running.readyOrExit()).toBe('ready');
    const reset = await runStart(['--reset', '--merge-base-url', `${merge.origin}/api`]);
    expect(await reset.readyOrExit()).toBe(1);
    expect(reset.output()).toMatch(/\.data is in use by another running local runtime; stop it first/);
    expect(remembered()).toBe(`${merge.origin}/api`);
    expect((await fetch(running.output().match(/ready on (\S+)/)![1]! + '/health')).status).toBe(200);
  } finally {
    await merge.close();
  }
}, 120_000);
