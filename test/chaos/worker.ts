import { RESULT_PREFIX } from './lib/env';
import { ChaosRun } from './executor';
import { LogTap } from './lib/log-tap';
import { CHAOS_CATALOG_OVERRIDES, ChaosWorld } from './lib/world';
import { generateScenario } from './scenario';

/**
 * One chaos worker process: one pipeline, the given seeds one after the other, one result line per
 * run on stdout (`CHAOS-RESULT {json}`). The runner (run.ts) starts a few of these side by side.
 */
async function main() {
  const args = process.argv.slice(2);
  const seedsArg = args[args.indexOf('--seeds') + 1] ?? '';
  const seeds = seedsArg
    .split(',')
    .filter(Boolean)
    .map((s) => Number(s));
  const tap = LogTap.install();
  const world = await ChaosWorld.start({ syncConfigOverrides: CHAOS_CATALOG_OVERRIDES });
  try {
    for (const seed of seeds) {
      const scenario = generateScenario(seed, world.settings);
      const result = await new ChaosRun(world, scenario, tap).run();
      tap.print(`${RESULT_PREFIX}${JSON.stringify(result)}`);
    }
  } finally {
    await world.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`chaos worker failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(2);
  },
);
