import type { MergeSimulator } from '../../../infra/local/merge-simulator';
import type { SyncStateStore } from '../../../shared/store/ports';
import type { RunLedger } from '../ledger';

/**
 * Merge's model-id spellings (reference §12: `accounting.Invoices`, `filestorage.FileStorageFile`,
 * `crm.CRMContact`): every configured model Merge reports under another spelling must still be
 * matched, so its sync state carries the status Merge reported (the settle phase's DONE). A live
 * account whose /sync-status spells a configured model differently counts the fault kind as
 * injected, and as hit once the engine asked Merge for that account's sync status.
 */
export async function spelledModelsMatched(
  ledger: RunLedger,
  sim: MergeSimulator,
  states: SyncStateStore,
  accounts: readonly { id: string; category: string; configured: readonly string[] }[],
): Promise<void> {
  for (const account of accounts) {
    const spelled = sim
      .syncStatus(account.id)
      .map((e) => ({ wire: e.model_id, model: `${account.category}.${e.model_name}` }))
      .filter((e) => e.wire !== e.model && account.configured.includes(e.model));
    if (spelled.length === 0) continue;
    ledger.count('model-id-spelling', false);
    for (const { wire, model } of spelled) {
      const state = await states.get(account.id, model);
      if (!state.merge?.lastSyncResult)
        ledger.mismatch(
          'decisions',
          `${account.id} ${model}: Merge's status under "${wire}" was never matched`,
        );
    }
    const asked = sim.requests.some((r) => r.accountId === account.id && r.path.endsWith('/sync-status'));
    if (asked) ledger.faults['model-id-spelling'].hit++;
  }
}
