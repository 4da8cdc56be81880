import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMergeSimulator, type MergeSimulator } from '../../../infra/local/merge-simulator';
import type { WebhookPayload } from '../../../infra/local/merge-simulator/types';
import type { SyncSettings } from '../../../shared/config/sync-config';
import { canonicalSignature } from '../../../shared/merge/signature';
import { DynamoAccountStore } from '../../../shared/store/dynamodb/account-store';
import { tokenSealer } from '../../../shared/runtime/deps/sync-deps';
import { DynamoOutboxStore } from '../../../shared/store/dynamodb/outbox-store';
import { DynamoRecordStore } from '../../../shared/store/dynamodb/record-store';
import { DynamoSyncStateStore } from '../../../shared/store/dynamodb/sync-state-store';
import type { DeadLetterQueue } from '../checks/dead-letters';
import type { StoreView } from '../checks/store';
import type { RunLedger } from '../ledger';
import { readDedupeStatus } from '../lib/dedupe-status';
import type { Prng } from '../lib/prng';
import { RuntimeProcess } from '../lib/runtime-process';

/** Polls `check` until it holds or `timeoutMs` passes; answers whether it held. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 150));
  }
  return false;
}

/**
 * How a runtime run reaches the local runtime (`npm start` as a child process, `.data/` in a scratch
 * directory) and Merge's simulator: webhooks over HTTP with Merge's retry policy (some lost or
 * duplicated), restarts, and the runtime's table and queues read from outside.
 */
export class RuntimeTransport {
  private constructor(
    readonly sim: MergeSimulator,
    readonly runtime: RuntimeProcess,
    readonly secrets: readonly string[],
    private readonly dir: string,
    private readonly settings: SyncSettings,
    private readonly rng: Prng,
    private readonly ledger: RunLedger,
  ) {}

  static async start(
    seed: number,
    settings: SyncSettings,
    rng: Prng,
    ledger: RunLedger,
  ): Promise<RuntimeTransport> {
    const apiKey = `runtime-key-${randomBytes(10).toString('hex')}`;
    const signingKey = `runtime-signing-${randomBytes(10).toString('hex')}`;
    const sim = await startMergeSimulator({
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
    return new RuntimeTransport(sim, runtime, [apiKey, signingKey], dir, settings, rng, ledger);
  }

  private get tableName(): string {
    return this.runtime.endpoints?.tableName ?? 'merge-sync';
  }

  /** The runtime's stores, read from outside (the runtime's DynamoDB endpoint). */
  view(): StoreView {
    const { dynamodb } = this.runtime;
    return {
      records: new DynamoRecordStore(dynamodb, this.tableName),
      states: new DynamoSyncStateStore(dynamodb, this.tableName),
      // Read from outside the runtime: whether a token is stored, never the token itself.
      accounts: new DynamoAccountStore(dynamodb, this.tableName, tokenSealer(undefined, undefined)),
      outbox: new DynamoOutboxStore(dynamodb, this.tableName),
      settings: this.settings,
    };
  }

  /** A webhook as Merge sends it (with its retries); `canLose`: it may be lost or sent twice. */
  async deliver(payload: WebhookPayload, canLose = true): Promise<void> {
    const { rng, ledger, sim } = this;
    if (canLose && rng.chance(0.1)) {
      ledger.webhooks.lost++;
      ledger.count('webhook-lost');
      return;
    }
    const copies = canLose && rng.chance(0.1) ? 2 : 1;
    if (copies === 2) ledger.count('webhook-duplicated');
    for (let i = 0; i < copies; i++) {
      const result = await sim.deliverWebhook(`${this.runtime.url}/webhooks/merge`, payload);
      ledger.webhooks.sent += result.attempts;
      const last = result.statuses.at(-1) ?? 0;
      if (last === 200) {
        ledger.webhooks.accepted++;
        const signature = canonicalSignature(sim.sign(JSON.stringify(payload)));
        ledger.accept(
          signature,
          `${payload.hook.event} #${ledger.webhooks.sent} restarts=${ledger.faults['runtime-restarted'].hit}`,
        );
      } else ledger.mismatch('decisions', `webhook answered ${result.statuses.join(',')}`);
      if (result.statuses.some((s) => s >= 500)) ledger.mismatches.receiver5xx++;
    }
  }

  async fetchInProgress(accountIds: readonly string[]): Promise<boolean> {
    for (const id of accountIds) {
      for (const state of await this.view().states.listForAccount(id))
        if (state.run && state.run.leaseUntil > 0) return true;
    }
    return false;
  }

  /** No message queued or in flight, and no fetch holding a lease. */
  async quiet(accountIds: readonly string[]): Promise<boolean> {
    const { runtime } = this;
    return (
      (await runtime.depth('events')) + (await runtime.depth('polls')) + (await runtime.depth('jobs')) ===
        0 && !(await this.fetchInProgress(accountIds))
    );
  }

  /** Stops the runtime with `signal` (in the middle of a fetch when there is one) and starts it again. */
  async restart(signal: 'SIGTERM' | 'SIGKILL', accountIds: readonly string[]): Promise<void> {
    const { runtime, ledger } = this;
    const inFetch = await waitFor(() => this.fetchInProgress(accountIds), 8_000);
    if (signal === 'SIGKILL') await waitFor(async () => (await runtime.depth('events')) === 0, 20_000);
    const code = await runtime.stop(signal);
    if (signal === 'SIGTERM' && code !== 0)
      ledger.mismatch('harness', `the runtime exited with ${code} on SIGTERM`);
    ledger.count('runtime-restarted');
    if (inFetch && signal === 'SIGKILL') ledger.count('handler-killed-mid-fetch');
    await runtime.start();
  }

  dedupeStatus(signature: string): Promise<string | undefined> {
    return readDedupeStatus(this.runtime.dynamodb, this.tableName, signature);
  }

  deadLetterDepth(queue: DeadLetterQueue): Promise<number> {
    return this.runtime.depth(queue);
  }

  /** GET on the runtime's read API; the answer's body. */
  async read(path: string): Promise<string> {
    return (await fetch(`${this.runtime.url}${path}`)).text();
  }

  /** Stops the runtime and removes its scratch directory (the simulator stays up for the result). */
  async stop(): Promise<void> {
    await this.runtime.stop('SIGTERM').catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
