import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { startSyncFixture } from '/work/main/test/helpers/sync-fixture';
const N = Number(process.argv[2] ?? 20000);
(async () => {
  process.env.LOG_LEVEL = 'ERROR';
  const f = await startSyncFixture({
    simulator: { pageDelayMs: 50, seed: 1 },
    pipeline: { syncConfigOverrides: { planRequestsPerMinute: 10000 } },
  });
  const acc = f.sim.linkAccount({ category: 'hris' });
  f.sim.seedRecords(acc.id, 'hris.Employee', N);
  await f.postWebhook(f.sim.linkedEvent(acc.id));
  await f.pipeline.sources.events.pollOnce(0);
  f.dynamoWrites.reset();
  await f.pipeline.clients.sqs.send(
    new SendMessageCommand({
      QueueUrl: f.pipeline.queues.jobs,
      MessageBody: JSON.stringify({
        v: 1,
        kind: 'fetch',
        accountId: acc.id,
        modelId: 'hris.Employee',
        reason: 'manual',
        requestedAt: new Date().toISOString(),
      }),
    }),
  );
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  const r = await f.pipeline.sources.jobs.pollOnce(0);
  const ms = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  console.error('sync ms', ms, r, 'cpu ms', (cpu.user + cpu.system) / 1000, f.dynamoWrites.counts());
  const st = await f.states.get(acc.id, 'hris.Employee');
  console.error(JSON.stringify(st.lastRun));
  await f.close();
})();
