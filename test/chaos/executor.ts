import { lambdaContext } from '../../infra/local/lambda-context';
import type { MergeSimulator } from '../../infra/local/merge-simulator';
import type { Fault, RecordOverrides, WebhookPayload } from '../../infra/local/merge-simulator/types';
import { resetProcessFailureBurstGuard } from '../../shared/merge/client';
import type { QueueName } from '../../shared/queue/messages';
import { QUEUE_DESIGN } from '../../shared/queue/queue-design';
import {
  checkCursor,
  compareStore,
  emptyMismatches,
  storedModels,
  totalMismatches,
  type CheckedAccount,
  type CursorSample,
  type Mismatches,
} from './checker';
import { findSecrets, type LogTap } from './lib/log-tap';
import { Prng } from './lib/prng';
import { collectDeadLetters, invokeOnce, sendRaw, settleQueues, type SqsHandlerFn } from './lib/queues';
import type { ChaosWorld, HttpAnswer } from './lib/world';
import {
  ALL_FAULT_KINDS,
  type AccountPlan,
  type FaultKind,
  type Scenario,
  type SimFaultKind,
  type Step,
} from './scenario';
import { allStored } from '../helpers/stored-records';

export interface FaultCount {
  injected: number;
  /** Times the fault actually hit (a simulator fault consumed by a request, a kill that landed...). */
  hit: number;
}

export interface RunResult {
  seed: number;
  mode: 'in-process' | 'runtime';
  featured: FaultKind;
  ok: boolean;
  durationMs: number;
  accounts: number;
  deletedAccounts: number;
  steps: number;
  faults: Record<FaultKind, FaultCount>;
  records: { compared: number; truth: number; stored: number; truncated: number };
  mismatches: Mismatches;
  webhooks: {
    sent: number;
    accepted: number;
    acceptedDistinct: number;
    processed: number;
    rejectedTooLarge: number;
    lost: number;
  };
  merge: { requests: number; failures: number; peakFailuresIn10s: number; peakRequestsPerMinute: number };
  logLines: number;
  /** Record events published after a newer version's event (a figure, not a mismatch: see BUG-9). */
  eventOrderInversions?: number;
  details: string[];
}

export const emptyFaults = (): Record<FaultKind, FaultCount> =>
  Object.fromEntries(ALL_FAULT_KINDS.map((k) => [k, { injected: 0, hit: 0 }])) as Record<
    FaultKind,
    FaultCount
  >;

interface RunAccount {
  plan: AccountPlan;
  id: string;
  token: string;
  deleted: boolean;
  /** Deleted by the run's own clean-up, not by its scenario. */
  retired?: boolean;
}

interface HeldWebhook {
  payload: WebhookPayload;
  releaseAt: number;
}

interface InjectedFault {
  kind: SimFaultKind;
  accountId: string;
  pathIncludes: string | null;
  family: Fault['kind'];
  remaining: number;
}

type WebhookLabel = 'linked' | 'sync' | 'changed' | 'deleted' | 'relink';

const HANDLER_NAMES: Record<QueueName, string> = {
  events: 'event-processor',
  polls: 'sync-status-poller',
  jobs: 'fetcher',
};
/** The functions' timeouts in the stack: the poller and fetcher need room for a 60 s Merge request. */
const HANDLER_TIMEOUTS: Record<QueueName, number> = {
  events: QUEUE_DESIGN.events.consumerTimeoutSeconds * 1000,
  polls: QUEUE_DESIGN.polls.consumerTimeoutSeconds * 1000,
  jobs: QUEUE_DESIGN.jobs.consumerTimeoutSeconds * 1000,
};

/** Plays one scenario against the in-process pipeline and checks the outcome. */
export class ChaosRun {
  private readonly rng: Prng;
  private sim!: MergeSimulator;
  private readonly accounts: RunAccount[] = [];
  private pendingChanges: {
    account: RunAccount;
    model: string;
    id: string;
    action: 'added' | 'changed' | 'removed';
  }[] = [];
  private held: HeldWebhook[] = [];
  private readonly injected: InjectedFault[] = [];
  private readonly unsubscribers: (() => void)[] = [];
  private readonly cursors = new Map<string, CursorSample>();
  private readonly acceptedSignatures = new Set<string>();
  private readonly poison: { queue: 'eventsDlq' | 'jobsDlq'; marker: string }[] = [];
  private readonly answers: string[] = [];
  private readonly faults = emptyFaults();
  private readonly mismatches = emptyMismatches();
  private readonly details: string[] = [];
  private readonly webhooks = {
    sent: 0,
    accepted: 0,
    acceptedDistinct: 0,
    processed: 0,
    rejectedTooLarge: 0,
    lost: 0,
  };
  private stepIndex = 0;
  private poisonCount = 0;
  private busStart = 0;
  /** Events of one record published after an event of a newer version (README: never; BUG-9). */
  private eventOrderInversions = 0;
  private readonly busThrottles: { seq: number }[] = [];

  constructor(
    private readonly world: ChaosWorld,
    private readonly scenario: Scenario,
    private readonly tap: LogTap,
  ) {
    this.rng = new Prng(scenario.seed ^ 0x5eed);
  }

  private note(line: string) {
    if (this.details.length < 40) this.details.push(line);
  }

  private count(kind: FaultKind, hit = true, injected = true) {
    if (injected) this.faults[kind].injected++;
    if (hit) this.faults[kind].hit++;
  }

  async run(): Promise<RunResult> {
    const started = Date.now();
    resetProcessFailureBurstGuard();
    this.tap.reset();
    const skew = this.scenario.mergeClockSkewMs;
    this.sim = await this.world.newSimulator({
      seed: this.scenario.seed,
      ...(skew !== 0 ? { now: () => Date.now() + skew } : {}),
    });
    if (skew !== 0) this.count('merge-clock-skew');
    this.busStart = this.lastBusSeq();
    let records = { compared: 0, truth: 0, stored: 0, truncated: 0 };
    try {
      for (const step of this.scenario.steps) {
        await this.releaseHeld(false);
        try {
          await this.play(step);
        } catch (error) {
          this.mismatches.harness++;
          this.note(
            `step ${this.stepIndex} ${step.kind} threw: ${error instanceof Error ? error.stack : String(error)}`,
          );
        }
        await this.sampleCursors();
        this.stepIndex++;
      }
      records = await this.settleAndCheck();
    } catch (error) {
      this.mismatches.harness++;
      this.note(`run failed: ${error instanceof Error ? error.stack : String(error)}`);
    } finally {
      for (const off of this.unsubscribers.splice(0)) off();
      this.attributeSimulatorFaults();
      await this.sim.close();
      this.world.proxy.setTarget(null);
    }
    const lines = this.tap.lines();
    const leaks = findSecrets([...lines, ...this.answers], this.secrets());
    this.mismatches.secretLeaks += leaks.length;
    for (const leak of leaks.slice(0, 3)) this.note(`secret in output: ${leak.excerpt}`);
    const requests = this.sim.requests;
    const perAccount = this.accounts.map((a) => this.sim.maxRequestsInWindow(a.id));
    const result: RunResult = {
      seed: this.scenario.seed,
      mode: 'in-process',
      featured: this.scenario.featured,
      ok: totalMismatches(this.mismatches) === 0,
      durationMs: Date.now() - started,
      accounts: this.accounts.length,
      deletedAccounts: this.accounts.filter((a) => a.deleted && !a.retired).length,
      steps: this.scenario.steps.length,
      faults: this.faults,
      records,
      mismatches: this.mismatches,
      webhooks: this.webhooks,
      merge: {
        requests: requests.length,
        failures: requests.filter((r) => r.status === 0 || (r.status >= 400 && r.status !== 429)).length,
        peakFailuresIn10s: this.sim.maxFailuresInWindow(),
        peakRequestsPerMinute: Math.max(0, ...perAccount),
      },
      logLines: lines.length,
      eventOrderInversions: this.eventOrderInversions,
      details: this.details,
    };
    this.tap.reset();
    return result;
  }

  private secrets(): string[] {
    return [this.world.apiKey, this.world.signingKey, ...this.accounts.map((a) => a.token)];
  }

  private account(index: number): RunAccount | undefined {
    const a = this.accounts[index];
    return a && !a.deleted ? a : undefined;
  }

  // Webhook delivery (Merge → our receiver), with the run's delivery faults.

  private async post(payload: WebhookPayload): Promise<HttpAnswer> {
    // Merge's policy: one attempt and two retries on anything but a 2xx or 4xx.
    let answer: HttpAnswer & { signature: string } = { status: 0, body: '', signature: '' };
    for (let attempt = 0; attempt < 3; attempt++) {
      answer = await this.world.postWebhook(this.sim, payload);
      this.webhooks.sent++;
      this.answers.push(answer.body);
      if (answer.status >= 500) {
        this.mismatches.receiver5xx++;
        this.note(`receiver answered ${answer.status}: ${answer.body}`);
        continue;
      }
      break;
    }
    if (answer.status === 200) {
      this.webhooks.accepted++;
      if (answer.body.includes('"accepted"')) this.acceptedSignatures.add(answer.signature);
    } else if (answer.status === 413) this.webhooks.rejectedTooLarge++;
    else {
      this.mismatches.decisions++;
      this.note(`a correctly signed webhook was answered ${answer.status}: ${answer.body}`);
    }
    return answer;
  }

  private async deliver(items: { payload: WebhookPayload; label: WebhookLabel }[]) {
    const d = this.scenario.delivery;
    const now: WebhookPayload[] = [];
    for (const { payload, label } of items) {
      const essential = label === 'linked' || label === 'deleted';
      if (!essential && this.rng.chance(d.drop)) {
        this.webhooks.lost++;
        this.count('webhook-lost');
        continue;
      }
      if (!essential && this.rng.chance(d.delay)) {
        this.held.push({ payload, releaseAt: this.stepIndex + this.rng.int(1, 3) });
        this.count('webhook-delayed');
        continue;
      }
      now.push(payload);
      if (this.rng.chance(d.duplicate)) {
        this.count('webhook-duplicated');
        if (this.rng.chance(0.5)) now.push(payload);
        else this.held.push({ payload, releaseAt: this.stepIndex + 1 });
      }
    }
    let ordered = now;
    if (now.length > 1 && this.rng.chance(d.reorder)) {
      ordered = this.rng.shuffle(now);
      if (ordered.some((p, i) => p !== now[i])) this.count('webhook-reordered');
    }
    for (const payload of ordered) await this.post(payload);
  }

  private async releaseHeld(all: boolean) {
    const due = this.held.filter((h) => all || h.releaseAt <= this.stepIndex);
    this.held = this.held.filter((h) => !due.includes(h));
    for (const h of due) await this.post(h.payload);
  }

  // Steps

  private async play(step: Step): Promise<void> {
    switch (step.kind) {
      case 'link':
        return this.link(step.account);
      case 'mergeSync':
        return this.mergeSync(step.account, step.result, step.signal);
      case 'failedThenDone':
        return this.failedThenDone(step.account);
      case 'upstream':
        return this.upstream(step.account, step.model, step.changes, step.odd, step.oversized);
      case 'changedWebhooks':
        return this.changedWebhooks();
      case 'simFault':
        return this.simFault(step.account, step.fault, step.model, step.times);
      case 'process':
        return this.process(step.rounds, step.parallelJobs);
      case 'redeliver':
        return this.redeliver(step.queue);
      case 'killBatch':
        return this.killBatch(step.queue);
      case 'killFetch':
        return this.killFetch(step.account, step.model, step.atPage);
      case 'failingFetch':
        return this.failingFetch(step.account, step.model, step.failures, step.status);
      case 'midPagination':
        return this.midPagination(step.account, step.model, step.atPage, step.changes);
      case 'doubleJob':
        return this.doubleJob(step.account, step.model);
      case 'relink':
        return this.relink(step.account);
      case 'deleteDuringFetch':
        return this.deleteDuringFetch(step.account, step.model);
      case 'poison':
        return this.poisonMessage(step.queue);
      case 'schedule':
        await this.world.schedule(step.tier ? { tier: step.tier } : { reconcile: true });
        return;
      case 'restart':
        return; // only the runtime runs restart
      case 'busThrottle':
        this.world.pipeline.bus.refuseNext(step.refusals);
        this.busThrottles.push({ seq: this.lastBusSeq() });
        this.faults['bus-throttled'].injected++;
        return;
      case 'oddStatus':
        return this.oddStatus(step.account, step.model, step.status, step.signal);
      case 'issue': {
        const account = this.account(step.account);
        if (!account) return;
        await this.deliver([
          {
            payload: this.sim.issueEvent(
              account.id,
              { status: step.status },
              step.status === 'RESOLVED' ? 'Issue.resolved' : 'Issue.new',
            ),
            label: 'sync',
          },
        ]);
        return;
      }
    }
  }

  private lastBusSeq(): number {
    return this.world.pipeline.bus.since(this.busStart).at(-1)?.seq ?? this.busStart;
  }

  private async oddStatus(index: number, modelId: string, status: string, signal: boolean) {
    const account = this.account(index);
    if (!account) return;
    this.count('sync-status-odd');
    this.sim.setModelStatus(account.id, modelId, status);
    if (signal)
      await this.deliver([{ payload: this.sim.modelSyncedEvent(account.id, modelId), label: 'sync' }]);
  }

  private async link(index: number) {
    const plan = this.scenario.accounts[index] as AccountPlan;
    const simAccount = this.sim.linkAccount({ category: plan.category });
    const account: RunAccount = { plan, id: simAccount.id, token: simAccount.accountToken, deleted: false };
    this.accounts[index] = account;
    for (const [modelId, count] of Object.entries(plan.seeds)) {
      if (count > 0) this.sim.seedRecords(simAccount.id, modelId, count);
    }
    await this.deliver([{ payload: this.sim.linkedEvent(simAccount.id), label: 'linked' }]);
  }

  private configuredModels(account: RunAccount): string[] {
    return this.world.settings.modelsForCategory(account.plan.category).map((m) => m.modelId);
  }

  private async mergeSync(
    index: number,
    result: 'DONE' | 'PARTIALLY_SYNCED',
    signal: 'account' | 'models' | 'none',
  ) {
    const account = this.account(index);
    if (!account) return;
    const syncing = this.sim.syncStatus(account.id).some((e) => e.status === 'SYNCING');
    if (syncing) this.sim.finishSync(account.id, { result });
    else this.sim.runSync(account.id, { result });
    if (signal === 'account')
      await this.deliver([{ payload: this.sim.syncCompletedEvent(account.id), label: 'sync' }]);
    if (signal === 'models')
      await this.deliver(
        this.configuredModels(account).map((m) => ({
          payload: this.sim.modelSyncedEvent(account.id, m),
          label: 'sync' as const,
        })),
      );
  }

  private async failedThenDone(index: number) {
    const account = this.account(index);
    if (!account) return;
    this.count('sync-failed-then-done');
    this.sim.startSync(account.id);
    this.sim.finishSync(account.id, { result: 'FAILED' });
    await this.post(this.sim.syncCompletedEvent(account.id));
    await this.drainEvents();
    for (const modelId of this.configuredModels(account)) {
      const state = await this.world.states.get(account.id, modelId);
      if (state.merge?.lastSyncResult !== 'FAILED' || !state.failedSyncs) {
        this.mismatches.decisions++;
        this.note(`${account.id} ${modelId}: Merge's FAILED sync was not recorded`);
      }
    }
    await this.process(2, 1);
    this.sim.runSync(account.id, { result: 'DONE' });
    await this.deliver(
      this.configuredModels(account).map((m) => ({
        payload: this.sim.modelSyncedEvent(account.id, m),
        label: 'sync' as const,
      })),
    );
  }

  private oddOverrides(modelId: string, n: number): RecordOverrides {
    const enumField: Record<string, string> = {
      'hris.Employee': 'employment_status',
      'ticketing.Ticket': 'status',
      'accounting.Invoice': 'status',
      'crm.Lead': 'lead_source',
      'filestorage.File': 'mime_type',
      'ats.Application': 'reject_reason',
    };
    const out: RecordOverrides = {
      [`x_chaos_unknown_${n}`]: { nested: [n, 'value', null], when: '2031-02-03T04:05:06+02:00' },
    };
    const field = enumField[modelId];
    if (field) out[field] = `CHAOS_UNKNOWN_ENUM_${n}`;
    return out;
  }

  private async upstream(index: number, modelId: string, changes: number, odd: boolean, oversized: boolean) {
    const account = this.account(index);
    if (!account) return;
    for (let i = 0; i < changes; i++) {
      const live = this.sim.records(account.id, modelId);
      const op = live.length === 0 ? 'add' : this.rng.weighted({ add: 4, update: 4, delete: 2 });
      const overrides: RecordOverrides = {
        ...(odd && this.rng.chance(0.5) ? this.oddOverrides(modelId, i) : {}),
        ...(oversized && i === 0 ? { x_chaos_blob: 'z'.repeat(400_000) } : {}),
      };
      if (op === 'add') {
        const record = this.sim.addRecord(account.id, modelId, overrides);
        this.pendingChanges.push({ account, model: modelId, id: record.id, action: 'added' });
      } else {
        const target = this.rng.pick(live);
        if (op === 'update') {
          this.sim.updateRecord(
            account.id,
            modelId,
            target.id,
            Object.keys(overrides).length > 0 ? overrides : undefined,
          );
          this.pendingChanges.push({ account, model: modelId, id: target.id, action: 'changed' });
        } else {
          this.sim.deleteRecord(account.id, modelId, target.id);
          this.pendingChanges.push({ account, model: modelId, id: target.id, action: 'removed' });
        }
      }
    }
  }

  private async changedWebhooks() {
    const items: { payload: WebhookPayload; label: WebhookLabel }[] = [];
    for (const change of this.pendingChanges) {
      if (change.account.deleted) continue;
      items.push({
        payload: this.sim.changedDataEvent(change.account.id, change.model, change.id, change.action),
        label: 'changed',
      });
    }
    this.pendingChanges = [];
    await this.deliver(items);
  }

  private modelPath(modelId: string): string {
    return this.world.settings.model(modelId)?.path ?? modelId;
  }

  private injectFault(kind: SimFaultKind, accountId: string, pathIncludes: string | null, times: number) {
    const match = { accountId, ...(pathIncludes ? { pathIncludes } : {}) };
    let fault: Fault;
    switch (kind) {
      case 'http429-retry-after-seconds':
        fault = {
          kind: 'http429',
          retryAfter: 'seconds',
          retryAfterSeconds: this.rng.int(1, 2),
          times,
          match,
        };
        break;
      case 'http429-retry-after-date':
        fault = { kind: 'http429', retryAfter: 'http-date', retryAfterSeconds: 2, times, match };
        break;
      case 'http429-no-retry-after':
        fault = { kind: 'http429', retryAfter: 'none', times, match };
        break;
      case 'http500':
        fault = { kind: 'http5xx', status: 500, times, match };
        break;
      case 'http502':
        fault = { kind: 'http5xx', status: 502, times, match };
        break;
      case 'http503':
        fault = { kind: 'http5xx', status: 503, times, match };
        break;
      case 'timeout':
        fault = { kind: 'timeout', times, match };
        break;
      case 'connection-reset':
        fault = { kind: 'reset', times, match };
        break;
      case 'slow-page':
        fault = { kind: 'slow', delayMs: this.rng.int(200, 1500), times, match };
        break;
      case 'malformed-page':
        fault = { kind: 'malformed', times, match };
        break;
    }
    this.sim.injectFault(fault);
    this.injected.push({ kind, accountId, pathIncludes, family: fault.kind, remaining: times });
    this.faults[kind].injected += times;
  }

  /** Credits each simulator fault a request actually took to the fault injected for it (FIFO, as the simulator takes them). */
  private attributeSimulatorFaults() {
    for (const entry of this.sim.requests) {
      if (!entry.fault) continue;
      const url = `${entry.path}?${new URLSearchParams(
        Object.entries(entry.query).flatMap(([k, v]): [string, string][] =>
          Array.isArray(v) ? v.map((x): [string, string] => [k, x]) : [[k, v]],
        ),
      ).toString()}`;
      const fault = this.injected.find(
        (f) =>
          f.remaining > 0 &&
          f.family === entry.fault &&
          f.accountId === entry.accountId &&
          (f.pathIncludes === null || url.includes(f.pathIncludes)),
      );
      if (!fault) continue;
      fault.remaining--;
      this.faults[fault.kind].hit++;
    }
  }

  private async simFault(index: number, kind: SimFaultKind, modelId: string | null, times: number) {
    const account = this.account(index);
    if (!account) return;
    const path = modelId ? `/${this.modelPath(modelId)}` : null;
    this.injectFault(kind, account.id, path, times);
  }

  private async process(rounds: number, parallelJobs: number) {
    const s = this.world.pipeline.sources;
    for (let r = 0; r < rounds; r++) {
      await Promise.all([
        s.events.pollOnce(0),
        s.polls.pollOnce(0),
        ...Array.from({ length: parallelJobs }, () => s.jobs.pollOnce(0)),
      ]);
    }
  }

  private async drainEvents() {
    for (let i = 0; i < 20; i++) {
      const r = await this.world.pipeline.sources.events.pollOnce(0);
      if (r.received === 0) return;
    }
  }

  private handler(queue: QueueName): SqsHandlerFn {
    const h = this.world.pipeline.handlers;
    return queue === 'events' ? h.eventProcessor : queue === 'polls' ? h.syncStatusPoller : h.fetcher;
  }

  private async redeliver(queue: QueueName) {
    const result = await invokeOnce(
      this.world.pipeline,
      queue,
      this.handler(queue),
      lambdaContext(HANDLER_NAMES[queue], HANDLER_TIMEOUTS[queue]),
      { keep: true },
    );
    if (result.received > 0) this.count('sqs-redelivery');
  }

  private async killBatch(queue: 'events' | 'polls') {
    const result = await invokeOnce(
      this.world.pipeline,
      queue,
      this.handler(queue),
      lambdaContext(HANDLER_NAMES[queue], HANDLER_TIMEOUTS[queue]),
      { keep: true, prefix: (n) => (n > 1 ? this.rng.int(1, n - 1) : 0) },
    );
    this.count('handler-killed-mid-batch', result.received > 0);
  }

  private async sendFetchJob(account: RunAccount, modelId: string, requestedAt = new Date().toISOString()) {
    await sendRaw(
      this.world.pipeline,
      'jobs',
      JSON.stringify({ v: 1, kind: 'fetch', accountId: account.id, modelId, reason: 'manual', requestedAt }),
    );
  }

  private async killFetch(index: number, modelId: string, atPage: number) {
    const account = this.account(index);
    if (!account) return;
    const all = this.sim.records(account.id, modelId, { includeDeleted: true });
    if (all.length <= 100 * atPage + 1)
      this.sim.seedRecords(account.id, modelId, 100 * atPage + 2 - all.length + this.rng.int(0, 60));
    let cut = false;
    const off = this.sim.onBeforePage((ctx) => {
      if (ctx.accountId === account.id && ctx.modelId === modelId && ctx.pageIndex >= atPage) cut = true;
    });
    this.unsubscribers.push(off);
    await this.sendFetchJob(account, modelId);
    for (let i = 0; i < 8 && !cut; i++) {
      const r = await invokeOnce(
        this.world.pipeline,
        'jobs',
        this.world.pipeline.handlers.fetcher,
        lambdaContext('fetcher', 300_000, () => cut),
        { max: 1 },
      );
      if (r.received === 0) break;
    }
    off();
    this.count('handler-killed-mid-fetch', cut);
  }

  private async failingFetch(index: number, modelId: string, failures: number, status: 500 | 502 | 503) {
    const account = this.account(index);
    if (!account) return;
    const kind: SimFaultKind = status === 500 ? 'http500' : status === 502 ? 'http502' : 'http503';
    const before = this.sim.requests.length;
    this.injectFault(kind, account.id, `/${this.modelPath(modelId)}`, failures);
    await this.sendFetchJob(account, modelId);
    await this.process(2, 1);
    const failed = this.sim.requests
      .slice(before)
      .filter((r) => r.accountId === account.id && r.status === status).length;
    this.count('fetch-merge-keeps-failing', failed >= 5);
  }

  private async midPagination(index: number, modelId: string, atPage: number, changes: number) {
    const account = this.account(index);
    if (!account) return;
    const all = this.sim.records(account.id, modelId, { includeDeleted: true });
    if (all.length <= 100 * atPage)
      this.sim.seedRecords(account.id, modelId, 100 * atPage - all.length + this.rng.int(1, 40));
    let fired = false;
    const withWebhooks = this.rng.chance(0.5);
    const off = this.sim.onBeforePage(async (ctx) => {
      if (fired || ctx.accountId !== account.id || ctx.modelId !== modelId || ctx.pageIndex !== atPage)
        return;
      fired = true;
      // Records of the pages already served (the previous one may be being stored right now).
      const served = this.sim.records(account.id, modelId).slice(0, 100 * atPage);
      const touched: { id: string; action: 'added' | 'changed' | 'removed' }[] = [];
      for (let i = 0; i < changes && served.length > 0; i++) {
        const target = this.rng.pick(served);
        if (i === 0) touched.push({ id: this.sim.addRecord(account.id, modelId).id, action: 'added' });
        else if (i === 1)
          touched.push({ id: this.sim.deleteRecord(account.id, modelId, target.id).id, action: 'removed' });
        else
          touched.push({ id: this.sim.updateRecord(account.id, modelId, target.id).id, action: 'changed' });
      }
      if (!withWebhooks) return;
      // Their webhooks, processed while the fetch stores a page holding the older versions.
      for (const t of touched)
        await this.post(this.sim.changedDataEvent(account.id, modelId, t.id, t.action));
      for (let i = 0; i < 3; i++) await this.world.pipeline.sources.events.pollOnce(0);
    });
    this.unsubscribers.push(off);
    await this.sendFetchJob(account, modelId);
    for (let i = 0; i < 6 && !fired; i++) await this.process(1, 1);
    await this.process(2, 1);
    off();
    this.count('modified-mid-pagination', fired);
  }

  private async doubleJob(index: number, modelId: string) {
    const account = this.account(index);
    if (!account) return;
    const requestedAt = new Date().toISOString();
    await this.sendFetchJob(account, modelId, requestedAt);
    await this.sendFetchJob(account, modelId, requestedAt);
    const [a, b] = await Promise.all([
      this.world.pipeline.sources.jobs.pollOnce(0),
      this.world.pipeline.sources.jobs.pollOnce(0),
    ]);
    this.count('two-fetch-jobs-at-once', (a?.received ?? 0) > 0 && (b?.received ?? 0) > 0);
  }

  private async relink(index: number) {
    const account = this.account(index);
    if (!account) return;
    this.count('relink');
    await this.deliver([{ payload: this.sim.linkedEvent(account.id, { isRelink: true }), label: 'relink' }]);
  }

  private async deleteDuringFetch(index: number, modelId: string) {
    const account = this.account(index);
    if (!account || this.accounts.filter((a) => !a.deleted).length < 2) return;
    let fired = false;
    const purgeNow = this.rng.chance(0.6);
    const remove = async (purgeNow: boolean) => {
      account.deleted = true;
      this.sim.deleteAccount(account.id);
      await this.post(this.sim.accountDeletedEvent(account.id));
      for (let i = 0; i < 10; i++) {
        await this.world.pipeline.sources.events.pollOnce(0);
        if ((await this.world.accounts.get(account.id))?.status === 'DELETED') break;
      }
      // The purge job runs at once, side by side with the fetch still storing its current page.
      if (purgeNow) for (let i = 0; i < 3; i++) await this.world.pipeline.sources.jobs.pollOnce(0);
    };
    // Fire while the fetch requests page 2, so the deletion (and maybe the purge) runs while page 1 is stored.
    const all = this.sim.records(account.id, modelId, { includeDeleted: true });
    if (all.length <= 101) this.sim.seedRecords(account.id, modelId, 102 - all.length + this.rng.int(0, 60));
    const off = this.sim.onBeforePage(async (ctx) => {
      if (fired || ctx.accountId !== account.id || ctx.modelId !== modelId || ctx.pageIndex < 1) return;
      fired = true;
      await remove(purgeNow);
    });
    this.unsubscribers.push(off);
    await this.sendFetchJob(account, modelId);
    for (let i = 0; i < 6 && !fired; i++) await this.process(1, 1);
    off();
    if (!fired) await remove(false);
    await this.process(2, 1);
    this.count('account-deleted-during-fetch', fired);
  }

  private async poisonMessage(queue: 'events' | 'jobs') {
    const marker = `chaos-poison-${this.scenario.seed}-${++this.poisonCount}`;
    const body =
      queue === 'events'
        ? `{"v":1,"kind":"webhook","poison":"${marker}"`
        : JSON.stringify({ v: 1, kind: 'fetch', poison: marker });
    await sendRaw(this.world.pipeline, queue, body);
    this.poison.push({ queue: queue === 'events' ? 'eventsDlq' : 'jobsDlq', marker });
    this.count('poison-message');
  }

  // Cursors (invariant 4), sampled after every step

  private async sampleCursors() {
    const overlap = this.world.settings.config.cursorOverlapSeconds;
    for (const account of this.accounts) {
      if (!account || account.deleted) continue;
      for (const state of await this.world.states.listForAccount(account.id)) {
        const key = `${account.id}/${state.modelId}`;
        const { sample, problems } = checkCursor(this.cursors.get(key), state, overlap);
        this.cursors.set(key, sample);
        for (const p of problems) {
          this.mismatches.cursor++;
          this.note(`${key}: ${p}`);
        }
      }
    }
  }

  // Settle and check

  private async settleAndCheck() {
    const world = this.world;
    for (const off of this.unsubscribers.splice(0)) off();
    this.sim.clearFaults();
    for (const throttle of this.busThrottles) {
      if (this.world.pipeline.bus.since(throttle.seq).length > 0) this.faults['bus-throttled'].hit++;
    }
    this.world.pipeline.bus.refuseNext(0);
    await this.releaseHeld(true);
    for (const account of this.accounts) {
      if (!account || account.deleted) continue;
      // Every model, paused or disabled ones included: Merge completes a sync of all of them.
      const models = this.sim.syncStatus(account.id).map((e) => e.model_id);
      this.sim.runSync(account.id, { models, result: 'DONE' });
      await this.post(this.sim.syncCompletedEvent(account.id));
    }
    await world.schedule({ reconcile: true });
    await this.settle();
    await this.sampleCursors();
    const checked: CheckedAccount[] = this.accounts
      .filter((a): a is RunAccount => !!a)
      .map((a) => ({ id: a.id, category: a.plan.category, deleted: a.deleted }));
    const records = await compareStore(world, this.sim, checked, this.mismatches, this.details);

    // Every accepted webhook was processed (its dedupe marker is DONE).
    this.webhooks.acceptedDistinct = this.acceptedSignatures.size;
    for (const signature of this.acceptedSignatures) {
      if ((await world.dedupeStatus(signature)) === 'DONE') this.webhooks.processed++;
      else {
        this.mismatches.unprocessedWebhooks++;
        this.note(`accepted webhook never processed (signature ${signature.slice(0, 8)}…)`);
      }
    }

    // An idle pass: every schedule and a reconciliation again. Nothing changed upstream, so nothing is
    // written; a deleted account sees no request at all.
    const live = checked.filter((c) => !c.deleted);
    const pendingEvents = new Set<string>();
    for (const a of live)
      for (const batch of await world.outbox.listForAccount(a.id))
        for (const entry of batch.entries)
          if (entry.type === 'record') pendingEvents.add(`${entry.id}:${entry.contentHash}`);
    const idleBusStart = this.lastBusSeq();
    const mark = this.sim.requests.length;
    const before = new Map<string, string | undefined>();
    for (const a of checked.filter((c) => !c.deleted))
      for (const s of await world.states.listForAccount(a.id))
        before.set(`${a.id}/${s.modelId}`, s.lastRun?.id);
    for (const tier of world.settings.config.tiers) await world.schedule({ tier: tier.name });
    await world.schedule({ reconcile: true });
    await this.settle();
    await this.sampleCursors();
    for (const a of checked.filter((c) => !c.deleted)) {
      for (const s of await world.states.listForAccount(a.id)) {
        if (!s.lastRun || s.lastRun.id === before.get(`${a.id}/${s.modelId}`)) continue;
        const writes = s.lastRun.counts.added + s.lastRun.counts.changed + s.lastRun.counts.deleted;
        if (writes > 0) {
          this.mismatches.wastedWrites += writes;
          this.note(`${a.id}/${s.modelId}: idle fetch wrote ${writes} record(s)`);
        }
      }
    }
    const deletedIds = new Set(checked.filter((c) => c.deleted).map((c) => c.id));
    const late = this.sim.requests.slice(mark).filter((r) => r.accountId && deletedIds.has(r.accountId));
    this.mismatches.postDeleteRequests += late.length;
    if (late.length > 0) this.note(`${late.length} request(s) for deleted accounts in the idle pass`);
    const drift = emptyMismatches();
    await compareStore(world, this.sim, checked, drift, []);
    this.mismatches.idleDrift += totalMismatches(drift);
    await this.checkEvents(live, idleBusStart, pendingEvents);

    // Tenant isolation at the wire: every request carried a live token of an account of the path's category.
    for (const r of this.sim.requests) {
      if (r.path.endsWith('/linked-accounts')) continue;
      const liveAccount = checked.find((c) => c.id === r.accountId);
      if (!r.accountId || !liveAccount) {
        this.mismatches.tenant++;
        this.note(`request ${r.path} without a known account token`);
      } else if (!r.path.startsWith(`/api/${liveAccount.category}/`)) {
        this.mismatches.tenant++;
        this.note(`request ${r.path} with the token of a ${liveAccount.category} account`);
      } else if (r.tokenMatchesAccount === false && !liveAccount.deleted) {
        this.mismatches.tenant++;
        this.note(`request ${r.path} refused a live account's token`);
      }
    }
    await this.checkReadApi(checked);
    await this.checkDeadLetters();
    await this.retire();
    return records;
  }

  /**
   * Runs share one pipeline: the run's accounts are deleted (at Merge, then by LinkedAccount.deleted)
   * so that later runs' schedules never poll them. Their purge is checked like any deletion.
   */
  private async retire() {
    const live = this.accounts.filter((a) => a && !a.deleted);
    for (const account of live) {
      this.sim.deleteAccount(account.id);
      await this.post(this.sim.accountDeletedEvent(account.id));
    }
    await this.settle();
    const leftovers = emptyMismatches();
    await compareStore(
      this.world,
      this.sim,
      live.map((a) => ({ id: a.id, category: a.plan.category, deleted: true })),
      leftovers,
      this.details,
    );
    this.mismatches.deletedAccountLeftovers += leftovers.deletedAccountLeftovers;
    for (const account of live) {
      account.deleted = true;
      account.retired = true;
    }
    const dead = await Promise.all(
      ['eventsDlq', 'pollsDlq', 'jobsDlq'].map((q) => this.world.pipeline.queueDepth(q as 'eventsDlq')),
    );
    const stray = dead.reduce((n, d) => n + d.visible + d.inFlight, 0);
    if (stray > 0) {
      this.mismatches.dlqUnexpected += stray;
      this.note(`${stray} dead letter(s) while retiring the run's accounts`);
      for (const q of ['eventsDlq', 'pollsDlq', 'jobsDlq'] as const)
        await collectDeadLetters(this.world.pipeline, q);
    }
  }

  /**
   * Change events: every stored record's latest version is on the bus (a consumer of the bus ends
   * with the store's content), and the idle pass put no record event there (invariant 9), except
   * events still owed from the outbox when it began.
   */
  private async checkEvents(live: CheckedAccount[], idleBusStart: number, pendingEvents: Set<string>) {
    const ids = new Set(live.map((a) => a.id));
    // What a consumer following the README ends with: per record, the version with the greatest
    // modifiedAt, a deletion winning a tie.
    const latest = new Map<string, { seq: number; hash: string; modifiedAt: string; deleted: boolean }>();
    const lastPublished = new Map<string, string>();
    for (const e of this.world.pipeline.bus.since(this.busStart)) {
      if (!e.detailType.startsWith('Merge Record')) continue;
      const d = e.detail as {
        accountId?: string;
        modelId?: string;
        recordId?: string;
        contentHash?: string;
        modifiedAt?: string | null;
        deleted?: boolean;
      };
      if (!d.accountId || !ids.has(d.accountId)) continue;
      const key = `${d.accountId}/${d.modelId}/${d.recordId}`;
      const modifiedAt = d.modifiedAt ?? '';
      const seen = latest.get(key);
      const deleted = d.deleted === true;
      if (
        !seen ||
        modifiedAt > seen.modifiedAt ||
        (modifiedAt === seen.modifiedAt && (deleted || !seen.deleted))
      )
        latest.set(key, { seq: e.seq, hash: d.contentHash ?? '', modifiedAt, deleted });
      // Counted, not a mismatch: order is not promised (README), but how often it happens is a figure.
      const previous = lastPublished.get(key);
      if (previous !== undefined && modifiedAt < previous) this.eventOrderInversions++;
      lastPublished.set(key, modifiedAt);
      if (e.seq > idleBusStart && !pendingEvents.has(`${d.recordId}:${d.contentHash}`)) {
        this.mismatches.wastedEvents++;
        this.note(`idle pass emitted ${e.detailType} for ${d.modelId} ${d.recordId}`);
      }
    }
    for (const account of live) {
      for (const modelId of storedModels(this.world.settings, account.category)) {
        for (const record of await allStored(this.world.records, account.id, modelId)) {
          const event = latest.get(`${account.id}/${modelId}/${record.id}`);
          if (event?.hash === record.contentHash) continue;
          this.mismatches.eventsMissing++;
          const history = this.world.pipeline.bus
            .since(this.busStart)
            .filter((e) => (e.detail as { recordId?: string }).recordId === record.id)
            .map((e) => {
              const d = e.detail as { modifiedAt?: string; contentHash?: string };
              return `#${e.seq} ${e.detailType.replace('Merge Record ', '')} ${d.modifiedAt ?? '?'}${d.contentHash === record.contentHash ? ' (stored)' : ''}`;
            });
          this.note(
            `${account.id} ${modelId} ${record.id}: stored version (modified ${String(record.data.modified_at)}) not last on the bus: ${history.join(', ') || 'no event'}`,
          );
        }
      }
    }
  }

  private async settle() {
    try {
      await settleQueues(this.world.pipeline, { timeoutMs: 150_000, jobsConcurrency: 2 });
    } catch (error) {
      this.mismatches.harness++;
      this.note(error instanceof Error ? error.message : String(error));
    }
  }

  /** The read API never shows one account's records under another account's id. */
  private async checkReadApi(accounts: CheckedAccount[]) {
    const list = await this.world.read('/accounts');
    this.answers.push(list.body);
    for (const account of accounts) {
      const state = await this.world.read(`/accounts/${account.id}/sync-state`);
      this.answers.push(state.body);
      if (account.deleted) continue;
      for (const modelId of storedModels(this.world.settings, account.category)) {
        const own = new Set(this.sim.records(account.id, modelId, { includeDeleted: true }).map((r) => r.id));
        let cursor: string | undefined;
        for (let page = 0; page < 50; page++) {
          const answer = await this.world.read(`/accounts/${account.id}/records/${modelId}`, {
            include_deleted: 'true',
            page_size: '1000',
            ...(cursor ? { cursor } : {}),
          });
          this.answers.push(answer.body);
          if (answer.status !== 200) {
            this.mismatches.tenant++;
            this.note(`read API ${account.id}/${modelId} answered ${answer.status}`);
            break;
          }
          const body = JSON.parse(answer.body) as {
            results: { id: string }[];
            next: string | null;
            has_more?: boolean;
          };
          for (const r of body.results) {
            if (!own.has(r.id)) {
              this.mismatches.tenant++;
              this.note(`read API returned ${r.id} under account ${account.id}`);
            }
          }
          if (!body.has_more || !body.next) break;
          cursor = body.next;
        }
      }
      const other = accounts.find((a) => a.category !== account.category);
      if (other) {
        const foreignModel = storedModels(this.world.settings, other.category)[0] as string;
        const answer = await this.world.read(`/accounts/${account.id}/records/${foreignModel}`);
        if (answer.status !== 404) {
          this.mismatches.tenant++;
          this.note(`read API served ${foreignModel} for a ${account.category} account (${answer.status})`);
        }
      }
    }
  }

  private async checkDeadLetters() {
    for (const queue of ['eventsDlq', 'pollsDlq', 'jobsDlq'] as const) {
      const bodies = await collectDeadLetters(this.world.pipeline, queue);
      const expected = this.poison.filter((p) => p.queue === queue);
      for (const body of bodies) {
        const index = expected.findIndex((p) => body.includes(p.marker));
        if (index >= 0) expected.splice(index, 1);
        else {
          this.mismatches.dlqUnexpected++;
          this.note(`unexpected dead letter in ${queue}: ${body.slice(0, 300)}`);
        }
      }
      for (const missing of expected) {
        this.mismatches.dlqMissing++;
        this.note(`poisoned message ${missing.marker} never reached ${queue}`);
      }
    }
  }
}
