import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** This checkout's version (package.json), as `merge-sync --version` prints it. */
export function cliVersion(): string {
  const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
