/**
 * 8. Every model of a category: the initial sync of one HRIS account with every HRIS catalog model
 * enabled (16, spread over the four default tiers), against a simulator that enforces the plan's 100
 * requests per minute per account token. The real receiver, event processor and fetcher; the
 * `LinkedAccount.sync_completed` webhook asks for every model at once.
 * Figures: the sync's time (first to last Merge request) / (its pages / the plan limit), the time the
 * plan allows for those pages, target <= 1.1; and requests per minute / plan limit, target >= 0.9,
 * with no 429. The pacer uses 0.95 of the plan (budgetShare), so 1/0.95 = 1.053 is the floor.
 */
import { DEFAULT_SYNC_CONFIG } from '../../shared/config/default-sync-config';
import { syncableModelIds } from '../../shared/config/model-catalog';
import { startBenchPipeline } from './lib/harness';
import { emitRows, isQuick, progress, round } from './lib/report';

const quick = isQuick();
const LIMIT = 100;
/** Records seeded per model (more where other models' relations need them): pages of 100. */
const PER_MODEL = quick ? 150 : 600;
const MODELS = syncableModelIds('hris');
const TIERS = DEFAULT_SYNC_CONFIG.tiers.map((t) => t.name);
/** Fetch jobs the fetcher runs side by side (its SQS batch; the stack allows more). */
const CONCURRENT_FETCHES = 8;

async function main() {
  const b = await startBenchPipeline({
    simulator: { rateLimitPerMinute: LIMIT },
    syncConfigOverrides: {
      planRequestsPerMinute: LIMIT,
      models: MODELS.map((modelId, i) => ({ modelId, tier: TIERS[i % TIERS.length]! })),
    },
  });
  try {
    await b.sim.call('setWarp', true);
    const account = await b.sim.call('linkAccount', 'hris', 'all');
    const counts: Record<string, number> = {};
    for (const modelId of MODELS) counts[modelId] = await b.sim.call('seed', account.id, modelId, PER_MODEL);
    await b.sim.call('setWarp', false);
    await b.deliver(await b.sim.call('linkedRequest', account.id));
    await b.sim.call('finishSync', account.id);
    await b.sim.call('resetRequestLog');
    progress(
      `hris account with ${MODELS.length} models, ${Object.values(counts).reduce((n, c) => n + c, 0)} records; initial sync`,
    );
    const started = Date.now();
    await b.deliver(await b.sim.call('syncCompletedRequest', account.id, true));
    // As in AWS, the fetcher takes several jobs at once (the account's fetches share its pacer).
    b.pipeline.sources.jobs.start(CONCURRENT_FETCHES);
    for (;;) {
      const depth = await b.pipeline.queueDepth('jobs');
      if (depth.visible + depth.inFlight + depth.delayed === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await b.pipeline.sources.jobs.stop();
    const log = (await b.sim.call('requests', started)).filter(([, , id]) => id === account.id);
    const admitted = log.filter(([, status]) => status !== 429);
    const http429 = log.length - admitted.length;
    const pages = admitted.filter(([, , , path]) => !path.includes('sync-status')).length;
    const first = admitted[0]?.[0] ?? started;
    const last = admitted.at(-1)?.[0] ?? first;
    const durationMs = last - first;
    // The time the plan allows for the sync's pages (its few /sync-status reads come on top).
    const allowedMs = (pages / LIMIT) * 60_000;
    const timeRatio = durationMs / allowedMs;
    const perMinute = ((admitted.length - 1) / durationMs) * 60_000;
    const fetched = new Set(
      admitted
        .map(([, , , path]) => path.split('?')[0]!.replace(/^.*\/hris\/v1\//, ''))
        .filter((p) => p !== 'sync-status'),
    );
    progress(
      `${pages} pages, ${admitted.length} requests in ${round(durationMs / 1000, 1)} s (${fetched.size} lists); ${round(perMinute, 1)} requests/min; 429s: ${http429}`,
    );
    const details = {
      models: MODELS.length,
      listsFetched: fetched.size,
      recordsPerModel: counts,
      pages,
      requests: admitted.length,
      http429,
      durationSeconds: round(durationMs / 1000, 1),
      requestsPerMinute: round(perMinute, 1),
      concurrentFetches: CONCURRENT_FETCHES,
      pacerShare: 0.95,
      quick,
    };
    emitRows([
      {
        name: '8 every HRIS model, initial sync time',
        figure: 'time of the initial sync / (its pages / plan limit 100 per minute)',
        ratio: round(timeRatio),
        target: '<= 1.1',
        met: timeRatio <= 1.1 && fetched.size === MODELS.length,
        median: round(timeRatio),
        min: round(timeRatio),
        max: round(timeRatio),
        repeats: 1,
        details,
      },
      {
        name: '8 every HRIS model, budget use',
        figure: 'requests per minute / plan limit (100), and 429s',
        ratio: round(perMinute / LIMIT),
        target: '>= 0.9 with 0 429s',
        met: perMinute / LIMIT >= 0.9 && http429 === 0,
        median: round(perMinute / LIMIT),
        min: round(perMinute / LIMIT),
        max: round(perMinute / LIMIT),
        repeats: 1,
        details,
      },
    ]);
  } finally {
    await b.close();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
