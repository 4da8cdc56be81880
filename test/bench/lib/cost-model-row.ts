import { ASSUMPTIONS, MEMORY_MB, PRICES } from './cost-assumptions';
import { costInputsFrom } from './cost-inputs';
import { perMillionRecords, perMonth } from './cost-model';
import type { BenchRow } from './report';
import { round } from './report';

type Lines = Record<string, number>;
const total = (lines: Lines) => Object.values(lines).reduce((a, b) => a + b, 0);
const rounded = (lines: Lines): Lines =>
  Object.fromEntries(Object.entries(lines).map(([k, v]) => [k, round(v, 2)]));

export const README_ESTIMATE_PER_MONTH = 200;

/** The cost-model row: the README workload's monthly cost, as a ratio to the README's estimate. */
export function costModelRow(rows: BenchRow[]): BenchRow {
  const { inputs, missing } = costInputsFrom(rows);
  if (!inputs) {
    return {
      name: '7 cost model',
      figure: 'modelled $/month (README workload) / README estimate ($200)',
      ratio: null,
      target: '',
      met: null,
      median: Number.NaN,
      min: Number.NaN,
      max: Number.NaN,
      repeats: 0,
      details: { error: `inputs missing: ${missing.join(', ')}` },
    };
  }
  const daily = perMonth(inputs, { pollsPerDay: 1, fetchesPerDay: 1, webhooksPerDay: 1, reconcilePerDay: 1 });
  // Every model polled every 5 minutes, Merge syncing each hourly (a webhook and a fetch each).
  const fiveMinute = perMonth(inputs, {
    pollsPerDay: 288,
    fetchesPerDay: 24,
    webhooksPerDay: 24,
    reconcilePerDay: 1,
  });
  // The worst case: Merge syncs every model every 5 minutes too (its highest frequency on some
  // integrations), so every poll's period has a webhook and a fetch.
  const fiveMinuteMergeFiveMinute = perMonth(inputs, {
    pollsPerDay: 288,
    fetchesPerDay: 288,
    webhooksPerDay: 288,
    reconcilePerDay: 1,
  });
  // README: 3 models on the 5-minute tier, 2 daily; Merge syncs every model hourly and sends a
  // webhook each time (each answered by a fetch); polls every 5 minutes (one per account).
  const readme = perMonth(inputs, {
    pollsPerDay: 288 + 1,
    fetchesPerDay: 24,
    webhooksPerDay: 24,
    reconcilePerDay: 1,
  });
  const readmeTotal = total(readme.lines);
  const million = perMillionRecords(inputs);
  const millionFast = perMillionRecords(inputs, inputs.initial.simulatorPageMs);
  const ratio = readmeTotal / README_ESTIMATE_PER_MONTH;
  return {
    name: '7 cost model',
    figure: 'modelled $/month (README workload) / README estimate ($200)',
    ratio: round(ratio),
    target: '',
    met: null,
    median: round(readmeTotal, 2),
    min: round(readmeTotal, 2),
    max: round(readmeTotal, 2),
    repeats: 1,
    unit: '$/month',
    details: {
      perMillionRecordsInitialSync: { total: round(total(million), 2), lines: rounded(million) },
      perMillionRecordsAtSimulatorLatency: {
        total: round(total(millionFast), 2),
        lines: rounded(millionFast),
      },
      perMonthDailyCadence: {
        total: round(total(daily.lines), 2),
        lines: rounded(daily.lines),
        usage: daily.usage,
      },
      perMonthFiveMinuteCadence: {
        total: round(total(fiveMinute.lines), 2),
        lines: rounded(fiveMinute.lines),
        usage: fiveMinute.usage,
      },
      perMonthFiveMinuteCadenceMergeEveryFiveMinutes: {
        total: round(total(fiveMinuteMergeFiveMinute.lines), 2),
        lines: rounded(fiveMinuteMergeFiveMinute.lines),
        usage: fiveMinuteMergeFiveMinute.usage,
      },
      perMonthReadmeWorkload: {
        total: round(readmeTotal, 2),
        lines: rounded(readme.lines),
        usage: readme.usage,
      },
      readmeEstimate: README_ESTIMATE_PER_MONTH,
      measuredInputs: inputs,
      prices: PRICES,
      memoryMb: MEMORY_MB,
      assumptions: ASSUMPTIONS,
      notes: [
        'Lambda duration = Merge latency (assumed) + measured CPU scaled by 1769 MB / function memory; waits on SQS/DynamoDB assumed.',
        'DynamoDB units measured at the wire by item kind (records, their feed-index entries, sync state, pacer, outbox); UpdateItem/DeleteItem counted as 1 unit.',
        "Benchmark 3's cycle is split into: a poll finding nothing new (measured alone), a fetch's fixed part (bookkeeping requests, one after another, at the assumed DynamoDB latency), and a part per changed record (record + index + outbox units, a read, an event, the fetcher's CPU per record from benchmark 1); the event processor's share of a webhook is measured alone (its log bytes assumed equal to the receiver's).",
        'Daily: every poll finds a finished Merge sync and fetches. 5-minute cadence: every model polled every 5 minutes, Merge syncing each hourly (a webhook and a fetch each; the other polls find nothing new); the worst case has Merge syncing every 5 minutes too. README scenario: 3 models on the 5-minute tier, 2 daily, Merge syncing hourly.',
        'Polls: 50 an invocation, 25 at once; jobs: up to 10 an invocation, at once, when they arrive fast enough to fill a 1 s batching window; publish jobs for fetches with changes.',
        "Each fetch answers a Merge sync signalled by {Model}.synced: benchmark 3's quietSync (the webhook, its decision and a fetch finding nothing, measured whole) plus its changes; a share 1 - e^-(changes per fetch) of fetches find some and publish Sync Completed, quiet ones at most hourly per model (2 write units and an entry each); reconciliations are poll-triggered fetches (the cycle's fixed part).",
        'KMS: 4 keys; token data keys decrypted once per function instance (mean concurrency + 1, poller and fetcher), account and 30-minute cache period, at most once per poll or fetch; other key use (DynamoDB, SQS, Logs) about one request a minute per function and key.',
      ],
    },
  };
}
