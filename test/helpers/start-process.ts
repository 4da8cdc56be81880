import { spawn, type ChildProcessWithoutNullStreams, type SpawnOptions } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const repo = join(__dirname, '../..');

/**
 * Runs a TypeScript entry point of ours (e.g. infra/local/start.ts) in a node process of its own,
 * with tsx as an import hook rather than the tsx CLI: the CLI puts a wrapper process in between,
 * which, on a busy machine, could die of a SIGTERM before relaying it (exit 143 instead of our
 * graceful 0). With the hook, the signal reaches our own handlers.
 */
export function spawnTypeScript(
  entry: string,
  args: readonly string[],
  options: Omit<SpawnOptions, 'stdio'> = {},
): ChildProcessWithoutNullStreams {
  const loader = pathToFileURL(join(repo, 'node_modules/tsx/dist/loader.mjs')).href;
  const child = spawn(process.execPath, ['--import', loader, join(repo, entry), ...args], {
    cwd: repo,
    ...options,
    stdio: ['pipe', 'pipe', 'pipe'],
  }) as ChildProcessWithoutNullStreams;
  child.stdin.end();
  return child;
}
