/**
 * 8. Writes back to Merge, through the real write API, writes queue and writer handler, against the
 * simulator in its own process (its request log times when Merge receives a request).
 *
 * a. Time from POST /accounts/{id}/writes (the API handler called) to Merge receiving the write's
 *    request, with an idle budget: one write at a time, each after the account's budget has been
 *    idle for a few slots; the writer's event source long-polls the queue as Lambda's does. The
 *    first write of a model also fetches its `meta` (cached afterwards): it is in the figures.
 * b. Writes delaying reads: a full fetch of N tickets paced by a low plan limit (its page reads wait
 *    for their slots) with a write accepted every few slots while it runs. A write takes the
 *    account's next slot ahead of the waiting page read, so the next read comes about one slot
 *    later than reads come without a write between them: the figure is that delay per write request
 *    (the write or its meta), in slots. Reads and writes together stay within the plan limit in
 *    every 60 s window (a detail).
 */
import { httpApiEvent } from '../../infra/local/aws-events';
import { lambdaContext } from '../../infra/local/lambda-context';
import { startBenchPipeline, type BenchPipeline } from './lib/harness';
import { emitRows, isQuick, percentile, progress, round, summarize, type BenchRow } from './lib/report';

const quick = isQuick();
const LATENCY_WRITES = quick ? 15 : 200;
const TICKETS = quick ? 2000 : 6000;
const DELAY_WRITES = quick ? 4 : 12;
const REPEATS = quick ? 1 : 3;
// A plan limit low enough that the fetch waits for its slots (the budget, not the CPU, paces it).
const PLAN_LIMIT = 60;
const BUDGET_SHARE = 0.95;
const SLOT_MS = 60_000 / Math.floor(PLAN_LIMIT * BUDGET_SHARE);

type LogEntry = [number, number, string, string, string];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function postWrite(b: BenchPipeline, accountId: string, i: number): Promise<void> {
  const body = {
    model: 'ticketing.Ticket',
    operation: 'create',
    data: { name: `Finding ${i}`, priority: 'HIGH' },
    idempotency_key: `bench-${accountId}-${i}`,
  };
  const answer = await b.pipeline.handlers.writeApi(
    httpApiEvent({ method: 'POST', path: `/accounts/${accountId}/writes`, body: JSON.stringify(body) }),
    lambdaContext('write-api', 10_000),
  );
  if (answer.statusCode !== 202) throw new Error(`write answered ${answer.statusCode}: ${answer.body}`);
}

const posts = (log: LogEntry[], accountId: string) =>
  log.filter(
    ([, status, id, path, method]) =>
      id === accountId && method === 'POST' && path.endsWith('/tickets') && status < 300,
  );

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** The writer's event source, polled without waiting until stopped. */
function keepPolling(b: BenchPipeline): { stop: () => Promise<void> } {
  let running = true;
  const loop = (async () => {
    while (running) {
      const batch = await b.pipeline.sources.writes.pollOnce(0);
      if (batch.received === 0) await sleep(5);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

/** a. POST /writes → Merge's request, one write at a time with an idle budget. */
async function latency(b: BenchPipeline): Promise<BenchRow> {
  const account = await b.linkAccount('ticketing');
  await b.pipeline.drain({ timeoutMs: 60_000 });
  // Lambda's event source hands a message over as it arrives; the local SQS's long poll does not
  // wake up on a new message, so the queue is polled without waiting instead.
  const polling = keepPolling(b);
  const delays: number[] = [];
  for (let i = 0; i < LATENCY_WRITES; i++) {
    await sleep(3 * SLOT_MS); // the account's budget is idle
    const t0 = Date.now();
    await postWrite(b, account.id, i);
    // Writes go one at a time: the first POST after t0 is this write's.
    let arrival = 0;
    await until(async () => {
      arrival = posts(await b.sim.call('requests', t0), account.id)[0]?.[0] ?? 0;
      return arrival > 0;
    }, `write ${i} to reach Merge`);
    delays.push(arrival - t0);
  }
  await polling.stop();
  const s = summarize(delays);
  progress(
    `writes: POST /writes → Merge, idle budget: median ${s.median} ms, p99 ${percentile(delays, 99)} ms (n=${delays.length})`,
  );
  return {
    name: '10 writes',
    figure: 'POST /writes → Merge request, idle budget (median; p99 in details)',
    ratio: null,
    target: '',
    met: null,
    median: round(s.median, 1),
    min: round(s.min, 1),
    max: round(s.max, 1),
    repeats: s.repeats,
    unit: 'ms',
    details: {
      p99Ms: round(percentile(delays, 99), 1),
      p90Ms: round(percentile(delays, 90), 1),
      firstWriteMs: delays[0],
      firstWriteNote: 'the first write of the model also fetches meta/post through the budget',
      writes: delays.length,
      slotMs: round(SLOT_MS, 1),
      path: 'write-api handler → writes queue (local SQS, polled every 5 ms) → writer → simulator',
    },
  };
}

/**
 * A full fetch of the account's tickets with a write accepted every few slots while it runs; the
 * account's requests as Merge received them.
 */
async function mixedFetch(b: BenchPipeline, run: number): Promise<{ log: LogEntry[]; accountId: string }> {
  const account = await b.linkAccount('ticketing');
  await b.sim.call('seed', account.id, 'ticketing.Ticket', TICKETS);
  await b.pipeline.drain({ timeoutMs: 120_000 });
  await sleep(3 * SLOT_MS);
  const polling = keepPolling(b);
  await b.enqueueFetch(account.id, 'ticketing.Ticket');
  let fetching = true;
  const fetched = b.runJobs({ timeoutMs: 900_000 }).finally(() => (fetching = false));
  let writes = 0;
  await sleep(3 * SLOT_MS); // the fetch is under way
  while (fetching && writes < DELAY_WRITES) {
    await postWrite(b, account.id, run * 1000 + writes++);
    await sleep(4 * SLOT_MS);
  }
  await fetched;
  await until(async () => posts(await b.sim.call('requests', 0), account.id).length >= writes, 'the writes');
  await polling.stop();
  const log = (await b.sim.call('requests', 0)).filter(([, , id]) => id === account.id);
  progress(`writes: fetch of ${TICKETS} tickets with ${writes} writes accepted while it ran`);
  return { log, accountId: account.id };
}

/**
 * Per write request (the write, or its model's meta), how much later the next page read came than
 * reads come without a write between them, in slots: (gap with writes − median gap without) / writes.
 */
function delaysPerWrite(log: LogEntry[]): { delays: number[]; readGapMs: number } {
  const reads = log
    .filter(([, , , path, method]) => method === 'GET' && path.endsWith('/tickets'))
    .map(([time]) => time)
    .sort((a, b) => a - b);
  const writes = log
    .filter(([, , , path, method]) => method === 'POST' || path.includes('/meta/'))
    .map(([time]) => time);
  const gaps = reads.slice(1).map((end, i) => {
    const start = reads[i] as number;
    return { ms: end - start, writes: writes.filter((t) => t > start && t < end).length };
  });
  const readGapMs = summarize(gaps.filter((g) => g.writes === 0).map((g) => g.ms)).median;
  const delays = gaps.filter((g) => g.writes > 0).map((g) => (g.ms - readGapMs) / g.writes / SLOT_MS);
  return { delays, readGapMs };
}

/** b. How much a write delays the page reads it overtakes, in slots of the account's budget. */
async function readsDelayed(b: BenchPipeline): Promise<BenchRow> {
  const delays: number[] = [];
  const readGaps: number[] = [];
  const peaks: number[] = [];
  for (let run = 0; run < REPEATS; run++) {
    const mixed = await mixedFetch(b, run);
    const measured = delaysPerWrite(mixed.log);
    delays.push(...measured.delays);
    readGaps.push(measured.readGapMs);
    peaks.push(await b.sim.call('maxRequestsInWindow', mixed.accountId, 60_000));
  }
  const s = summarize(delays);
  progress(`writes: reads delayed per write ${round(s.median, 2)} slots (n=${delays.length})`);
  return {
    name: '10 writes',
    figure: 'page reads delayed per write request, in budget slots (a write takes one slot ahead)',
    ratio: round(s.median, 2),
    target: '<= 1.5',
    met: s.median <= 1.5,
    median: round(s.median, 2),
    min: round(s.min, 2),
    max: round(s.max, 2),
    repeats: s.repeats,
    details: {
      tickets: TICKETS,
      slotMs: round(SLOT_MS, 1),
      medianReadGapWithoutWritesMs: readGaps.map((ms) => round(ms, 0)),
      p90Slots: round(percentile(delays, 90), 2),
      planRequestsPerMinute: PLAN_LIMIT,
      peakRequestsIn60s: Math.max(...peaks),
      withinPlanLimit: Math.max(...peaks) <= PLAN_LIMIT,
    },
  };
}

async function main() {
  const b = await startBenchPipeline({
    simulator: { rateLimitPerMinute: PLAN_LIMIT },
    syncConfigOverrides: { planRequestsPerMinute: PLAN_LIMIT, budgetShare: BUDGET_SHARE },
    logLevel: 'WARN',
  });
  try {
    const rows = [await latency(b), await readsDelayed(b)];
    emitRows(rows);
  } finally {
    await b.close();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
