import type { MergeSimulator } from '../../../infra/local/merge-simulator';
import type { LocalPipeline } from '../../../infra/local/pipeline';
import type { CursorWatch } from '../checks/cursor';
import type { CheckedAccount, InjectedBadRecord } from '../checks/mismatches';
import type { RunLedger } from '../ledger';
import type { Prng } from '../lib/prng';
import type { ChaosWorld } from '../lib/world';
import type { AccountPlan, Scenario } from '../scenario-types';
import type { SimFaultBook } from '../sim-faults';
import type { WriteBook } from '../write-book';
import type { InProcessTransport } from './transport';

export interface RunAccount {
  plan: AccountPlan;
  id: string;
  token: string;
  deleted: boolean;
  /** Tokens Merge replaced (a regeneration): secrets too, never to be used again. */
  formerTokens?: string[];
  /** Deleted by the run's own clean-up, not by its scenario. */
  retired?: boolean;
  /** Records Merge serves that cannot be stored as they are (steps/bad-records.ts). */
  badRecords?: InjectedBadRecord[];
}

/** The run's linked accounts, by the scenario's account index. */
export class RunAccounts {
  private readonly list: RunAccount[] = [];

  constructor(private readonly world: ChaosWorld) {}

  add(index: number, account: RunAccount): void {
    this.list[index] = account;
  }

  /** The account at `index` if it is linked and not deleted. */
  live(index: number): RunAccount | undefined {
    const a = this.list[index];
    return a && !a.deleted ? a : undefined;
  }

  /** An index no account of the run has: for an account a step links beyond the scenario's. */
  nextIndex(): number {
    return this.list.length;
  }

  all(): RunAccount[] {
    return this.list.filter((a): a is RunAccount => !!a);
  }

  liveOnes(): RunAccount[] {
    return this.all().filter((a) => !a.deleted);
  }

  checked(): CheckedAccount[] {
    return this.all().map((a) => ({
      id: a.id,
      category: a.plan.category,
      deleted: a.deleted,
      ...(a.plan.models ? { models: a.plan.models } : {}),
      ...(a.badRecords ? { badRecords: a.badRecords } : {}),
    }));
  }

  /** The models the account syncs: its plan's, or every configured model of its category. */
  configuredModels(account: RunAccount): string[] {
    return (
      account.plan.models ??
      this.world.settings.modelsForCategory(account.plan.category).map((m) => m.modelId)
    );
  }
}

/** The change-event bus as the run watches it: from where the run began. */
export class BusWatch {
  readonly start: number;
  private readonly throttles: number[] = [];

  constructor(private readonly bus: LocalPipeline['bus']) {
    this.start = bus.since(0).at(-1)?.seq ?? 0;
  }

  lastSeq(): number {
    return this.bus.since(this.start).at(-1)?.seq ?? this.start;
  }

  /** The bus refuses its next `refusals` entries (a throttled PutEvents). */
  throttle(refusals: number, ledger: RunLedger): void {
    this.bus.refuseNext(refusals);
    this.throttles.push(this.lastSeq());
    ledger.faults['bus-throttled'].injected++;
  }

  /** A throttle hit if anything was published after it (the engine retried its way through). */
  creditThrottles(ledger: RunLedger): void {
    for (const seq of this.throttles)
      if (this.bus.since(seq).length > 0) ledger.faults['bus-throttled'].hit++;
  }

  stopThrottling(): void {
    this.bus.refuseNext(0);
  }
}

/** An upstream change whose changed-data webhook the run still has to send. */
export interface PendingChange {
  account: RunAccount;
  model: string;
  id: string;
  action: 'added' | 'changed' | 'removed';
}

/** Everything a step of an in-process run works with. */
export interface RunContext {
  readonly world: ChaosWorld;
  readonly sim: MergeSimulator;
  readonly scenario: Scenario;
  /** The run's own choices (which record, which webhook is lost), seeded from the scenario's seed. */
  readonly rng: Prng;
  readonly ledger: RunLedger;
  readonly transport: InProcessTransport;
  readonly simFaults: SimFaultBook;
  readonly accounts: RunAccounts;
  readonly bus: BusWatch;
  readonly cursors: CursorWatch;
  readonly pendingChanges: PendingChange[];
  /** The writes back to Merge the run's writes steps made. */
  readonly writes: WriteBook;
  /** Removes the simulator hooks a step left in place (when the run ends). */
  readonly hooks: (() => void)[];
}
