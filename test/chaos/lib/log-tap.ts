/**
 * Captures every line the code under test writes to stdout and stderr (Powertools logs JSON lines
 * there), so a chaos run can scan them for secrets. Works alone (the chaos runner under tsx) and on
 * top of Jest's own capture (test/helpers/log-capture.ts): lines are passed on to whatever writer was
 * there before. JSON lines are kept off the terminal unless SHOW_LOGS=1 or `passJson` is set.
 */
type Write = typeof process.stdout.write;

export class LogTap {
  private buffer: string[] = [];
  private total = 0;
  private readonly originals: { out: Write; err: Write };

  private constructor(private readonly passJson: boolean) {
    this.originals = {
      out: process.stdout.write.bind(process.stdout) as Write,
      err: process.stderr.write.bind(process.stderr) as Write,
    };
    this.patch(process.stdout, this.originals.out);
    this.patch(process.stderr, this.originals.err);
  }

  private static installed: LogTap | undefined;

  /** Installs the tap once per process and returns it. */
  static install(options: { passJson?: boolean } = {}): LogTap {
    LogTap.installed ??= new LogTap(options.passJson ?? process.env.SHOW_LOGS === '1');
    return LogTap.installed;
  }

  private patch(stream: NodeJS.WriteStream, original: Write): void {
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      const text =
        typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
      for (const line of text.split('\n')) {
        if (line.length === 0) continue;
        this.buffer.push(line);
        this.total++;
      }
      if (this.passJson || !text.trimStart().startsWith('{')) {
        return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
      }
      return true;
    }) as Write;
  }

  /** Lines captured since the last `reset`. */
  lines(): readonly string[] {
    return this.buffer;
  }

  /** Lines captured since the process started. */
  totalLines(): number {
    return this.total;
  }

  reset(): void {
    this.buffer = [];
  }

  /** Writes to the real stdout, past the tap (the runner's own report). */
  print(text: string): void {
    (this.originals.out as (chunk: string) => boolean)(text.endsWith('\n') ? text : `${text}\n`);
  }
}

/** Every (secret, line) pair where a line contains a secret; the secret is masked in what is returned. */
export function findSecrets(
  lines: readonly string[],
  secrets: readonly string[],
): { secretIndex: number; excerpt: string }[] {
  const found: { secretIndex: number; excerpt: string }[] = [];
  const usable = secrets.filter((s) => s.length >= 8);
  for (const line of lines) {
    usable.forEach((secret, secretIndex) => {
      if (line.includes(secret))
        found.push({ secretIndex, excerpt: line.split(secret).join('<SECRET>').slice(0, 300) });
    });
  }
  return found;
}
