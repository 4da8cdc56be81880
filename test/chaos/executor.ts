import type { MergeSimulator } from '../../infra/local/merge-simulator';
import { resetProcessFailureBurstGuard } from '../../shared/merge/client';
import { CursorWatch } from './checks/cursor';
import { CHECK } from './checks/names';
import { noSecretsInOutput } from './checks/secrets';
import type { RecordFigures } from './checks/store';
import { BusWatch, RunAccounts, type RunContext } from './in-process/context';
import { sampleCursors, settleAndCheck } from './in-process/settle-and-check';
import { InProcessTransport } from './in-process/transport';
import { RunLedger } from './ledger';
import type { LogTap } from './lib/log-tap';
import { Prng } from './lib/prng';
import type { ChaosWorld } from './lib/world';
import { emptyRecordFigures, type RunResult } from './run-result';
import type { Scenario } from './scenario-types';
import { SimFaultBook } from './sim-faults';
import { playStep } from './steps/registry';

export { emptyFaults, type FaultCount, type RunResult } from './run-result';

/**
 * Plays one scenario against the in-process pipeline and checks the outcome: each step through the
 * step registry (steps/), then the settle phase and the named checks (in-process/settle-and-check.ts);
 * what was sent, expected and observed is kept in the run's ledger.
 */
export class ChaosRun {
  private readonly ledger = new RunLedger();

  constructor(
    private readonly world: ChaosWorld,
    private readonly scenario: Scenario,
    private readonly tap: LogTap,
  ) {}

  async run(): Promise<RunResult> {
    const { world, scenario, ledger, tap } = this;
    const started = Date.now();
    resetProcessFailureBurstGuard();
    tap.reset();
    const skew = scenario.mergeClockSkewMs;
    const sim = await world.newSimulator({
      seed: scenario.seed,
      ...(scenario.modelIdSpelling ? { modelIdSpelling: scenario.modelIdSpelling } : {}),
      ...(skew !== 0 ? { now: () => Date.now() + skew } : {}),
    });
    if (skew !== 0) ledger.count('merge-clock-skew');
    const ctx = this.context(sim);
    let records: RecordFigures = emptyRecordFigures();
    try {
      for (const step of scenario.steps) {
        await ctx.transport.releaseHeld(false);
        try {
          await playStep(ctx, step);
        } catch (error) {
          ledger.mismatch(
            'harness',
            `step ${ctx.transport.stepIndex} ${step.kind} threw: ${error instanceof Error ? error.stack : String(error)}`,
          );
        }
        await sampleCursors(ctx);
        ctx.transport.stepIndex++;
      }
      records = await settleAndCheck(ctx);
    } catch (error) {
      ledger.mismatch('harness', `run failed: ${error instanceof Error ? error.stack : String(error)}`);
    } finally {
      for (const off of ctx.hooks.splice(0)) off();
      ctx.simFaults.attribute();
      await sim.close();
      world.proxy.setTarget(null);
    }
    const lines = tap.lines();
    const accounts = ctx.accounts.all();
    const secrets = [
      world.apiKey,
      world.signingKey,
      ...accounts.flatMap((a) => [a.token, ...(a.formerTokens ?? [])]),
    ];
    await ledger.runCheck(CHECK.secrets, () =>
      noSecretsInOutput(ledger, [...lines, ...ledger.answers], secrets),
    );
    const result = ledger.result(sim, {
      seed: scenario.seed,
      mode: 'in-process',
      featured: scenario.featured,
      started,
      accountIds: accounts.map((a) => a.id),
      deletedAccounts: accounts.filter((a) => a.deleted && !a.retired).length,
      steps: scenario.steps.length,
      records,
      logLines: lines.length,
      eventOrderInversions: ledger.eventOrderInversions,
    });
    tap.reset();
    return result;
  }

  private context(sim: MergeSimulator): RunContext {
    const { world, scenario, ledger } = this;
    // The run's own choices come from the seed too, apart from the scenario's.
    const rng = new Prng(scenario.seed ^ 0x5eed);
    return {
      world,
      sim,
      scenario,
      rng,
      ledger,
      transport: new InProcessTransport(world, sim, rng, ledger, scenario.delivery),
      simFaults: new SimFaultBook(sim, ledger),
      accounts: new RunAccounts(world),
      bus: new BusWatch(world.pipeline.bus),
      cursors: new CursorWatch(world.settings.config.cursorOverlapSeconds),
      pendingChanges: [],
      hooks: [],
    };
  }
}
