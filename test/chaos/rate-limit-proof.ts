import { RESULT_PREFIX } from './lib/env';
import type { MergeSimulator } from '../../infra/local/merge-simulator';
import { resetProcessFailureBurstGuard } from '../../shared/merge/client';
import { LogTap, findSecrets } from './lib/log-tap';
import { depths } from './lib/queues';
import { ChaosWorld } from './lib/world';
import type { PartResult } from './run';

/**
 * The rate-limit proof (invariant 6), in a process of its own because the plan limit is read when
 * the handlers load. A realistic plan (100 requests per minute per account) against a simulator that
 * enforces it per account token; three accounts with two models each kept busy for longer than a
 * minute (Merge syncs every second, each answered by a sync_completed webhook, and the frequent
 * tier's schedule fires every half second),
 * with the pollers and fetchers running side by side as Lambda would run them. The simulator's own
 * request log then shows the most requests any account made in any 60-second window. Second, a burst:
 * Merge answers 500 to everything for 15 s while the demand continues; the simulator's log shows the
 * most failing requests in any 10-second window (Merge blocks an IP above 20).
 */
const PLAN = 100;
const MERGE_IP_BLOCK = 20;

async function main() {
  const driveMs = Number(process.env.CHAOS_RATE_DRIVE_MS ?? 75_000);
  const burstMs = Number(process.env.CHAOS_BURST_MS ?? 15_000);
  const started = Date.now();
  const tap = LogTap.install();
  const world = await ChaosWorld.start({
    syncConfigOverrides: {
      planRequestsPerMinute: PLAN,
      initialSyncWatch: { fastEverySeconds: 5, fastForMinutes: 1, slowEverySeconds: 10, giveUpAfterHours: 1 },
    },
    // As deployed (6x the function timeout, scaled down): nothing is redelivered within the proof.
    visibilityTimeoutSeconds: { events: 30, polls: 60, jobs: 60 },
    // Merge's own waits: the proof is about the per-minute window itself.
    mergeClientTiming: {},
  });
  const problems: string[] = [];
  let sim: MergeSimulator | undefined;
  try {
    resetProcessFailureBurstGuard();
    sim = await world.newSimulator({ seed: 4242, rateLimitPerMinute: PLAN });
    const s = sim;
    const accounts = (['crm', 'ats', 'crm'] as const).map((category) => s.linkAccount({ category }));
    const models = (category: string) => world.settings.modelsForCategory(category).map((m) => m.modelId);
    for (const a of accounts) {
      for (const modelId of models(a.category)) s.seedRecords(a.id, modelId, 300);
      await world.postWebhook(s, s.linkedEvent(a.id));
    }
    const p = world.pipeline;
    p.sources.events.start(2);
    p.sources.polls.start(3);
    p.sources.jobs.start(6);
    for (const a of accounts) {
      s.finishSync(a.id, { result: 'DONE' });
      await world.postWebhook(s, s.syncCompletedEvent(a.id));
    }

    // Phase 1: more demand than the plan allows, for longer than a minute.
    const driveUntil = Date.now() + driveMs;
    let lastSchedule = 0;
    let syncs = 0;
    let lastSync = 0;
    while (Date.now() < driveUntil) {
      for (const a of Date.now() - lastSync > 1000 ? accounts : []) {
        for (const modelId of models(a.category)) {
          const live = s.records(a.id, modelId);
          const target = live[Math.floor(Math.random() * live.length)];
          if (target) s.updateRecord(a.id, modelId, target.id);
          s.addRecord(a.id, modelId);
        }
        s.runSync(a.id, { result: 'DONE' });
        syncs++;
        await world.postWebhook(s, s.syncCompletedEvent(a.id));
        lastSync = Date.now();
      }
      if (Date.now() - lastSchedule > 500) {
        lastSchedule = Date.now();
        await world.schedule({ tier: 'frequent' });
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    const rateRequests = s.requests.length;
    const perAccount = accounts.map((a) => ({
      account: a.id.slice(0, 8),
      category: a.category,
      requests: s.requestCount({ accountId: a.id }),
      peakPerMinute: s.maxRequestsInWindow(a.id),
      http429: s.requestCount({ accountId: a.id, status: 429 }),
    }));
    const peak = Math.max(...perAccount.map((a) => a.peakPerMinute));
    if (peak > PLAN) problems.push(`an account made ${peak} requests in a 60 s window (plan ${PLAN})`);
    if (peak < PLAN * 0.8)
      problems.push(`the limit never bound (peak ${peak} per minute): the proof needs more demand`);

    // Phase 2: a burst of failing requests.
    const burstStart = s.requests.length;
    s.injectFault({ kind: 'http5xx', status: 500, times: Infinity });
    const burstUntil = Date.now() + burstMs;
    while (Date.now() < burstUntil) {
      for (const a of accounts) {
        s.runSync(a.id, { result: 'DONE' });
        for (const modelId of models(a.category))
          await world.postWebhook(s, s.modelSyncedEvent(a.id, modelId));
      }
      await world.schedule({ tier: 'frequent' });
      await new Promise((r) => setTimeout(r, 500));
    }
    s.clearFaults();
    const burst = s.requests.slice(burstStart);
    const failing = burst.filter((r) => r.status >= 400 && r.status !== 429);
    const times = failing.map((r) => r.time).sort((a, b) => a - b);
    let peakFailures = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while ((times[i] ?? 0) - (times[j] ?? 0) >= 10_000) j++;
      peakFailures = Math.max(peakFailures, i - j + 1);
    }
    if (peakFailures > MERGE_IP_BLOCK)
      problems.push(
        `${peakFailures} failing requests in 10 s: Merge would block the IP (limit ${MERGE_IP_BLOCK})`,
      );
    await p.sources.events.stop();
    await p.sources.polls.stop();
    await p.sources.jobs.stop();
    const leaks = findSecrets(tap.lines(), [
      world.apiKey,
      world.signingKey,
      ...accounts.map((a) => a.accountToken),
    ]);
    if (leaks.length > 0) problems.push(`${leaks.length} log line(s) with a secret`);
    const queues = await depths(p);
    const result: PartResult = {
      part: 'rate-limit proof',
      ok: problems.length === 0,
      durationMs: Date.now() - started,
      figures: {
        planRequestsPerMinute: PLAN,
        budgetPerMinute: world.settings.requestsPerMinute,
        accounts: accounts.length,
        models: accounts.reduce((n, a) => n + models(a.category).length, 0),
        driveSeconds: Math.round(driveMs / 1000),
        mergeSyncsDriven: syncs,
        requestsInRatePhase: rateRequests,
        peakRequestsPerMinutePerAccount: peak,
        perAccount,
        http429FromLimiter: perAccount.reduce((n, a) => n + a.http429, 0),
        burstSeconds: Math.round(burstMs / 1000),
        burstRequests: burst.length,
        burstFailingRequests: failing.length,
        peakFailuresIn10s: peakFailures,
        mergeIpBlockAt: MERGE_IP_BLOCK,
        guardLimit: 10,
        queuesAtEnd: queues,
        logLinesScanned: tap.lines().length,
      },
      problems,
    };
    tap.print(`${RESULT_PREFIX}${JSON.stringify(result)}`);
  } finally {
    await sim?.close();
    await world.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `rate-limit proof failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(2);
  },
);
