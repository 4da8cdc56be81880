import type { MergeSimulator } from './merge-simulator';
import type { LocalRuntime } from './runtime';
import { DETAIL_TYPE } from '../../shared/events/change-events';
import { busCounts, printSummary, type PhaseResult } from './demo-report';

interface SyncStateModel {
  model_id: string;
  records: number | null;
  last_fetch_finished_at: string | null;
  last_fetch: { counts: { added: number; changed: number; deleted: number; unchanged: number } } | null;
  fetch_in_progress: { pages: number } | null;
}

/**
 * Each account links with the models a default deployment syncs for its category (the simulator's
 * default) and seeds each of them; in seeding order, so contacts, deals and leads point at the
 * companies seeded before them.
 */
const DEMO_ACCOUNTS = [
  { category: 'hris', integration: 'BambooHR', seeds: { 'hris.Employee': 600 } },
  {
    category: 'crm',
    integration: 'HubSpot',
    seeds: { 'crm.Account': 40, 'crm.Contact': 150, 'crm.Lead': 300, 'crm.Opportunity': 60 },
  },
] as const;

type DemoAccount = { account: { id: string }; seeds: Record<string, number> };

/** The models an account syncs, as the read API lists them (hris.Employment beside hris.Employee). */
const syncedModels = async (runtime: LocalRuntime, accountId: string) =>
  (await syncState(runtime, accountId, false)).map((m) => m.model_id);

/**
 * The demo: link accounts by signed webhooks sent over HTTP, watch their initial syncs, change data
 * upstream (adds, changes, deletes), sync again, and show what happened. Everything goes through
 * the public surface: the webhook URL and the read API, like Merge and a consumer would.
 * `remember` is told each account's id before it is linked (so the next start can clear them).
 */
export async function runDemo(
  runtime: LocalRuntime,
  sim: MergeSimulator,
  say: (line: string) => void,
  remember: (accountIds: string[]) => void = () => undefined,
): Promise<void> {
  const webhookUrl = runtime.webhookUrl;
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
  remember(accounts.map(({ account }) => account.id));

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
    for (const modelId of await syncedModels(runtime, account.id))
      await sim.deliverWebhook(webhookUrl, sim.modelSyncedEvent(account.id, modelId));
  }
  results.push(...(await watchUntilStored(runtime, sim, accounts, 'incremental', say)));
  printSummary(results, say);
  // A fetch's Sync Completed event is published just after its completion is stored, and its
  // pages' record events by publish jobs of their own, possibly a moment later: wait for both.
  const fetches = results.length;
  const completedEvents = () =>
    runtime.pipeline.bus.since(0).filter((e) => e.detailType === DETAIL_TYPE.syncCompleted);
  const expected = results.reduce((n, r) => n + r.counts.added + r.counts.changed + r.counts.deleted, 0);
  const published = () => {
    const counts = busCounts(runtime.pipeline.bus.since(0));
    return counts.added + counts.changed + counts.deleted;
  };
  for (
    const deadline = Date.now() + 30_000;
    (completedEvents().length < fetches || published() < expected) && Date.now() < deadline;
  )
    await new Promise((r) => setTimeout(r, 100));
  const all = busCounts(runtime.pipeline.bus.since(0));
  const completed = completedEvents();
  say(
    `Change events on the bus: ${all.added} added, ${all.changed} changed, ${all.deleted} deleted ` +
      `(the table's columns, summed), ${completed.length} sync completed. See them: npx merge-sync events tail`,
  );
}

async function watchUntilStored(
  runtime: LocalRuntime,
  sim: MergeSimulator,
  accounts: DemoAccount[],
  phase: 'initial' | 'incremental',
  say: (line: string) => void,
): Promise<PhaseResult[]> {
  const started = Date.now();
  const requestsBefore = new Map(
    accounts.map(({ account }) => [account.id, sim.requestCount({ accountId: account.id })]),
  );
  const baseline = new Map<string, string | null>();
  for (const { account } of accounts) {
    for (const model of await syncState(runtime, account.id, false))
      baseline.set(`${account.id}/${model.model_id}`, model.last_fetch_finished_at);
  }
  // Every model each account syncs, seeded or not (hris.Employment records come with employees).
  const pending = new Set(baseline.keys());
  const seconds = new Map<string, number>();
  let lastProgress = '';
  while (pending.size > 0) {
    if (Date.now() - started > 90_000) throw new Error(`demo: ${phase} sync did not finish within 90 s`);
    await new Promise((r) => setTimeout(r, 400));
    const progress: string[] = [];
    for (const { account } of accounts) {
      for (const model of await syncState(runtime, account.id, false)) {
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
          seconds.set(key, (Date.now() - started) / 1000);
          say(
            `    ✓ ${model.model_id}: +${counts.added} added, ~${counts.changed} changed, -${counts.deleted} deleted (${seconds.get(key)!.toFixed(1)} s)`,
          );
        }
      }
    }
    const line = progress.join(', ');
    if (line && line !== lastProgress) say(`    … fetching: ${line}`);
    lastProgress = line;
  }
  return phaseResults(runtime, sim, accounts, phase, { requestsBefore, seconds });
}

/** One row per model of each account: the fetch's own counts and the exact live records stored. */
async function phaseResults(
  runtime: LocalRuntime,
  sim: MergeSimulator,
  accounts: DemoAccount[],
  phase: 'initial' | 'incremental',
  marks: { requestsBefore: Map<string, number>; seconds: Map<string, number> },
): Promise<PhaseResult[]> {
  const results: PhaseResult[] = [];
  for (const { account } of accounts) {
    const requests =
      sim.requestCount({ accountId: account.id }) - (marks.requestsBefore.get(account.id) ?? 0);
    for (const model of await syncState(runtime, account.id, true)) {
      const seconds = marks.seconds.get(`${account.id}/${model.model_id}`);
      if (seconds === undefined || !model.last_fetch) continue;
      results.push({
        phase,
        accountId: account.id,
        seconds,
        modelId: model.model_id,
        counts: model.last_fetch.counts,
        stored: model.records ?? 0,
        requests,
      });
    }
  }
  return results;
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

/** The read API's sync state; `records` only when asked (counting reads every record of the account). */
async function syncState(
  runtime: LocalRuntime,
  accountId: string,
  records: boolean,
): Promise<SyncStateModel[]> {
  const res = await fetch(`${runtime.url}/accounts/${accountId}/sync-state?records=${records}`);
  if (!res.ok) return [];
  return ((await res.json()) as { models: SyncStateModel[] }).models;
}
