import { Prng } from './lib/prng';
import { WRITE_FAULTS, type AccountPlan, type Step } from './scenario-types';

/**
 * Writes back to Merge in a scenario: a few writes steps spliced into the body at points drawn from
 * their own generator (a fork of the seed), so the rest of every recorded seed's scenario stays the
 * scenario it always was.
 */
export function withWriteSteps(seed: number, accounts: readonly AccountPlan[], body: Step[]): Step[] {
  const rng = new Prng(seed ^ 0x7717e5);
  const out = [...body];
  const count = rng.int(1, 3);
  for (let i = 0; i < count; i++) {
    const step: Step = {
      kind: 'writes',
      account: rng.int(0, accounts.length - 1),
      count: rng.int(1, 4),
      fault: rng.pick(WRITE_FAULTS),
      via: rng.chance(0.3) ? 'bus' : 'api',
      resubmit: rng.chance(0.4),
    };
    // After the initial syncs' first processing round: the accounts exist by then.
    const firstProcess = out.findIndex((s) => s.kind === 'process');
    out.splice(rng.int(firstProcess + 1, out.length), 0, step);
  }
  return out;
}
