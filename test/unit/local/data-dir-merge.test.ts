import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  dataDirMergeConflict,
  EMBEDDED_SIMULATOR,
  emptyDataDir,
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
  expect(dataDirMergeConflict(dir, 'https://api.merge.dev/api')).toBeUndefined();
});

it('the same Merge, however spelled, is no conflict; another one is, naming both and the ways out', () => {
  rememberMerge(dir, 'https://API.merge.dev/api/');
  expect(dataDirMergeConflict(dir, 'https://api.merge.dev/api')).toBeUndefined();
  const conflict = dataDirMergeConflict(dir, 'https://api-eu.merge.dev/api');
  expect(conflict).toContain(
    'holds accounts linked with https://api.merge.dev/api, not https://api-eu.merge.dev/api',
  );
  expect(conflict).toContain('--in-memory');
  expect(conflict).toContain('--reset');
});

it('the embedded simulator is one Merge at every start, whatever its port', () => {
  rememberMerge(dir, EMBEDDED_SIMULATOR);
  expect(dataDirMergeConflict(dir, EMBEDDED_SIMULATOR)).toBeUndefined();
  expect(dataDirMergeConflict(dir, 'http://127.0.0.1:9000/api')).toContain(
    'linked with the embedded simulator, not http://127.0.0.1:9000/api',
  );
});

it('a data directory from before the note: an earlier demo’s accounts say it was the embedded simulator', () => {
  writeFileSync(join(dir, 'demo-accounts.json'), '{"accountIds":["a1"]}\n');
  expect(previousMerge(dir)).toBe(EMBEDDED_SIMULATOR);
  expect(dataDirMergeConflict(dir, 'https://api.merge.dev/api')).toContain('the embedded simulator');
});

it('emptyDataDir removes everything in it and keeps the directory', () => {
  rememberMerge(dir, EMBEDDED_SIMULATOR);
  writeFileSync(join(dir, 'token-key'), 'k\n');
  expect(emptyDataDir(dir)).toBe(2);
  expect(previousMerge(dir)).toBeUndefined();
  expect(emptyDataDir(dir)).toBe(0);
});
