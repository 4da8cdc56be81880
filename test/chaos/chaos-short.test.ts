import { ChaosRun } from './executor';
import type { RunResult } from './run-result';
import { LogTap } from './lib/log-tap';
import { ChaosWorld } from './lib/world';
import { runLine, summarize, summaryTable } from './report';
import { generateScenario } from './scenario';

/**
 * The short chaos profile inside `npm test`: a few seeded runs of the same engine `npm run
 * test:chaos` runs fifty of (see test/chaos/run.ts), chosen to cover each family of faults: a
 * connection reset, records modified mid-pagination, a handler killed mid-batch and mid-fetch, an
 * account deleted during a fetch, organization-wide webhooks and an account deleted at Merge (each
 * run also draws other faults). Merge's timings are scaled down in the chaos world (lib/world.ts,
 * CHAOS_CLIENT_TIMING), so no run waits out a real minute. CHAOS_SHORT_SEEDS=1,2,3 picks
 * others; `npm run test:chaos -- --seed N` replays one with its scenario and every mismatch printed.
 */
const SEEDS = (process.env.CHAOS_SHORT_SEEDS ?? '8,11,17,18,22,31,34').split(',').map(Number);

let world: ChaosWorld;
const tap = LogTap.install();
const results: RunResult[] = [];
const started = Date.now();

beforeAll(async () => {
  world = await ChaosWorld.start();
});

afterAll(async () => {
  if (results.length > 0) console.log(summaryTable(summarize(results, Date.now() - started)));
  await world?.close();
});

describe('chaos, short profile', () => {
  it.each(SEEDS)(
    'seed %i: nothing lost, duplicated, resurrected or leaked',
    async (seed) => {
      const result = await new ChaosRun(world, generateScenario(seed, world.settings), tap).run();
      results.push(result);
      console.log(runLine(result));
      expect({ seed, mismatches: result.mismatches, details: result.details }).toEqual({
        seed,
        mismatches: Object.fromEntries(Object.keys(result.mismatches).map((k) => [k, 0])),
        details: [],
      });
      expect(result.records.compared).toBeGreaterThan(0);
    },
    120_000,
  );
});
