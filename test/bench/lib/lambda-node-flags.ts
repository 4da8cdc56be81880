/**
 * The V8 heap limits AWS Lambda's Node.js runtime starts a function's process with: the runtime's
 * bootstrap (/var/runtime/bootstrap in its base images) gives a tenth of the function's memory to the
 * young generation (two semi-spaces of half of it each) and the rest to the old generation.
 *
 * V8 paces its full collections by these limits. On a workstation without them (a 4 GB old
 * generation here) it lets garbage in the old generation grow to about four times the live heap
 * before collecting it; under a 1,024 MB function's limits a fetcher's old generation stayed within
 * 1.3 times its live heap, and its young generation grew to 128 MB instead (benchmark 6).
 */
export function lambdaHeapFlags(memoryMb: number): string[] {
  const newSpaceMb = Math.floor(memoryMb / 10);
  return [
    `--max-semi-space-size=${Math.floor(newSpaceMb / 2)}`,
    `--max-old-space-size=${memoryMb - newSpaceMb}`,
  ];
}
