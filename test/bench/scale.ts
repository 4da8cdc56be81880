/**
 * 8. Scale: N linked accounts (2,000; 300 with --quick) on the local runtime, each polled by the
 * 5-minute tier. One tick settles every account (its models' first statuses are written); the next
 * is measured: the scheduled fan-out (the tick's Query of the accounts index and its SendMessageBatch
 * calls), then every poll message, one poller invocation at a time (Lambda runs up to 10 at once).
 * Figures: fan-out seconds per tick, poller invocations per tick, the busiest DynamoDB partition's
 * requests per second over the tick, DynamoDB writes and log lines per idle poll.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { lambdaContext } from '../../infra/local/lambda-context';
import { scheduledEvent } from '../../infra/local/aws-events';
import { QUEUE_DESIGN } from '../../shared/queue/queue-design';
import { tokenSealer } from '../../shared/runtime/deps/sync-deps';
import { DynamoAccountStore } from '../../shared/store/dynamodb/account-store';
import { mapWithConcurrency } from '../../shared/sync/concurrency';
import { startBenchPipeline, TABLE_NAME } from './lib/harness';
import { makeCurrent } from '../../shared/sync/account-tokens';
import { countStdout, emitRows, isQuick, progress, round } from './lib/report';

const quick = isQuick();
const ACCOUNTS = quick ? 300 : 2000;
const stdout = countStdout();

async function main() {
  const b = await startBenchPipeline({
    syncConfigOverrides: { planRequestsPerMinute: 10_000 },
    countDynamo: true,
  });
  try {
    const dynamo = new DynamoDBClient({
      endpoint: b.store.dynamodbEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const accounts = new DynamoAccountStore(
      dynamo,
      TABLE_NAME,
      tokenSealer(b.pipeline.config.engine.tokenKey, undefined),
    );
    const now = new Date().toISOString();
    // Linked in the simulator, imported into the table (as `accounts import` does): no initial sync.
    await mapWithConcurrency(
      Array.from({ length: ACCOUNTS }, (_, i) => i),
      16,
      async () => {
        const linked = await b.sim.call('linkAccount', 'crm');
        await accounts.update(
          linked.id,
          () => ({
            id: linked.id,
            category: 'crm',
            status: 'ACTIVE',
            source: 'import',
            linkedAt: now,
            updatedAt: now,
          }),
          makeCurrent(linked.id, linked.accountToken, { verified: true }),
        );
      },
    );
    progress(`${ACCOUNTS} accounts linked and imported`);
    const tick = () =>
      b.pipeline.handlers.syncStatusPoller(
        scheduledEvent({ tier: 'frequent' }),
        lambdaContext('sync-status-poller', 60_000),
      );
    await tick();
    await b.pipeline.drain({ timeoutMs: 1_800_000 });
    progress('first tick settled');

    await b.store.call('resetCounts');
    await b.sim.call('resetRequestLog');
    const lines0 = stdout.lines();
    const t0 = performance.now();
    await tick();
    const fanOutMs = performance.now() - t0;
    const { batches } = await b.pipeline.drain({ timeoutMs: 1_800_000 });
    const tickMs = performance.now() - t0;
    const lines = stdout.lines() - lines0;
    const counts = await b.store.call('counts');
    const { partitions, busiest } = await b.store.call('partitionCounts', 5);
    const mergeRequests = (await b.sim.call('requests', 0)).length;
    const writes = Object.entries(counts)
      .filter(([k]) => k.startsWith('write:'))
      .reduce((n, [, v]) => n + v, 0);
    const [topKey, topRequests] = busiest[0] ?? ['none', 0];
    progress(
      `tick: fan-out ${round(fanOutMs / 1000, 2)} s, all polls done ${round(tickMs / 1000, 1)} s, ${batches} invocations, busiest partition ${topKey} ${topRequests} requests`,
    );
    emitRows([
      {
        name: '9 scale',
        figure: `one 5-minute tick of ${ACCOUNTS} accounts: seconds until every poll is done (one poller at a time)`,
        ratio: null,
        target: '< 300 s',
        met: tickMs < 300_000,
        median: round(tickMs / 1000, 1),
        min: round(tickMs / 1000, 1),
        max: round(tickMs / 1000, 1),
        repeats: 1,
        unit: 's',
        details: {
          accounts: ACCOUNTS,
          fanOutSeconds: round(fanOutMs / 1000, 2),
          tickSeconds: round(tickMs / 1000, 1),
          // The tick's own invocation plus the poller invocations (batches of up to 50 polls).
          lambdaInvocationsPerTick: 1 + batches,
          pollBatchSize: QUEUE_DESIGN.polls.batchSize,
          mergeRequests,
          writesPerIdlePoll: round(writes / ACCOUNTS, 3),
          logLinesPerIdlePoll: round(lines / ACCOUNTS, 3),
          partitionsTouched: partitions,
          busiestPartitions: busiest.map(([key, requests]) => ({
            partition: key.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/, '<account>'),
            requests,
            requestsPerSecondOverTick: round(requests / (tickMs / 1000), 1),
          })),
          operations: Object.fromEntries(Object.entries(counts).filter(([k]) => k.startsWith('op:'))),
          writeItemsByKind: Object.fromEntries(
            Object.entries(counts).filter(([k]) => k.startsWith('write:')),
          ),
          note: 'Local runtime on a shared 2-core machine, every poller invocation one after another; Lambda runs 10 at once.',
        },
      },
    ]);
    dynamo.destroy();
  } finally {
    await b.close();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
