import { DEFAULT_SYNC_CONFIG } from '../../../shared/config/default-sync-config';
import { parseSyncConfig } from '../../../shared/config/sync-config';
import type { LinkedAccount } from '../../../shared/core/accounts';
import { newSyncState } from '../../../shared/core/sync-state';
import { MemoryMetrics, silentLog } from '../../../shared/observability/ports';
import type { AccountStore } from '../../../shared/store/ports';
import { recordUnmatchedModelIds } from '../../../shared/sync/model-ids';
import { unreportedFetchNote, watchHasUnsettledModels } from '../../../shared/sync/watch';
import { FakeClock } from '../../helpers/fakes';

const settings = parseSyncConfig({
  ...DEFAULT_SYNC_CONFIG,
  initialSyncWatch: { ...DEFAULT_SYNC_CONFIG.initialSyncWatch, unreportedGiveUpMinutes: 5 },
});

describe('the initial-sync watch and models /sync-status does not list', () => {
  const clock = new FakeClock();
  const watch = { id: 'w1', startedAt: new Date(clock.now()).toISOString() };
  const deps = { settings, clock };
  const done = new Map([['crm.Lead', { status: 'DONE' }]]);

  it('waits for them for unreportedGiveUpMinutes, then fetches them once and stops waiting', () => {
    const state = newSyncState('a', 'crm.Contact');
    expect(unreportedFetchNote(deps, watch, state)).toBeUndefined();
    expect(watchHasUnsettledModels(deps, watch, ['crm.Lead', 'crm.Contact'], done)).toBe(true);
    clock.advance(5 * 60_000);
    expect(unreportedFetchNote(deps, watch, state)).toMatch(/not listed in \/sync-status within 5 minute/);
    expect(watchHasUnsettledModels(deps, watch, ['crm.Lead', 'crm.Contact'], done)).toBe(false);
    // Fetched once during this watch: not again.
    const fetched = {
      ...state,
      requested: { at: new Date(clock.now()).toISOString() },
      notReported: { since: new Date(clock.now()).toISOString(), note: 'x' },
    };
    expect(unreportedFetchNote(deps, watch, fetched)).toBeUndefined();
  });

  it('a reported model that has not settled keeps the watch going', () => {
    const syncing = new Map([['crm.Lead', { status: 'SYNCING', lastSyncResult: null }]]);
    expect(watchHasUnsettledModels(deps, watch, ['crm.Lead'], syncing)).toBe(true);
  });
});

describe('model ids no model goes by', () => {
  function memoryAccounts(account: LinkedAccount) {
    let stored = account;
    let writes = 0;
    const accounts = {
      get: async () => stored,
      update: async (_id: string, change: (a: LinkedAccount | undefined) => LinkedAccount | null) => {
        const next = change(stored);
        if (next) {
          stored = next;
          writes++;
        }
        return stored;
      },
    } as unknown as AccountStore;
    return { accounts, writes: () => writes, stored: () => stored };
  }

  it('are counted every time, written (and logged) once per spelling', async () => {
    const account: LinkedAccount = {
      id: 'a1',
      category: 'ticketing',
      status: 'ACTIVE',
      source: 'webhook',
      linkedAt: 'x',
      updatedAt: 'x',
    };
    const store = memoryAccounts(account);
    const metrics = new MemoryMetrics();
    const warnings: unknown[] = [];
    const deps = {
      accounts: store.accounts,
      clock: new FakeClock(),
      metrics,
      log: { ...silentLog, warn: (...args: unknown[]) => warnings.push(args) },
    };
    await recordUnmatchedModelIds(deps, account, ['ticketing.Mystery', 'ticketing.Mystery'], 'sync-status');
    await recordUnmatchedModelIds(deps, store.stored(), ['ticketing.Mystery'], 'sync-status');
    expect(metrics.get('UnmatchedModelIds')).toBe(2);
    expect(store.writes()).toBe(1);
    expect(warnings).toHaveLength(1);
    expect(store.stored().unmatchedModelIds).toEqual([
      { modelId: 'ticketing.Mystery', source: 'sync-status', firstSeenAt: expect.any(String) },
    ]);
  });
});
