import { DEFAULT_SYNC_CONFIG } from '../../../shared/config/default-sync-config';
import { parseSyncConfig } from '../../../shared/config/sync-config';
import { syncableModelIds } from '../../../shared/config/model-catalog';
import { emptyCounts } from '../../../shared/core/records';
import {
  YIELD_PATIENCE_MS,
  yieldDelaySeconds,
  type PriorityInput,
} from '../../../shared/sync/fetch-priority';

/** An HRIS account with every HRIS model, spread over the four default tiers (5 min to a day). */
const TIERS = DEFAULT_SYNC_CONFIG.tiers;
const settings = parseSyncConfig({
  ...DEFAULT_SYNC_CONFIG,
  models: syncableModelIds('hris').map((modelId, i) => ({ modelId, tier: TIERS[i % TIERS.length]!.name })),
});
const models = settings.forAccount({ category: 'hris' }).models;
const NOW = Date.parse('2026-12-03T12:00:00.000Z');
const lastRun = {
  id: 'r0',
  reason: 'poll' as const,
  startedAt: '2026-12-03T11:00:00.000Z',
  finishedAt: '2026-12-03T11:01:00.000Z',
  modifiedAfter: null,
  pages: 1,
  counts: emptyCounts(),
};
const everyMinutes = (tier: string) => TIERS.find((t) => t.name === tier)!.everyMinutes;

function input(modelId: string, patch: Partial<PriorityInput> = {}): PriorityInput {
  return {
    model: models.find((m) => m.modelId === modelId)!,
    models,
    tiers: settings.config.tiers,
    state: { lastRun },
    requestedAt: new Date(NOW).toISOString(),
    nowMs: NOW,
    backlogMs: 120_000,
    ...patch,
  };
}

describe('pacing across many models: who gives way while the account budget is booked', () => {
  const byTier = (tier: string) => models.filter((m) => m.tier === tier).map((m) => m.modelId);

  it('the fastest tier never gives way; every slower tier does, for as long as the budget is booked', () => {
    for (const modelId of byTier('frequent')) expect(yieldDelaySeconds(input(modelId))).toBeUndefined();
    for (const tier of ['hourly', 'periodic', 'daily'])
      for (const modelId of byTier(tier)) expect(yieldDelaySeconds(input(modelId))).toBe(120);
  });

  it('an initial sync and a run under way never give way', () => {
    const slow = byTier('daily')[0]!;
    expect(yieldDelaySeconds(input(slow, { state: {} }))).toBeUndefined();
    const run = {
      ...lastRun,
      requestedAt: lastRun.startedAt,
      pageCursor: 'c',
      holder: 'h',
      leaseUntil: 0,
      restarts: 0,
    };
    expect(yieldDelaySeconds(input(slow, { state: { lastRun, run } }))).toBeUndefined();
  });

  it('a schedule booked only a few seconds ahead is no reason to give way', () => {
    const slow = byTier('hourly')[0]!;
    expect(yieldDelaySeconds(input(slow, { backlogMs: YIELD_PATIENCE_MS }))).toBeUndefined();
    expect(yieldDelaySeconds(input(slow, { backlogMs: YIELD_PATIENCE_MS + 1 }))).toBe(6);
  });

  it('no starvation: a model never waits past its cadence, however long the budget stays booked', () => {
    for (const tier of ['hourly', 'periodic', 'daily']) {
      const modelId = byTier(tier)[0]!;
      const cadenceMs = everyMinutes(tier) * 60_000;
      // Booked far ahead for ever: the waits it is given add up to its cadence, then it fetches.
      let nowMs = NOW;
      for (let gaveWay = 0; ; gaveWay++) {
        const delay = yieldDelaySeconds(input(modelId, { nowMs, backlogMs: 3_600_000 }));
        if (delay === undefined) break;
        expect(delay).toBeLessThanOrEqual(900); // SQS's longest delay
        nowMs += delay * 1000;
        expect(gaveWay).toBeLessThan(200);
      }
      expect(nowMs - NOW).toBeGreaterThanOrEqual(cadenceMs);
      expect(nowMs - NOW).toBeLessThan(cadenceMs + 1000);
    }
  });

  it('an account whose models share one tier never holds any back', () => {
    const one = models.map((m) => ({ ...m, tier: 'daily' }));
    expect(yieldDelaySeconds(input('hris.Employee', { models: one, model: one[0]! }))).toBeUndefined();
  });
});
