/**
 * `npm run bench [-- --quick] [-- --only 1,3]`: runs every benchmark in its own child process (its
 * CPU, memory and timings are its own), collects the rows
 * each prints, adds the cost model (7) from their measurements, prints a table and writes
 * test/bench/results.json (and a copy per run under test/bench/results/).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import * as path from 'node:path';
import { format, resolveConfig } from 'prettier';
import { costModelRow } from './lib/cost-model-row';
import { RESULT_MARKER, round, type BenchRow } from './lib/report';

const BENCHES = [
  { id: '1', file: 'write-overlap.ts', title: 'write overlap' },
  { id: '2', file: 'budget-use.ts', title: 'budget use' },
  { id: '3', file: 'incremental.ts', title: 'incremental cost' },
  { id: '4', file: 'webhook-receiver.ts', title: 'webhook receiver' },
  { id: '5', file: 'cold-start.ts', title: 'cold start' },
  { id: '6', file: 'memory.ts', title: 'memory' },
  { id: '8', file: 'all-models.ts', title: 'every HRIS model' },
  { id: '9', file: 'scale.ts', title: 'scale' },
  { id: '10', file: 'writes.ts', title: 'writes back to Merge', quickTimeoutMs: 400_000 },
] as const;

const ROOT = path.resolve(__dirname, '../..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((a) => a.startsWith('--only'));
const only = onlyArg
  ? new Set(
      (onlyArg.includes('=') ? onlyArg.split('=')[1] : args[args.indexOf(onlyArg) + 1])?.split(',') ?? [],
    )
  : undefined;

const git = (...argv: string[]) => {
  try {
    return execFileSync('git', argv, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
};

function runBench(
  bench: (typeof BENCHES)[number],
): Promise<{ rows: BenchRow[]; seconds: number; error?: string }> {
  const started = Date.now();
  const timeoutMs = quick ? ('quickTimeoutMs' in bench ? bench.quickTimeoutMs : 150_000) : 3_600_000;
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, bench.file), ...(quick ? ['--quick'] : [])],
      {
        cwd: ROOT,
        // Every AWS client here speaks to a local emulator: a shell without AWS settings still runs.
        env: {
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
          ...process.env,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let marked = '';
    let tail = '';
    let stderr = '';
    // stdout also carries the functions' JSON logs and metrics; only the marked line is ours.
    child.stdout.on('data', (chunk: Buffer) => {
      tail += chunk.toString('utf8');
      const lines = tail.split('\n');
      tail = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith(RESULT_MARKER)) marked = line.slice(RESULT_MARKER.length);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      stderr = (stderr + text).slice(-6000);
      for (const line of text.split('\n')) if (line.startsWith('  · ')) process.stderr.write(`${line}\n`);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (tail.startsWith(RESULT_MARKER)) marked = tail.slice(RESULT_MARKER.length);
      const seconds = (Date.now() - started) / 1000;
      if (code === 0 && marked) {
        try {
          return resolve({ rows: JSON.parse(marked) as BenchRow[], seconds });
        } catch (error) {
          return resolve({ rows: [], seconds, error: `unreadable result: ${String(error)}` });
        }
      }
      const why = signal === 'SIGKILL' ? `timed out after ${timeoutMs / 1000} s` : `exited ${code ?? signal}`;
      resolve({ rows: [], seconds, error: `${why}: ${stderr.trim().split('\n').slice(-8).join('\n')}` });
    });
  });
}

const cell = (row: BenchRow): string => {
  if (Number.isNaN(row.median)) return 'n/a';
  if (row.unit) return `${row.median} ${row.unit}${row.ratio !== null ? ` (×${row.ratio})` : ''}`;
  return String(row.ratio ?? row.median);
};

function printTable(rows: BenchRow[]) {
  const table = rows.map((r) => [
    r.name,
    r.figure,
    cell(r),
    r.target || '–',
    r.met === null ? '–' : r.met ? 'yes' : 'NO',
    r.repeats > 1 ? `${r.min}–${r.max} (n=${r.repeats})` : r.repeats === 1 ? 'n=1' : '',
  ]);
  const head = ['benchmark', 'figure', 'value', 'target', 'met', 'min–max'];
  const widths = head.map((h, i) =>
    Math.min(i === 1 ? 70 : 60, Math.max(h.length, ...table.map((t) => (t[i] ?? '').length))),
  );
  const fmt = (cols: string[]) => cols.map((c, i) => c.slice(0, widths[i]).padEnd(widths[i] ?? 0)).join('  ');
  console.log(fmt(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const t of table) console.log(fmt(t));
}

async function main() {
  const startedAt = new Date().toISOString();
  const t0 = Date.now();
  const dirty = git('status', '--porcelain', '--', 'shared', 'functions', 'infra', 'package.json');
  const machine = {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverageAtStart: loadavg().map((l) => round(l, 2)),
  };
  console.log(
    `merge-sync benchmarks${quick ? ' (--quick: smaller data, fewer repeats, shorter windows)' : ''}: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}, load ${machine.loadAverageAtStart.join(' ')}`,
  );
  const rows: BenchRow[] = [];
  const errors: Record<string, string> = {};
  const durations: Record<string, number> = {};
  for (const bench of BENCHES) {
    if (only && !only.has(bench.id)) continue;
    console.log(`\n${bench.id}. ${bench.title}`);
    const result = await runBench(bench);
    durations[bench.id] = round(result.seconds, 1);
    if (result.error) {
      errors[bench.id] = result.error;
      console.log(`  FAILED: ${result.error}`);
    }
    rows.push(...result.rows);
    for (const row of result.rows) console.log(`  → ${row.name}: ${cell(row)} (target ${row.target || '–'})`);
  }
  if (!only || only.has('7')) rows.push(costModelRow(rows));

  console.log('');
  printTable(rows);
  const seconds = round((Date.now() - t0) / 1000, 1);
  const results = {
    commit: git('rev-parse', 'HEAD'),
    workingTreeDirty: dirty !== '',
    // Uncommitted engine changes the run measured (the engine is work in progress alongside).
    dirtyFiles: dirty
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => l.trim()),
    machine: { ...machine, loadAverageAtEnd: loadavg().map((l) => round(l, 2)) },
    quick,
    startedAt,
    seconds,
    benchmarkSeconds: durations,
    errors,
    benchmarks: rows,
  };
  const file = path.join(__dirname, 'results.json');
  if (only) keepOtherBenchmarks(file, results);
  const json = JSON.stringify(results, null, 2);
  const formatted = await format(json, { ...(await resolveConfig(file)), filepath: file });
  writeFileSync(file, formatted);
  const dir = path.join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, `${startedAt.replace(/[:.]/g, '-')}-${quick ? 'quick' : 'full'}.json`),
    formatted,
  );
  console.log(
    `\n${rows.filter((r) => r.met === true).length} met, ${rows.filter((r) => r.met === false).length} missed, ${Object.keys(errors).length} failed; ${seconds} s; written to test/bench/results.json`,
  );
  if (Object.keys(errors).length > 0) process.exitCode = 1;
}

/**
 * A partial run (--only) replaces its own benchmarks' rows in results.json and keeps the others,
 * saying which run measured them.
 */
function keepOtherBenchmarks(
  file: string,
  results: { benchmarks: BenchRow[]; benchmarkSeconds: Record<string, number> } & Record<string, unknown>,
) {
  if (!existsSync(file)) return;
  const previous = JSON.parse(readFileSync(file, 'utf8')) as {
    commit?: string;
    startedAt?: string;
    quick?: boolean;
    benchmarks?: BenchRow[];
    benchmarkSeconds?: Record<string, number>;
    keptRows?: Record<string, unknown>;
  };
  const ran = new Set(results.benchmarks.map((r) => r.name));
  const kept = (previous.benchmarks ?? []).filter((r) => !ran.has(r.name));
  results.benchmarks = [...kept, ...results.benchmarks];
  results.benchmarkSeconds = { ...previous.benchmarkSeconds, ...results.benchmarkSeconds };
  results.keptRows = {
    ...previous.keptRows,
    ...Object.fromEntries(
      kept
        .filter((r) => !previous.keptRows?.[r.name])
        .map((r) => [
          r.name,
          { commit: previous.commit, startedAt: previous.startedAt, quick: previous.quick },
        ]),
    ),
  };
}

void main();
