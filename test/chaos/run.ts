import { RESULT_PREFIX } from './lib/env';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChaosRun } from './executor';
import type { RunResult } from './run-result';
import { LogTap } from './lib/log-tap';
import { ChaosWorld } from './lib/world';
import { runLine, summarize, summaryTable, type ChaosSummary } from './report';
import { generateScenario } from './scenario';

/**
 * `npm run test:chaos [-- options]`: the reliability suite.
 *
 *   (default)        50 seeded in-process runs on 2 workers, then the rate-limit proof, 3 runtime
 *                    runs with restarts and the webhook load burst, one after the other; writes
 *                    test/chaos/results/latest.json
 *   --seed N         replay one in-process run (prints its scenario and every mismatch)
 *   --runs N         number of in-process runs (seeds from --from, default 1)
 *   --from S         first seed
 *   --workers W      worker processes for the in-process runs (default 2)
 *   --restart-runs N runtime runs with restarts (default 3; 0 to skip)
 *   --skip PART      skip a part: rate-limit, load (repeatable)
 *   --out FILE       where to write the JSON summary (default test/chaos/results/latest.json)
 *
 * Exit code 0 only if every run has 0 mismatches and every part passed.
 */
const repo = join(__dirname, '../..');
const tsx = join(repo, 'node_modules/.bin/tsx');

interface Options {
  seed?: number;
  runs: number;
  from: number;
  workers: number;
  restartRuns: number;
  skip: Set<string>;
  out: string;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    runs: 50,
    from: 1,
    workers: 2,
    restartRuns: 3,
    skip: new Set(),
    out: join(repo, 'test/chaos/results/latest.json'),
  };
  const value = (i: number) => {
    const v = argv[i + 1];
    if (v === undefined) throw new Error(`${argv[i]} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    switch (arg) {
      case '--seed':
        options.seed = Number(value(i++));
        break;
      case '--runs':
        options.runs = Number(value(i++));
        break;
      case '--from':
        options.from = Number(value(i++));
        break;
      case '--workers':
        options.workers = Math.max(1, Number(value(i++)));
        break;
      case '--restart-runs':
        options.restartRuns = Number(value(i++));
        break;
      case '--skip':
        options.skip.add(value(i++));
        break;
      case '--out':
        options.out = value(i++);
        break;
      default:
        throw new Error(`unknown option ${arg}`);
    }
  }
  return options;
}

const say = (line: string) => process.stdout.write(`${line}\n`);

/** Runs a script of this suite in a child process and collects its result lines. */
function child<T>(script: string, args: string[], onResult: (r: T) => void, label: string): Promise<number> {
  return new Promise((resolve) => {
    const proc = spawn(tsx, [join(__dirname, script), ...args], {
      cwd: repo,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffer = '';
    let errors = '';
    proc.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.startsWith(RESULT_PREFIX)) onResult(JSON.parse(line.slice(RESULT_PREFIX.length)) as T);
        else if (line.trim() && !line.startsWith('{')) say(`  [${label}] ${line}`);
      }
    });
    proc.stderr.on('data', (d: Buffer) => {
      errors += d.toString();
      if (errors.length > 20_000) errors = errors.slice(-20_000);
    });
    proc.on('exit', (code) => {
      if (code !== 0) say(`  [${label}] exited with ${code}\n${errors.slice(-4000)}`);
      resolve(code ?? 1);
    });
  });
}

async function replay(seed: number) {
  const tap = LogTap.install();
  const world = await ChaosWorld.start();
  try {
    const scenario = generateScenario(seed, world.settings);
    say(`seed ${seed}: featured ${scenario.featured}`);
    say(`accounts: ${scenario.accounts.map((a) => `${a.category} ${JSON.stringify(a.seeds)}`).join('; ')}`);
    say(`delivery: ${JSON.stringify(scenario.delivery)}`);
    scenario.steps.forEach((s, i) => say(`  ${String(i).padStart(2)} ${JSON.stringify(s)}`));
    const result = await new ChaosRun(world, scenario, tap).run();
    say(runLine(result));
    for (const d of result.details) say(`  - ${d}`);
    return result.ok;
  } finally {
    await world.close();
  }
}

export interface PartResult {
  part: string;
  ok: boolean;
  durationMs: number;
  figures: Record<string, unknown>;
  problems: string[];
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.seed !== undefined) {
    process.exit((await replay(options.seed)) ? 0 : 1);
  }
  const started = Date.now();
  const seeds = Array.from({ length: options.runs }, (_, i) => options.from + i);
  say(
    `chaos: ${seeds.length} in-process runs (seeds ${seeds[0]}..${seeds[seeds.length - 1]}) on ${options.workers} workers`,
  );
  const results: RunResult[] = [];
  const parts: PartResult[] = [];
  const onRun = (r: RunResult) => {
    results.push(r);
    say(runLine(r));
    if (!r.ok) for (const d of r.details.slice(0, 12)) say(`    - ${d}`);
  };
  const shards = Array.from({ length: options.workers }, (_, w) =>
    seeds.filter((_, i) => i % options.workers === w),
  );
  const jobs: Promise<number>[] = shards
    .filter((s) => s.length > 0)
    .map((s, w) => child<RunResult>('worker.ts', ['--seeds', s.join(',')], onRun, `worker ${w + 1}`));
  const codes = await Promise.all(jobs);
  // Alone: the proof needs the engine to keep up with more demand than the plan allows.
  if (!options.skip.has('rate-limit')) {
    say('chaos: rate-limit proof (plan 100 requests per minute per account)');
    codes.push(await child<PartResult>('rate-limit-proof.ts', [], (p) => parts.push(p), 'rate-limit'));
  }
  if (options.restartRuns > 0) {
    const restartSeeds = Array.from({ length: options.restartRuns }, (_, i) => 1001 + i);
    say(`chaos: ${restartSeeds.length} runtime runs with restarts (seeds ${restartSeeds.join(', ')})`);
    codes.push(
      await child<RunResult>('runtime-runs.ts', ['--seeds', restartSeeds.join(',')], onRun, 'runtime'),
    );
  }
  if (!options.skip.has('load')) {
    say('chaos: webhook load burst on the local runtime');
    codes.push(await child<PartResult>('load-burst.ts', [], (p) => parts.push(p), 'load'));
  }
  const summary: ChaosSummary = summarize(results, Date.now() - started);
  const expectedRuns = seeds.length + Math.max(0, options.restartRuns);
  say('');
  say(summaryTable(summary));
  for (const p of parts) {
    say('');
    say(`${p.part}: ${p.ok ? 'ok' : 'FAILED'} (${(p.durationMs / 1000).toFixed(0)} s)`);
    for (const [k, v] of Object.entries(p.figures))
      say(`  ${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
    for (const problem of p.problems) say(`  PROBLEM ${problem}`);
  }
  const problems: string[] = [];
  if (summary.totalMismatches > 0) problems.push(`${summary.totalMismatches} mismatches`);
  if (results.length !== expectedRuns) problems.push(`${results.length} of ${expectedRuns} runs reported`);
  if (codes.some((c) => c !== 0)) problems.push('a worker or part exited non-zero');
  for (const p of parts) if (!p.ok) problems.push(`${p.part} failed`);
  mkdirSync(join(options.out, '..'), { recursive: true });
  const json = JSON.stringify({
    finishedAt: new Date().toISOString(),
    ok: problems.length === 0,
    problems,
    summary,
    parts,
    runs: results,
  });
  // Formatted as the repository's prettier would, so `prettier --check` stays green.
  const { format, resolveConfig } = await import('prettier');
  const config = (await resolveConfig(options.out)) ?? {};
  writeFileSync(options.out, await format(json, { ...config, filepath: options.out }));
  say('');
  say(`wrote ${options.out}`);
  say(problems.length === 0 ? 'chaos: PASSED' : `chaos: FAILED (${problems.join('; ')})`);
  process.exit(problems.length === 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  say(`chaos runner failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(2);
});
