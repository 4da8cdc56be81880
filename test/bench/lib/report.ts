/** What every benchmark reports, and the few statistics they share. */

export interface Summary {
  median: number;
  min: number;
  max: number;
  repeats: number;
}

/** One row of the results table: a figure, as a ratio against a limit measured in the same run. */
export interface BenchRow {
  /** Benchmark number and name, e.g. "1 write overlap". */
  name: string;
  /** What the figure is, e.g. "sync time / pagination time". */
  figure: string;
  /** The figure (the median ratio); null for a figure without a limit (e.g. requests per second). */
  ratio: number | null;
  /** e.g. "<= 1.15"; "" when informational. */
  target: string;
  /** null when the row has no target. */
  met: boolean | null;
  median: number;
  min: number;
  max: number;
  repeats: number;
  /** Unit of median/min/max when they are not the ratio itself (e.g. "req/s", "ms"). */
  unit?: string;
  details: Record<string, unknown>;
}

export const RESULT_MARKER = '@@BENCH_RESULT@@';

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, repeats: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return {
    median,
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
    repeats: sorted.length,
  };
}

/** The p-th percentile (0-100), nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export const round = (value: number, digits = 3): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/** A row whose ratio is the median of per-repeat ratios. */
export function ratioRow(input: {
  name: string;
  figure: string;
  ratios: readonly number[];
  target: string;
  meets: (ratio: number) => boolean;
  details: Record<string, unknown>;
}): BenchRow {
  const s = summarize(input.ratios);
  return {
    name: input.name,
    figure: input.figure,
    ratio: round(s.median),
    target: input.target,
    met: input.meets(s.median),
    median: round(s.median),
    min: round(s.min),
    max: round(s.max),
    repeats: s.repeats,
    details: input.details,
  };
}

/** In a benchmark process: hands its rows to run.ts (one marked line on stdout). */
export function emitRows(rows: BenchRow[]): void {
  process.stdout.write(`\n${RESULT_MARKER}${JSON.stringify(rows)}\n`);
}

/** Progress for the person watching, on stderr (run.ts shows it). */
export function progress(message: string): void {
  process.stderr.write(`  · ${message}\n`);
}

export const isQuick = (): boolean => process.argv.includes('--quick');

/** Counts what this process writes to stdout (the functions' JSON logs and EMF metrics lines). */
export function countStdout(): {
  bytes: () => number;
  lines: () => number;
  /** Calls `seen` whenever a written chunk contains `text` (a log line's message, say). */
  watch: (text: string, seen: () => void) => void;
} {
  let bytes = 0;
  let lines = 0;
  const watchers: { text: string; seen: () => void }[] = [];
  const original = process.stdout.write.bind(process.stdout) as (...args: unknown[]) => boolean;
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    const text =
      typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
    bytes += Buffer.byteLength(text);
    lines += text.split('\n').length - 1;
    for (const w of watchers) if (text.includes(w.text)) w.seen();
    return original(chunk, ...rest);
  }) as typeof process.stdout.write;
  return { bytes: () => bytes, lines: () => lines, watch: (text, seen) => watchers.push({ text, seen }) };
}
