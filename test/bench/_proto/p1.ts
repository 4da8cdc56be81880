import { startMergeSimulator } from '/work/main/infra/local/merge-simulator';
import { createMergeClient } from '/work/main/shared/merge/client';
const N = Number(process.argv[2] ?? 20000);
(async () => {
  const sim = await startMergeSimulator({ apiKey: 'k', webhookSignatureKey: 's', pageDelayMs: 50, seed: 1 });
  const acc = sim.linkAccount({ category: 'hris' });
  let t = performance.now();
  sim.seedRecords(acc.id, 'hris.Employee', N);
  console.log('seed ms', performance.now() - t, 'rss MB', process.memoryUsage().rss / 1e6);
  const one = sim.records(acc.id, 'hris.Employee')[0];
  console.log('employee bytes', JSON.stringify(one).length);
  const client = createMergeClient({
    baseUrl: sim.baseUrl,
    apiKey: 'k',
    pacer: { acquire: async () => {}, backOff: async () => {} },
  } as never);
  for (let r = 0; r < 2; r++) {
    t = performance.now();
    let pages = 0,
      bytes = 0;
    for await (const page of client.pages(
      { accountId: acc.id, accountToken: acc.accountToken, category: 'hris' },
      'employees',
      { includeDeletedData: true, expand: ['employments'] },
    )) {
      pages++;
      bytes += page.results.length;
    }
    console.log('paginate ms', performance.now() - t, pages, bytes);
  }
  await sim.close();
})();
