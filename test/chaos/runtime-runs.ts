import { RESULT_PREFIX } from './lib/env';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMergeSimulator, type MergeSimulator } from '../../infra/local/merge-simulator';
import type { Fault, WebhookPayload } from '../../infra/local/merge-simulator/types';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { loadSyncConfig } from '../../shared/config/sync-config';
import { canonicalSignature } from '../../shared/merge/signature';
import { dedupeKey } from '../../shared/store/keys';
import { DynamoAccountStore } from '../../shared/store/dynamodb/account-store';
import { DynamoOutboxStore } from '../../shared/store/dynamodb/outbox-store';
import { DynamoRecordStore } from '../../shared/store/dynamodb/record-store';
import { DynamoSyncStateStore } from '../../shared/store/dynamodb/sync-state-store';
import {
  checkCursor,
  compareStore,
  emptyMismatches,
  totalMismatches,
  type CheckedAccount,
  type CursorSample,
  type StoreView,
} from './checker';
import { emptyFaults, type RunResult } from './executor';
import { findSecrets, LogTap } from './lib/log-tap';
import { Prng } from './lib/prng';
import { RuntimeProcess } from './lib/runtime-process';
import { CATEGORIES, type Category } from './scenario';

/**
 * Chaos runs against the full local runtime (`npm start` as a child process, `.data/` in a scratch
 * directory): webhooks over HTTP with Merge's retry policy, the runtime's own event sources, scheduler
 * and recovery - and restarts in the middle of fetches, with SIGTERM (a clean stop) and SIGKILL (a
 * crash). Before a SIGKILL the runner waits until no accepted webhook is still queued: the local
 * queues live in memory (README, Known limits), unlike SQS; fetch jobs and polls they held are
 * re-issued from the table by the runtime's recovery, which is what is tested.
 */
const settings = loadSyncConfig({});

interface Account {
  id: string;
  category: Category;
  token: string;
}

async function runOne(seed: number, tap: LogTap): Promise<RunResult> {
  const started = Date.now();
  const rng = new Prng(seed);
  const faults = emptyFaults();
  const mismatches = emptyMismatches();
  const details: string[] = [];
  const note = (line: string) => {
    if (details.length < 40) details.push(line);
  };
  const apiKey = `runtime-key-${randomBytes(10).toString('hex')}`;
  const signingKey = `runtime-signing-${randomBytes(10).toString('hex')}`;
  const sim: MergeSimulator = await startMergeSimulator({
    apiKey,
    webhookSignatureKey: signingKey,
    seed,
    pageDelayMs: 120,
    webhookRetryBackoffMs: 200,
    webhookTimeoutMs: 10_000,
  });
  const dir = mkdtempSync(join(tmpdir(), 'merge-sync-chaos-'));
  const runtime = new RuntimeProcess({
    cwd: dir,
    mergeBaseUrl: sim.baseUrl,
    apiKey,
    signingKey,
    pollIntervalSeconds: 10,
  });
  const webhooks = { sent: 0, accepted: 0, acceptedDistinct: 0, processed: 0, rejectedTooLarge: 0, lost: 0 };
  const answers: string[] = [];
  const accepted = new Set<string>();
  const acceptedEvents = new Map<string, string>();
  const accounts: Account[] = [];
  const cursors = new Map<string, CursorSample>();
  let records = { compared: 0, truth: 0, stored: 0, truncated: 0 };
  let steps = 0;
  tap.reset();
  const view = (): StoreView => ({
    records: new DynamoRecordStore(runtime.dynamodb, runtime.endpoints?.tableName ?? 'merge-sync'),
    states: new DynamoSyncStateStore(runtime.dynamodb, runtime.endpoints?.tableName ?? 'merge-sync'),
    accounts: new DynamoAccountStore(runtime.dynamodb, runtime.endpoints?.tableName ?? 'merge-sync'),
    outbox: new DynamoOutboxStore(runtime.dynamodb, runtime.endpoints?.tableName ?? 'merge-sync'),
    settings,
  });
  const deliver = async (payload: WebhookPayload, canLose = true) => {
    if (canLose && rng.chance(0.1)) {
      webhooks.lost++;
      faults['webhook-lost'].injected++;
      faults['webhook-lost'].hit++;
      return;
    }
    const copies = canLose && rng.chance(0.1) ? 2 : 1;
    if (copies === 2) {
      faults['webhook-duplicated'].injected++;
      faults['webhook-duplicated'].hit++;
    }
    for (let i = 0; i < copies; i++) {
      const result = await sim.deliverWebhook(`${runtime.url}/webhooks/merge`, payload);
      webhooks.sent += result.attempts;
      const last = result.statuses.at(-1) ?? 0;
      if (last === 200) {
        webhooks.accepted++;
        const signature = canonicalSignature(sim.sign(JSON.stringify(payload)));
        accepted.add(signature);
        acceptedEvents.set(
          signature,
          `${payload.hook.event} #${webhooks.sent} restarts=${faults['runtime-restarted'].hit}`,
        );
      } else {
        mismatches.decisions++;
        note(`webhook answered ${result.statuses.join(',')}`);
      }
      if (result.statuses.some((s) => s >= 500)) mismatches.receiver5xx++;
    }
  };
  const sampleCursors = async () => {
    const v = view();
    for (const a of accounts) {
      for (const state of await v.states.listForAccount(a.id)) {
        const key = `${a.id}/${state.modelId}`;
        const { sample, problems } = checkCursor(
          cursors.get(key),
          state,
          settings.config.cursorOverlapSeconds,
        );
        cursors.set(key, sample);
        for (const p of problems) {
          mismatches.cursor++;
          note(`${key}: ${p}`);
        }
      }
    }
  };
  const fetchInProgress = async () => {
    for (const a of accounts) {
      for (const state of await view().states.listForAccount(a.id))
        if (state.run && state.run.leaseUntil > 0) return true;
    }
    return false;
  };
  const waitFor = async (check: () => Promise<boolean>, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await check()) return true;
      await new Promise((r) => setTimeout(r, 150));
    }
    return false;
  };
  const quiet = async () =>
    (await runtime.depth('events')) + (await runtime.depth('polls')) + (await runtime.depth('jobs')) === 0 &&
    !(await fetchInProgress());
  const restart = async (signal: 'SIGTERM' | 'SIGKILL') => {
    // Land the restart in the middle of a fetch when there is one to land in.
    const inFetch = await waitFor(fetchInProgress, 8_000);
    if (signal === 'SIGKILL') await waitFor(async () => (await runtime.depth('events')) === 0, 20_000);
    const code = await runtime.stop(signal);
    if (signal === 'SIGTERM' && code !== 0) {
      mismatches.harness++;
      note(`the runtime exited with ${code} on SIGTERM`);
    }
    faults['runtime-restarted'].injected++;
    faults['runtime-restarted'].hit++;
    if (inFetch && signal === 'SIGKILL') {
      faults['handler-killed-mid-fetch'].injected++;
      faults['handler-killed-mid-fetch'].hit++;
    }
    await runtime.start();
    await sampleCursors();
  };

  try {
    await runtime.start();
    const accountCount = rng.int(2, 3);
    for (let i = 0; i < accountCount; i++) {
      const category = rng.pick(CATEGORIES);
      const a = sim.linkAccount({ category });
      accounts.push({ id: a.id, category, token: a.accountToken });
      for (const m of settings.modelsForCategory(category))
        sim.seedRecords(a.id, m.modelId, rng.int(40, 260));
      await deliver(sim.linkedEvent(a.id), false);
    }
    // Merge's first sync webhooks only once the accounts are stored: one processed before its
    // LinkedAccount.linked waits out the queue's visibility timeout (180 s) before its retry, and a
    // stop meanwhile loses it (ENGINE BUG-7, test/chaos/regressions/runtime-stop-retried-webhook.test.ts).
    const v0 = view();
    await waitFor(
      async () => (await Promise.all(accounts.map((a) => v0.accounts.get(a.id)))).every(Boolean),
      20_000,
    );
    for (const a of accounts) {
      sim.finishSync(a.id, { result: 'DONE' });
      await deliver(sim.syncCompletedEvent(a.id), false);
    }
    const restarts: ('SIGTERM' | 'SIGKILL')[] = rng.shuffle([
      'SIGTERM',
      'SIGKILL',
      rng.pick(['SIGTERM', 'SIGKILL'] as const),
    ]);
    steps = rng.int(5, 8);
    const restartAt = new Set([1, Math.floor(steps / 2) + 1, steps - 1]);
    for (let step = 0; step < steps; step++) {
      const a = rng.pick(accounts);
      const model = rng.pick(settings.modelsForCategory(a.category)).modelId;
      for (let i = 0; i < rng.int(2, 10); i++) {
        const live = sim.records(a.id, model);
        const op = live.length === 0 ? 'add' : rng.weighted({ add: 3, update: 4, delete: 2 });
        const target = live.length > 0 ? rng.pick(live) : undefined;
        const record =
          op === 'add' || !target
            ? sim.addRecord(a.id, model)
            : op === 'update'
              ? sim.updateRecord(a.id, model, target.id)
              : sim.deleteRecord(a.id, model, target.id);
        if (rng.chance(0.5))
          await deliver(
            sim.changedDataEvent(
              a.id,
              model,
              record.id,
              op === 'add' ? 'added' : op === 'update' ? 'changed' : 'removed',
            ),
          );
      }
      if (rng.chance(0.6)) {
        const fault = rng.pick<[Fault, keyof typeof faults]>([
          [{ kind: 'http5xx', status: 503, times: rng.int(1, 3), match: { accountId: a.id } }, 'http503'],
          [
            {
              kind: 'http429',
              retryAfter: 'seconds',
              retryAfterSeconds: 1,
              times: 2,
              match: { accountId: a.id },
            },
            'http429-retry-after-seconds',
          ],
          [{ kind: 'reset', times: 1, match: { accountId: a.id } }, 'connection-reset'],
          [{ kind: 'slow', delayMs: 800, times: 3, match: { accountId: a.id } }, 'slow-page'],
          [{ kind: 'malformed', times: 1, match: { accountId: a.id } }, 'malformed-page'],
        ]);
        sim.injectFault(fault[0]);
        faults[fault[1]].injected += fault[0].times ?? 1;
      }
      sim.runSync(a.id, { result: 'DONE' });
      if (rng.chance(0.5)) await deliver(sim.syncCompletedEvent(a.id));
      else
        for (const m of settings.modelsForCategory(a.category))
          await deliver(sim.modelSyncedEvent(a.id, m.modelId));
      await new Promise((r) => setTimeout(r, rng.int(300, 1500)));
      if (restartAt.has(step) && restarts.length > 0)
        await restart(restarts.shift() as 'SIGTERM' | 'SIGKILL');
      await sampleCursors();
    }

    // Settle: Merge completes a sync of every model and says so; the runtime does the rest.
    sim.clearFaults();
    for (const a of accounts) {
      sim.runSync(a.id, { models: sim.syncStatus(a.id).map((e) => e.model_id), result: 'DONE' });
      await deliver(sim.syncCompletedEvent(a.id), false);
      for (const m of settings.modelsForCategory(a.category))
        await deliver(sim.modelSyncedEvent(a.id, m.modelId), false);
    }
    let stable = 0;
    const settled = await waitFor(async () => {
      stable = (await quiet()) ? stable + 1 : 0;
      return stable >= 8;
    }, 180_000);
    if (!settled) {
      mismatches.harness++;
      note('the runtime never settled');
    }
    await sampleCursors();
    const checked: CheckedAccount[] = accounts.map((a) => ({
      id: a.id,
      category: a.category,
      deleted: false,
    }));
    records = await compareStore(view(), sim, checked, mismatches, details);
    webhooks.acceptedDistinct = accepted.size;
    for (const signature of accepted) {
      const k = dedupeKey(signature);
      const out = await runtime.dynamodb.send(
        new GetItemCommand({
          TableName: runtime.endpoints?.tableName ?? 'merge-sync',
          Key: { pk: { S: k.pk }, sk: { S: k.sk } },
          ConsistentRead: true,
        }),
      );
      const status = out.Item?.status;
      if (status && 'S' in status && status.S === 'DONE') webhooks.processed++;
      else {
        mismatches.unprocessedWebhooks++;
        note(`accepted webhook never processed: ${acceptedEvents.get(signature) ?? signature.slice(0, 8)}`);
      }
    }
    for (const entry of sim.requests) {
      const kind = (
        {
          http5xx: 'http503',
          http429: 'http429-retry-after-seconds',
          reset: 'connection-reset',
          slow: 'slow-page',
          malformed: 'malformed-page',
        } as const
      )[entry.fault as 'http5xx'];
      if (kind) faults[kind].hit++;
    }
    for (const q of ['eventsDlq', 'pollsDlq', 'jobsDlq'] as const) {
      const n = await runtime.depth(q);
      if (n > 0) {
        mismatches.dlqUnexpected += n;
        note(`${n} dead letter(s) in ${q}`);
      }
    }
    for (const r of sim.requests) {
      if (r.path.endsWith('/linked-accounts')) continue; // the runtime's reachability check (API key only)
      const owner = accounts.find((a) => a.id === r.accountId);
      if (!owner || !r.path.startsWith(`/api/${owner.category}/`) || r.tokenMatchesAccount === false) {
        mismatches.tenant++;
        note(`request ${r.path} with the token of ${r.accountId ?? 'nobody'}`);
      }
    }
    for (const a of accounts) {
      const answer = await fetch(`${runtime.url}/accounts/${a.id}/sync-state`);
      answers.push(await answer.text());
    }
    answers.push(await (await fetch(`${runtime.url}/accounts`)).text());
  } catch (error) {
    mismatches.harness++;
    note(`run failed: ${error instanceof Error ? error.stack : String(error)}`);
  } finally {
    await runtime.stop('SIGTERM').catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
  const leaks = findSecrets(
    [...runtime.output, ...answers, ...tap.lines()],
    [apiKey, signingKey, ...accounts.map((a) => a.token)],
  );
  mismatches.secretLeaks += leaks.length;
  for (const leak of leaks.slice(0, 3)) note(`secret in output: ${leak.excerpt}`);
  const result: RunResult = {
    seed,
    mode: 'runtime',
    featured: 'runtime-restarted',
    ok: totalMismatches(mismatches) === 0,
    durationMs: Date.now() - started,
    accounts: accounts.length,
    deletedAccounts: 0,
    steps,
    faults,
    records,
    mismatches,
    webhooks,
    merge: {
      requests: sim.requests.length,
      failures: sim.requests.filter((r) => r.status === 0 || (r.status >= 400 && r.status !== 429)).length,
      peakFailuresIn10s: sim.maxFailuresInWindow(),
      peakRequestsPerMinute: Math.max(0, ...accounts.map((a) => sim.maxRequestsInWindow(a.id))),
    },
    logLines: runtime.output.length,
    details,
  };
  await sim.close();
  return result;
}

async function main() {
  const args = process.argv.slice(2);
  const seeds = (args[args.indexOf('--seeds') + 1] ?? '1001').split(',').filter(Boolean).map(Number);
  const tap = LogTap.install();
  for (const seed of seeds) tap.print(`${RESULT_PREFIX}${JSON.stringify(await runOne(seed, tap))}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`runtime runs failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(2);
  },
);
