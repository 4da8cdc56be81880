import { createInterface } from 'node:readline/promises';

export type Output = (text: string) => void;

/** Where a command talks to the person running it. Tests pass their own. */
export interface Terminal {
  /** Results (standard output). */
  out: Output;
  /** Progress and questions (standard error, so results can be piped). */
  progress: Output;
  /** A person can answer: standard input is a terminal. */
  interactive: boolean;
  ask(question: string): Promise<string>;
}

export function processTerminal(): Terminal {
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    progress: (text) => process.stderr.write(`${text}\n`),
    interactive: process.stdin.isTTY === true,
    async ask(question) {
      const prompt = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await prompt.question(question);
      } finally {
        prompt.close();
      }
    },
  };
}

/** A destructive command without --yes where nobody can confirm it (a script, a pipe, CI). */
export class ConfirmationRequiredError extends Error {
  override readonly name = 'ConfirmationRequiredError';
}

/** The person did not type the account id: nothing was done. */
export class NotConfirmedError extends Error {
  override readonly name = 'NotConfirmedError';
}

/** Refuses early (before connecting to anything) when a destructive command cannot be confirmed. */
export function assertConfirmable(terminal: Terminal, command: string, yes: boolean): void {
  if (yes || terminal.interactive) return;
  throw new ConfirmationRequiredError(
    `${command} deletes data and cannot be undone, and standard input is not a terminal, so nobody can ` +
      `confirm it here. Run it at a terminal (it asks you to type the account id), or pass --yes.`,
  );
}

/** Asks the person to type the account id, after saying what will happen; --yes skips the question. */
export async function confirmByAccountId(
  terminal: Terminal,
  options: { command: string; accountId: string; consequence: string; yes: boolean },
): Promise<void> {
  if (options.yes) return;
  assertConfirmable(terminal, options.command, false);
  terminal.progress(options.consequence);
  const answer = await terminal.ask(`Type the account id (${options.accountId}) to confirm: `);
  if (answer.trim() !== options.accountId)
    throw new NotConfirmedError(`not confirmed (the account id was not typed); nothing was changed`);
}
