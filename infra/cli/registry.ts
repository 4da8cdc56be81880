import type { ConnectedTarget } from './aws-target';
import type { Terminal } from './terminal';

/** A flag a command accepts: `--json`, or `--id ID` when it takes a value. */
export interface FlagSpec {
  name: string;
  /** The value's placeholder (`ID`); absent for a switch. */
  value?: string;
  required?: boolean;
  help: string;
}

/** A positional argument: `ACCOUNT`, `[MODEL]`. */
export interface ArgSpec {
  name: string;
  optional?: boolean;
  /** When only these values are allowed. */
  choices?: readonly string[];
  help: string;
}

/** Where a command works: `any` the local runtime (--url) or a deployed stack (--stack), `local` the local runtime only. */
export type TargetKind = 'any' | 'local';

export interface ParsedCommandLine {
  args: Record<string, string | undefined>;
  flags: ReadonlyMap<string, string | true>;
}

export interface CommandContext extends ParsedCommandLine {
  terminal: Terminal;
  /** Connects to the target the flags name (once; closed by the CLI when the command ends). */
  connect(): Promise<ConnectedTarget>;
  env: NodeJS.ProcessEnv;
  /** Reads a secret from standard input without echoing it (accounts add --token-stdin). */
  readSecret(prompt: string): Promise<string>;
  /** Reads all of standard input (write --data -). */
  readInput(): Promise<string>;
}

/** One CLI command: everything its help, its parser and its run need. Later commands are one entry each. */
export interface CommandSpec {
  /** Words that select it: `status`, `accounts add`. */
  name: string;
  summary: string;
  args: readonly ArgSpec[];
  flags: readonly FlagSpec[];
  /** Paragraphs shown by its --help, after the usage. */
  details?: string;
  examples: readonly { command: string; note: string }[];
  target: TargetKind;
  /** Deletes data: refused before connecting when nobody can confirm it and --yes is absent. */
  destructive?: boolean;
  run(context: CommandContext): Promise<void>;
}

/** The flags every command accepts for its target. */
export const TARGET_FLAGS: Record<TargetKind, readonly FlagSpec[]> = {
  any: [
    { name: '--url', value: 'URL', help: 'the local runtime (default http://127.0.0.1:3000)' },
    { name: '--stack', value: 'NAME', help: 'a deployed stack instead, found by its outputs' },
    { name: '--region', value: 'REGION', help: "the stack's AWS region (default: your AWS configuration)" },
  ],
  local: [{ name: '--url', value: 'URL', help: 'the local runtime (default http://127.0.0.1:3000)' }],
};

export const HELP_FLAG: FlagSpec = { name: '--help', help: 'this command’s help, with examples' };

/** Every flag a command accepts: its own, its target's, and --help. */
export const flagsOf = (spec: CommandSpec): FlagSpec[] => [
  ...spec.flags,
  ...TARGET_FLAGS[spec.target],
  HELP_FLAG,
];

export const flagValue = (flags: ReadonlyMap<string, string | true>, name: string): string | undefined => {
  const value = flags.get(name);
  return typeof value === 'string' ? value : undefined;
};
