import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { purgeAccountNow } from '../../shared/operations/account-admin';
import type { SyncDeps } from '../../shared/sync/ports';

/** The demo's accounts of the last run, kept beside the table in `.data/`. */
export const DEMO_ACCOUNTS_FILE = 'demo-accounts.json';

/** Notes the accounts the demo is about to link, so the next start can clear them. */
export function rememberDemoAccounts(dataDir: string, accountIds: string[]): void {
  writeFileSync(join(dataDir, DEMO_ACCOUNTS_FILE), `${JSON.stringify({ accountIds }, null, 2)}\n`);
}

/**
 * The embedded simulator is new at every start, so the accounts an earlier demo linked belong to a
 * simulator that no longer exists: every poll of them would be refused (AUTH_FAILED). They are
 * purged from the store (kept as DELETED tombstones, like any removed account, so `status` hides
 * them) before anything polls them. Accounts linked any other way are left alone.
 */
export async function clearPreviousDemo(
  deps: SyncDeps,
  dataDir: string,
  say: (line: string) => void,
): Promise<void> {
  const file = join(dataDir, DEMO_ACCOUNTS_FILE);
  let accountIds: string[];
  try {
    accountIds = (JSON.parse(readFileSync(file, 'utf8')) as { accountIds: string[] }).accountIds;
  } catch {
    return; // no earlier demo (or an unreadable note: nothing is known to clear)
  }
  let cleared = 0;
  for (const accountId of accountIds) {
    const account = await deps.accounts.get(accountId);
    if (!account) continue;
    if (account.status === 'DELETED' && !(await deps.accounts.hasToken(accountId))) continue;
    await purgeAccountNow(deps, accountId, () => undefined);
    cleared++;
  }
  rmSync(file, { force: true });
  if (cleared > 0)
    say(
      `cleared the previous demo's ${cleared} account(s) from ${dataDir}: they belonged to the embedded ` +
        'simulator of that run, and each start begins a new one',
    );
}
