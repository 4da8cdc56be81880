import { RESULT_PREFIX } from './lib/env';
import type { Fault } from '../../infra/local/merge-simulator/types';
import { loadSyncConfig } from '../../shared/config/sync-config';
import { CursorWatch } from './checks/cursor';
import { noDeadLetters } from './checks/dead-letters';
import type { CheckedAccount } from './checks/mismatches';
import { CHECK } from './checks/names';
import { noSecretsInOutput } from './checks/secrets';
import { compareStore, type RecordFigures } from './checks/store';
import { acceptedWebhooksProcessed } from './checks/webhooks';
import { requestsCarryTheirAccountsToken } from './checks/wire';
import { RunLedger } from './ledger';
import { LogTap } from './lib/log-tap';
import { Prng } from './lib/prng';
import { emptyRecordFigures, type RunResult } from './run-result';
import { RuntimeTransport, waitFor } from './runtime/transport';
import type { SimFaultKind } from './fault-kinds';
import { CATEGORIES, type Category } from './scenario-types';
import { SimFaultBook } from './sim-faults';

/**
 * Chaos runs against the full local runtime (`npm start` as a child process, `.data/` in a scratch
 * directory): webhooks over HTTP with Merge's retry policy, the runtime's own event sources, scheduler
 * and recovery - and restarts in the middle of fetches, with SIGTERM (a clean stop) and SIGKILL (a
 * crash). Before a SIGKILL the runner waits until no accepted webhook is still queued: the local
 * queues live in memory (README, Known limits), unlike SQS; fetch jobs and polls they held are
 * re-issued from the table by the runtime's recovery, which is what is tested. The bookkeeping and
 * the checks are the in-process runs' own (ledger.ts, checks/).
 */
const settings = loadSyncConfig({});

interface Account {
  id: string;
  category: Category;
  token: string;
}

/** One run: accounts linked, a few steps of upstream changes, faults and syncs with restarts, then the checks. */
async function runOne(seed: number, tap: LogTap): Promise<RunResult> {
  const started = Date.now();
  const rng = new Prng(seed);
  const ledger = new RunLedger();
  const transport = await RuntimeTransport.start(seed, settings, rng, ledger);
  const { sim, runtime } = transport;
  const simFaults = new SimFaultBook(sim, ledger);
  const cursors = new CursorWatch(settings.config.cursorOverlapSeconds);
  const accounts: Account[] = [];
  const ids = () => accounts.map((a) => a.id);
  let records: RecordFigures = emptyRecordFigures();
  let steps = 0;
  tap.reset();
  const sampleCursors = () =>
    ledger.runCheck(CHECK.cursors, () => cursors.sample(transport.view().states, ids(), ledger));

  try {
    await runtime.start();
    const accountCount = rng.int(2, 3);
    for (let i = 0; i < accountCount; i++) {
      const category = rng.pick(CATEGORIES);
      const a = sim.linkAccount({ category });
      accounts.push({ id: a.id, category, token: a.accountToken });
      for (const m of settings.modelsForCategory(category))
        sim.seedRecords(a.id, m.modelId, rng.int(40, 260));
      await transport.deliver(sim.linkedEvent(a.id), false);
    }
    // Merge's first sync webhooks only once the accounts are stored: one processed before its
    // LinkedAccount.linked waits out the queue's visibility timeout (180 s) before its retry, and a
    // stop meanwhile loses it (ENGINE BUG-7, test/chaos/regressions/runtime-stop-retried-webhook.test.ts).
    const v0 = transport.view();
    await waitFor(
      async () => (await Promise.all(accounts.map((a) => v0.accounts.get(a.id)))).every(Boolean),
      20_000,
    );
    for (const a of accounts) {
      sim.finishSync(a.id, { result: 'DONE' });
      await transport.deliver(sim.syncCompletedEvent(a.id), false);
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
      await upstreamChanges(transport, rng, a, model);
      if (rng.chance(0.6)) {
        const [fault, kind] = rng.pick<[Fault, SimFaultKind]>([
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
        simFaults.inject(kind, fault);
      }
      sim.runSync(a.id, { result: 'DONE' });
      if (rng.chance(0.5)) await transport.deliver(sim.syncCompletedEvent(a.id));
      else
        for (const m of settings.modelsForCategory(a.category))
          await transport.deliver(sim.modelSyncedEvent(a.id, m.modelId));
      await new Promise((r) => setTimeout(r, rng.int(300, 1500)));
      if (restartAt.has(step) && restarts.length > 0) {
        await transport.restart(restarts.shift() as 'SIGTERM' | 'SIGKILL', ids());
        await sampleCursors();
      }
      await sampleCursors();
    }

    // Settle: Merge completes a sync of every model and says so; the runtime does the rest.
    sim.clearFaults();
    for (const a of accounts) {
      sim.runSync(a.id, { models: sim.syncStatus(a.id).map((e) => e.model_id), result: 'DONE' });
      await transport.deliver(sim.syncCompletedEvent(a.id), false);
      for (const m of settings.modelsForCategory(a.category))
        await transport.deliver(sim.modelSyncedEvent(a.id, m.modelId), false);
    }
    let stable = 0;
    const settled = await waitFor(async () => {
      stable = (await transport.quiet(ids())) ? stable + 1 : 0;
      return stable >= 8;
    }, 180_000);
    if (!settled) ledger.mismatch('harness', 'the runtime never settled');
    await sampleCursors();
    const checked: CheckedAccount[] = accounts.map((a) => ({
      id: a.id,
      category: a.category,
      deleted: false,
    }));
    records = await ledger.runCheck(CHECK.store, () => compareStore(transport.view(), sim, checked, ledger));
    await ledger.runCheck(CHECK.webhooksProcessed, () =>
      acceptedWebhooksProcessed(ledger, (signature) => transport.dedupeStatus(signature)),
    );
    simFaults.attribute();
    await ledger.runCheck(CHECK.noDeadLetters, () =>
      noDeadLetters(ledger, (q) => transport.deadLetterDepth(q)),
    );
    await ledger.runCheck(CHECK.wireTokens, () => requestsCarryTheirAccountsToken(ledger, sim, checked));
    for (const a of accounts) ledger.answers.push(await transport.read(`/accounts/${a.id}/sync-state`));
    ledger.answers.push(await transport.read('/accounts'));
  } catch (error) {
    ledger.mismatch('harness', `run failed: ${error instanceof Error ? error.stack : String(error)}`);
  } finally {
    await transport.stop();
  }
  const secrets = [...transport.secrets, ...accounts.map((a) => a.token)];
  await ledger.runCheck(CHECK.secrets, () =>
    noSecretsInOutput(ledger, [...runtime.output, ...ledger.answers, ...tap.lines()], secrets),
  );
  const result = ledger.result(sim, {
    seed,
    mode: 'runtime',
    featured: 'runtime-restarted',
    started,
    accountIds: ids(),
    deletedAccounts: 0,
    steps,
    records,
    logLines: runtime.output.length,
  });
  await sim.close();
  return result;
}

/** Upstream adds, changes and deletes on one model, about half of them announced by a webhook. */
async function upstreamChanges(
  transport: RuntimeTransport,
  rng: Prng,
  a: Account,
  model: string,
): Promise<void> {
  const { sim } = transport;
  // The bound is drawn again at every turn, as it always was: the seeds name these exact runs.
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
      await transport.deliver(
        sim.changedDataEvent(
          a.id,
          model,
          record.id,
          op === 'add' ? 'added' : op === 'update' ? 'changed' : 'removed',
        ),
      );
  }
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
