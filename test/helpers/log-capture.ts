/**
 * Captures what the code under test writes to stdout/stderr (Powertools writes JSON lines there),
 * so tests can assert that no secret ever reaches a log line. JSON log lines are kept out of the
 * test output unless SHOW_LOGS=1; anything else (Jest's own output) passes through.
 */
const lines: string[] = [];

type Write = typeof process.stdout.write;
const capture = (stream: NodeJS.WriteStream): void => {
  const original = stream.write.bind(stream) as Write;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    const text =
      typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
    lines.push(...text.split('\n').filter((l) => l.length > 0));
    if (process.env.SHOW_LOGS === '1' || !text.trimStart().startsWith('{')) {
      return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
    }
    return true;
  }) as Write;
};
capture(process.stdout);
capture(process.stderr);

/** Every line written so far in this test file. */
export const capturedLogLines = (): readonly string[] => lines;
