import { toEpochMs } from './timestamps';

/**
 * Invariant 4: the next `modified_after` is the start of the run that just completed, less an
 * overlap for clock skew against Merge, and it never moves backwards.
 */
export function advanceCursor(
  current: string | null,
  runStartedAt: string,
  overlapSeconds: number,
): string | null {
  const started = toEpochMs(runStartedAt);
  if (started === undefined) return current;
  const candidate = new Date(started - overlapSeconds * 1000).toISOString();
  if (current !== null) {
    const currentMs = toEpochMs(current);
    if (currentMs !== undefined && currentMs >= started - overlapSeconds * 1000) return current;
  }
  return candidate;
}
