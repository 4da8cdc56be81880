import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalKeyWrapper } from '../../shared/store/tokens/local-key-wrapper';

export const TOKEN_KEY_FILE = 'token-key';

/**
 * The local runtime's account-token key (what the stack's KMS key is in AWS): kept beside the data
 * it seals, so a restart on the same data directory still opens its tokens; a fresh one in memory.
 * Written owner-only; a local development key, not a production secret.
 */
export function localTokenKey(dataDir: string | undefined): string {
  if (!dataDir) return LocalKeyWrapper.newKey();
  const file = join(dataDir, TOKEN_KEY_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = LocalKeyWrapper.newKey();
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
