import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_ACCOUNTS_FILE } from './demo-state';

/** The Merge the data directory was last used with, one line, beside the table in `.data/`. */
export const MERGE_FILE = 'merge-base-url';
/** Stands for the embedded simulator, whose URL (a random port) changes at every start. */
export const EMBEDDED_SIMULATOR = 'embedded simulator';

/** The URL as compared: host case and a trailing slash do not make another Merge. */
const canonical = (merge: string) =>
  merge !== EMBEDDED_SIMULATOR && URL.canParse(merge) ? new URL(merge).href.replace(/\/+$/, '') : merge;

/** The Merge `dataDir` was last used with: undefined for a new directory (or one from before this file). */
export function previousMerge(dataDir: string): string | undefined {
  const file = join(dataDir, MERGE_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim() || undefined;
  // From before this file: an earlier demo's note says the embedded simulator was used.
  return existsSync(join(dataDir, DEMO_ACCOUNTS_FILE)) ? EMBEDDED_SIMULATOR : undefined;
}

/**
 * The Merge whose accounts `dataDir` holds, named for a person, when it is not `merge`; undefined
 * when it is (or the directory is new). Its accounts' tokens belong to that Merge: another one
 * refuses every poll of them (401), failures that count toward the guard every account shares and
 * delay the new Merge's accounts. The embedded simulator is the same "Merge" at every start
 * (clearPreviousDemo clears the last run's accounts).
 */
export function otherMergeOf(dataDir: string, merge: string): string | undefined {
  const previous = previousMerge(dataDir);
  if (previous === undefined || canonical(previous) === canonical(merge)) return undefined;
  return previous === EMBEDDED_SIMULATOR ? 'the embedded simulator' : previous;
}

/**
 * Moves the data directory aside, whole (nothing is deleted), to `<dataDir>-before-<stamp>`, and
 * leaves an empty one in its place. The caller has checked no runtime uses it.
 */
export function moveDataDirAside(dataDir: string, at: Date): string {
  const target = `${dataDir}-before-${at.toISOString().replace(/[:.]/g, '-')}`;
  renameSync(dataDir, target);
  mkdirSync(dataDir, { recursive: true });
  return target;
}

/** Notes the Merge the data directory is now used with. */
export function rememberMerge(dataDir: string, merge: string): void {
  writeFileSync(join(dataDir, MERGE_FILE), `${canonical(merge)}\n`);
}

/** `--reset`: empties the data directory (the caller has checked no runtime uses it). */
export function emptyDataDir(dataDir: string): number {
  if (!existsSync(dataDir)) return 0;
  const entries = readdirSync(dataDir);
  for (const entry of entries) rmSync(join(dataDir, entry), { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  return entries.length;
}
