export interface PhaseResult {
  phase: 'initial' | 'incremental';
  accountId: string;
  modelId: string;
  counts: { added: number; changed: number; deleted: number; unchanged: number };
  /** Live records a consumer can read after this phase (the feed may lag by its settle window). */
  stored: number;
  /** Requests Merge saw for the account during the phase (shared by the account's models). */
  requests: number;
  seconds: number;
}

/** The demo's closing table: one row per model and phase. */
export function printSummary(results: PhaseResult[], say: (line: string) => void): void {
  const header = [
    'phase',
    'model',
    'records',
    'added',
    'changed',
    'deleted',
    'unchanged',
    'requests*',
    'time',
  ];
  const rows = results.map((r) => [
    r.phase,
    r.modelId,
    String(r.stored),
    String(r.counts.added),
    String(r.counts.changed),
    String(r.counts.deleted),
    String(r.counts.unchanged),
    String(r.requests),
    `${r.seconds.toFixed(1)} s`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  say('');
  say(line(header));
  say(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) say(line(row));
  say('* requests Merge received for the account during the phase (sync-status and pages of all its models)');
}
