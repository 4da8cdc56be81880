/** A plain text table for terminals: left-aligned text, right-aligned numbers. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  // A column of numbers (blank cells allowed) is right-aligned.
  const numeric = header.map(
    (_, i) =>
      rows.some((r) => (r[i] ?? '') !== '') &&
      rows.every((r) => /^(-?[\d.,]+( s| min| h)?|—|)$/.test(r[i] ?? '')),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** "3 min", "2 h", "5 s": how long ago / how long, for a person. */
export function humanDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

/** 1,203: counts for a person. */
export const count = (n: number) => n.toLocaleString('en-US');
