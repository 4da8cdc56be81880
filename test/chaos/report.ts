import { emptyMismatches, totalMismatches, type Mismatches } from './checks/mismatches';
import { emptyFaults, type FaultCount, type RunResult } from './run-result';
import { ALL_FAULT_KINDS, type FaultKind } from './fault-kinds';

/** The figures of a whole profile, as RELIABILITY.md and results/latest.json report them. */
export interface ChaosSummary {
  runs: number;
  seeds: number[];
  failedSeeds: number[];
  durationMs: number;
  totalMismatches: number;
  mismatches: Mismatches;
  faults: Record<FaultKind, FaultCount>;
  faultKindsNeverHit: FaultKind[];
  records: { compared: number; truth: number; stored: number; truncated: number };
  webhooks: RunResult['webhooks'];
  merge: { requests: number; failures: number; peakFailuresIn10s: number; peakRequestsPerMinute: number };
  accounts: number;
  deletedAccounts: number;
  /** Record events published after a newer version's event (README promises none; BUG-9). */
  eventOrderInversions: number;
  slowestRun: { seed: number; ms: number } | null;
}

export function summarize(results: readonly RunResult[], durationMs: number): ChaosSummary {
  const mismatches = emptyMismatches();
  const faults = emptyFaults();
  const records = { compared: 0, truth: 0, stored: 0, truncated: 0 };
  const webhooks = { sent: 0, accepted: 0, acceptedDistinct: 0, processed: 0, rejectedTooLarge: 0, lost: 0 };
  const merge = { requests: 0, failures: 0, peakFailuresIn10s: 0, peakRequestsPerMinute: 0 };
  let accounts = 0;
  let deletedAccounts = 0;
  for (const r of results) {
    for (const k of Object.keys(mismatches) as (keyof Mismatches)[]) mismatches[k] += r.mismatches[k];
    for (const k of ALL_FAULT_KINDS) {
      faults[k].injected += r.faults[k].injected;
      faults[k].hit += r.faults[k].hit;
    }
    for (const k of Object.keys(records) as (keyof typeof records)[]) records[k] += r.records[k];
    for (const k of Object.keys(webhooks) as (keyof typeof webhooks)[]) webhooks[k] += r.webhooks[k];
    merge.requests += r.merge.requests;
    merge.failures += r.merge.failures;
    merge.peakFailuresIn10s = Math.max(merge.peakFailuresIn10s, r.merge.peakFailuresIn10s);
    merge.peakRequestsPerMinute = Math.max(merge.peakRequestsPerMinute, r.merge.peakRequestsPerMinute);
    accounts += r.accounts;
    deletedAccounts += r.deletedAccounts;
  }
  const slowest = [...results].sort((a, b) => b.durationMs - a.durationMs)[0];
  return {
    runs: results.length,
    seeds: results.map((r) => r.seed),
    failedSeeds: results.filter((r) => !r.ok).map((r) => r.seed),
    durationMs,
    totalMismatches: totalMismatches(mismatches),
    mismatches,
    faults,
    faultKindsNeverHit: ALL_FAULT_KINDS.filter((k) => faults[k].hit === 0),
    records,
    webhooks,
    merge,
    accounts,
    deletedAccounts,
    eventOrderInversions: results.reduce((n, r) => n + (r.eventOrderInversions ?? 0), 0),
    slowestRun: slowest ? { seed: slowest.seed, ms: slowest.durationMs } : null,
  };
}

const pad = (s: string | number, n: number) => String(s).padEnd(n);
const padL = (s: string | number, n: number) => String(s).padStart(n);

export function runLine(r: RunResult): string {
  const hits = ALL_FAULT_KINDS.filter((k) => r.faults[k].hit > 0).length;
  const bad = Object.entries(r.mismatches)
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return [
    `seed ${padL(r.seed, 5)}`,
    pad(r.mode === 'runtime' ? 'runtime' : 'in-proc', 7),
    pad(r.ok ? 'ok' : 'FAIL', 4),
    `${padL((r.durationMs / 1000).toFixed(1), 6)} s`,
    `accounts ${r.accounts}${r.deletedAccounts ? ` (-${r.deletedAccounts})` : ''}`,
    `records ${padL(r.records.compared, 5)}`,
    `webhooks ${padL(r.webhooks.processed, 3)}/${padL(r.webhooks.acceptedDistinct, 3)}`,
    `fault kinds ${padL(hits, 2)}`,
    `featured ${r.featured}`,
    bad ? `MISMATCHES ${bad}${r.failedChecks ? ` (checks failed: ${r.failedChecks.join(', ')})` : ''}` : '',
  ].join('  ');
}

export function summaryTable(s: ChaosSummary): string {
  const lines: string[] = [];
  lines.push(
    `runs ${s.runs} (seeds ${s.seeds.length > 0 ? `${Math.min(...s.seeds)}..${Math.max(...s.seeds)}` : '-'}), ` +
      `${(s.durationMs / 1000).toFixed(0)} s, mismatches ${s.totalMismatches}` +
      (s.failedSeeds.length ? `, FAILED seeds ${s.failedSeeds.join(', ')}` : ''),
  );
  lines.push(
    `records compared ${s.records.compared} (stored ${s.records.stored}, truncated ${s.records.truncated}); ` +
      `accounts ${s.accounts} (${s.deletedAccounts} deleted)`,
  );
  lines.push(
    `webhooks sent ${s.webhooks.sent}, accepted ${s.webhooks.accepted} (${s.webhooks.acceptedDistinct} distinct), ` +
      `processed ${s.webhooks.processed}, lost on purpose ${s.webhooks.lost}, 413 too large ${s.webhooks.rejectedTooLarge}`,
  );
  lines.push(
    `Merge requests ${s.merge.requests}, failing ${s.merge.failures}, peak failures in 10 s ${s.merge.peakFailuresIn10s}`,
  );
  lines.push(`record events published after a newer version's event: ${s.eventOrderInversions}`);
  lines.push('');
  lines.push(`${pad('fault kind', 32)}${padL('injected', 9)}${padL('hit', 7)}`);
  for (const k of ALL_FAULT_KINDS) {
    lines.push(`${pad(k, 32)}${padL(s.faults[k].injected, 9)}${padL(s.faults[k].hit, 7)}`);
  }
  lines.push('');
  lines.push(`${pad('mismatch', 28)}${padL('count', 7)}`);
  for (const [k, v] of Object.entries(s.mismatches)) lines.push(`${pad(k, 28)}${padL(v, 7)}`);
  return lines.join('\n');
}
