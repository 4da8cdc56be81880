import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EMBEDDED_SIMULATOR,
  emptyDataDir,
  moveDataDirAside,
  otherMergeOf,
  previousMerge,
  rememberMerge,
} from '../../../infra/local/data-dir-merge';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'merge-sync-dir-merge-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('a new data directory takes any Merge', () => {
  expect(previousMerge(dir)).toBeUndefined();
  expect(otherMergeOf(dir, 'https://api.merge.dev/api')).toBeUndefined();
});

it('the same Merge, however spelled, is the same; another one is named', () => {
  rememberMerge(dir, 'https://API.merge.dev/api/');
  expect(otherMergeOf(dir, 'https://api.merge.dev/api')).toBeUndefined();
  expect(otherMergeOf(dir, 'https://api-eu.merge.dev/api')).toBe('https://api.merge.dev/api');
});

it('the embedded simulator is one Merge at every start, whatever its port', () => {
  rememberMerge(dir, EMBEDDED_SIMULATOR);
  expect(otherMergeOf(dir, EMBEDDED_SIMULATOR)).toBeUndefined();
  expect(otherMergeOf(dir, 'http://127.0.0.1:9000/api')).toBe('the embedded simulator');
});

it('a data directory from before the note: an earlier demo’s accounts say it was the embedded simulator', () => {
  writeFileSync(join(dir, 'demo-accounts.json'), '{"accountIds":["a1"]}\n');
  expect(previousMerge(dir)).toBe(EMBEDDED_SIMULATOR);
  expect(otherMergeOf(dir, 'https://api.merge.dev/api')).toBe('the embedded simulator');
});

it('emptyDataDir removes everything in it and keeps the directory', () => {
  rememberMerge(dir, EMBEDDED_SIMULATOR);
  writeFileSync(join(dir, 'token-key'), 'k\n');
  expect(emptyDataDir(dir)).toBe(2);
  expect(previousMerge(dir)).toBeUndefined();
  expect(emptyDataDir(dir)).toBe(0);
});

it('moveDataDirAside keeps everything under a dated name and leaves an empty directory', () => {
  const data = join(dir, '.data');
  mkdirSync(data);
  writeFileSync(join(data, 'token-key'), 'k\n');
  const moved = moveDataDirAside(data, new Date('2026-12-04T05:06:07.890Z'));
  expect(moved).toBe(`${data}-before-2026-12-04T05-06-07-890Z`);
  expect(readFileSync(join(moved, 'token-key'), 'utf8')).toBe('k\n');
  expect(existsSync(data)).toBe(true);
  expect(existsSync(join(data, 'token-key'))).toBe(false);
});
