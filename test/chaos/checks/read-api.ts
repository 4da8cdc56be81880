import type { MergeSimulator } from '../../../infra/local/merge-simulator';
import type { RunLedger } from '../ledger';
import type { ChaosWorld } from '../lib/world';
import type { CheckedAccount } from './mismatches';
import { storedModels } from './store';

interface RecordsPage {
  results: { id: string }[];
  next: string | null;
  has_more?: boolean;
}

/**
 * The read API never shows one account's records under another account's id, and refuses a model
 * of another category. Every answer is kept for the secrets check.
 */
export async function readApiKeepsAccountsApart(
  ledger: RunLedger,
  world: ChaosWorld,
  sim: MergeSimulator,
  accounts: readonly CheckedAccount[],
): Promise<void> {
  const list = await world.read('/accounts');
  ledger.answers.push(list.body);
  for (const account of accounts) {
    const state = await world.read(`/accounts/${account.id}/sync-state`);
    ledger.answers.push(state.body);
    if (account.deleted) continue;
    for (const modelId of storedModels(world.settings, account)) {
      const own = new Set(sim.records(account.id, modelId, { includeDeleted: true }).map((r) => r.id));
      // Merge's records the simulator keeps out of records() (served as raw text) are the account's too.
      for (const bad of account.badRecords ?? []) if (bad.model === modelId) own.add(bad.id);
      let cursor: string | undefined;
      for (let page = 0; page < 50; page++) {
        const answer = await world.read(`/accounts/${account.id}/records/${modelId}`, {
          include_deleted: 'true',
          page_size: '1000',
          ...(cursor ? { cursor } : {}),
        });
        ledger.answers.push(answer.body);
        if (answer.status !== 200) {
          ledger.mismatch('tenant', `read API ${account.id}/${modelId} answered ${answer.status}`);
          break;
        }
        const body = JSON.parse(answer.body) as RecordsPage;
        for (const r of body.results) {
          if (!own.has(r.id))
            ledger.mismatch('tenant', `read API returned ${r.id} under account ${account.id}`);
        }
        if (!body.has_more || !body.next) break;
        cursor = body.next;
      }
    }
    const other = accounts.find((a) => a.category !== account.category);
    if (other) {
      const foreignModel = storedModels(world.settings, other)[0] as string;
      const answer = await world.read(`/accounts/${account.id}/records/${foreignModel}`);
      if (answer.status !== 404)
        ledger.mismatch(
          'tenant',
          `read API served ${foreignModel} for a ${account.category} account (${answer.status})`,
        );
    }
  }
}
