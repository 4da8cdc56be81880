import type { MergeSimulator } from './merge-simulator';
import type { LocalRuntime } from './runtime';
import { DETAIL_TYPE } from '../../shared/events/change-events';
import { printSummary, type PhaseResult } from './demo-report';

interface SyncStateModel {
  model_id: string;
  last_fetch_finished_at: string | null;
  last_fetch: { counts: { added: number; changed: number; deleted: number; unchanged: number } } | null;
  fetch_in_progress: { pages: number; counts: { added: number; changed: number; deleted: number } } | null;
  totals: { added: number; deleted: number };
}

const DEMO_ACCOUNTS = [
  { category: 'hris', integration: 'BambooHR', seeds: { 'hris.Employee': 600 } },
  { category: 'crm', integration: 'HubSpot', seeds: { 'crm.Lead': 300, 'crm.Contact': 150 } },
] as const;

/**
 * The demo: link accounts by signed webhooks sent over HTTP, watch their initial syncs, change data
 * upstream (adds, changes, deletes), sync again, and show what happened. Everything goes through
 * the public surface: the webhook URL and the read API, like Merge and a consumer would.
 */
export async function runDemo(
  runtime: LocalRuntime,
  sim: MergeSimulator,
  say: (line: string) => void,
): Promise<void> {
  const webhookUrl = `${runtime.url}/webhooks/merge`;
  const results: PhaseResult[] = [];
  const accounts = DEMO_ACCOUNTS.map((spec) => {
    const account = sim.linkAccount({
      category: spec.category,
      integration: spec.integration,
      endUserOrganizationName: 'Acme Corp',
    });
    for (const [modelId, count] of Object.entries(spec.seeds)) sim.seedRecords(account.id, modelId, count);
    return { ...spec, account };
  });

  say('1/3 Linking accounts: Merge sends LinkedAccount.linked (signed) to our webhook URL');
  for (const { account, integration } of accounts) {
    const delivery = await sim.deliverWebhook(webhookUrl, sim.linkedEvent(account.id));
    say(`    ${integration} (${account.category}) linked → webhook answered ${delivery.statuses.join(', ')}`);
  }

  await waitForAccounts(
    runtime,
    accounts.map(({ account }) => account.id),
  );
  say('    accounts stored (tokens kept apart, never returned); Merge is running their initial sync');
  say('2/3 Initial sync: Merge finishes syncing and sends LinkedAccount.sync_completed; we page every model');
  for (const { account } of accounts) {
    sim.finishSync(account.id, { result: 'DONE' });
    await sim.deliverWebhook(webhookUrl, sim.syncCompletedEvent(account.id, { isInitialSync: true }));
  }
  results.push(...(await watchUntilStored(runtime, sim, accounts, 'initial', say)));

  say('3/3 Changes upstream: adds, changes and deletes, then {Model}.synced webhooks');
  for (const { account, seeds } of accounts) {
    for (const modelId of Object.keys(seeds)) {
      const ids = sim.records(account.id, modelId).map((r) => String(r.id));
      ids.slice(0, 12).forEach((id) => sim.updateRecord(account.id, modelId, id));
      ids.slice(12, 17).forEach((id) => sim.deleteRecord(account.id, modelId, id));
      for (let i = 0; i < 8; i++) sim.addRecord(account.id, modelId);
    }
    sim.runSync(account.id, { result: 'DONE' });
    for (const modelId of Object.keys(seeds))
      await sim.deliverWebhook(webhookUrl, sim.modelSyncedEvent(account.id, modelId));
  }
  results.push(...(await watchUntilStored(runtime, sim, accounts, 'incremental', say)));
  printSummary(results, say);
  const events = runtime.pipeline.bus.since(0);
  const count = (type: string) => events.filter((e) => e.detailType === type).length;
  say(
    `Change events on the bus: ${count(DETAIL_TYPE.recordAdded)} added, ${count(DETAIL_TYPE.recordChanged)} changed, ` +
      `${count(DETAIL_TYPE.recordDeleted)} deleted, ${count(DETAIL_TYPE.syncCompleted)} sync completed ` +
      `(see them: npm run cli -- events tail)`,
  );
}

async function watchUntilStored(
  runtime: LocalRuntime,
  sim: MergeSimulator,
  accounts: { account: { id: string }; seeds: Record<string, number> }[],
  phase: 'initial' | 'incremental',
  say: (line: string) => void,
): Promise<PhaseResult[]> {
  const started = Date.now();
  const requestsBefore = new Map(
    accounts.map(({ account }) => [account.id, sim.requestCount({ accountId: account.id })]),
  );
  const baseline = new Map<string, string | null>();
  for (const { account } of accounts) {
    for (const model of await syncState(runtime, account.id))
      baseline.set(`${account.id}/${model.model_id}`, model.last_fetch_finished_at);
  }
  const pending = new Set(
    accounts.flatMap(({ account, seeds }) => Object.keys(seeds).map((m) => `${account.id}/${m}`)),
  );
  const done: PhaseResult[] = [];
  let lastProgress = '';
  while (pending.size > 0) {
    if (Date.now() - started > 90_000) throw new Error(`demo: ${phase} sync did not finish within 90 s`);
    await new Promise((r) => setTimeout(r, 400));
    const progress: string[] = [];
    for (const { account } of accounts) {
      for (const model of await syncState(runtime, account.id)) {
        const key = `${account.id}/${model.model_id}`;
        if (!pending.has(key)) continue;
        if (model.fetch_in_progress)
          progress.push(`${model.model_id} ${model.fetch_in_progress.pages} page(s) stored`);
        if (
          model.last_fetch_finished_at &&
          model.last_fetch_finished_at !== baseline.get(key) &&
          model.last_fetch
        ) {
          pending.delete(key);
          const counts = model.last_fetch.counts;
          const seconds = ((Date.now() - started) / 1000).toFixed(1);
          say(
            `    ✓ ${model.model_id}: +${counts.added} added, ~${counts.changed} changed, -${counts.deleted} deleted (${seconds} s)`,
          );
          done.push({
            phase,
            accountId: account.id,
            modelId: model.model_id,
            counts,
            stored: 0,
            requests: 0,
            seconds: Number(seconds),
          });
        }
      }
    }
    const line = progress.join(', ');
    if (line && line !== lastProgress) say(`    … fetching: ${line}`);
    lastProgress = line;
  }
  // The feed serves a record once it is older than its settle window (1 s locally).
  await new Promise((r) => setTimeout(r, 1200));
  for (const result of done) {
    result.requests =
      sim.requestCount({ accountId: result.accountId }) - (requestsBefore.get(result.accountId) ?? 0);
    result.stored = await countRecords(runtime, result.accountId, result.modelId);
  }
  return done;
}

async function waitForAccounts(runtime: LocalRuntime, ids: string[]) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const res = await fetch(`${runtime.url}/accounts`);
    const known = new Set(((await res.json()) as { results: { id: string }[] }).results.map((a) => a.id));
    if (ids.every((id) => known.has(id))) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('demo: linked accounts were not stored within 30 s');
}

async function syncState(runtime: LocalRuntime, accountId: string): Promise<SyncStateModel[]> {
  const res = await fetch(`${runtime.url}/accounts/${accountId}/sync-state`);
  if (!res.ok) return [];
  return ((await res.json()) as { models: SyncStateModel[] }).models;
}

/** Counts live records through the consumer feed, page by page, as a consumer would read them. */
async function countRecords(runtime: LocalRuntime, accountId: string, modelId: string): Promise<number> {
  let count = 0;
  let cursor: string | null = null;
  for (;;) {
    const query: string = `page_size=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await fetch(`${runtime.url}/accounts/${accountId}/records/${modelId}?${query}`);
    const page = (await res.json()) as { results: unknown[]; next: string | null; has_more: boolean };
    count += page.results.length;
    if (!page.has_more) return count;
    cursor = page.next;
  }
}
