import { parseCommandLine } from './args';
import type { ConnectedTarget } from './aws-target';
import { syncSettingsFromEnvironment } from '../../shared/runtime/config/from-environment';
import { connectAws } from './aws-target';
import { COMMANDS } from './commands';
import { exitCodeFor, EXIT, UsageError } from './errors';
import { commandHelp, globalHelp, groupHelp, PROGRAM, usageLine } from './help';
import { connectLocal } from './local-target';
import { readAllStdin, readSecretFromStdin } from './read-secret';
import { flagValue, type CommandSpec } from './registry';
import { assertConfirmable, type Terminal } from './terminal';
import { cliVersion } from './version';

export interface CliIo {
  terminal: Terminal;
  env: NodeJS.ProcessEnv;
  readSecret?: (prompt: string) => Promise<string>;
  readInput?: () => Promise<string>;
}

const DEFAULT_URL = 'http://127.0.0.1:3000';

/** The command the leading words name: the longest registered name they start with. */
function findCommand(words: readonly string[]): CommandSpec | undefined {
  return [...COMMANDS]
    .sort((a, b) => b.name.length - a.name.length)
    .find((spec) => {
      const name = spec.name.split(' ');
      return name.every((word, i) => words[i] === word);
    });
}

const groupOf = (word: string) => COMMANDS.filter((c) => c.name.startsWith(`${word} `));

/** `help [COMMAND…]` and `<group> --help`: the text for a topic, or a UsageError. */
function helpFor(topic: readonly string[]): string {
  if (topic.length === 0) return globalHelp(COMMANDS, cliVersion());
  const spec = findCommand(topic);
  if (spec && spec.name.split(' ').length === topic.length) return commandHelp(spec);
  const group = groupOf(topic[0]!);
  if (group.length > 0 && topic.length === 1) return groupHelp(topic[0]!, group);
  throw new UsageError(`no command "${topic.join(' ')}"; ${PROGRAM} help lists them`);
}

function unknownCommand(words: readonly string[]): UsageError {
  const group = groupOf(words[0]!);
  if (group.length === 0)
    return new UsageError(`unknown command "${words[0]}"; ${PROGRAM} help lists the commands`);
  const subcommands = group.map((c) => c.name.split(' ')[1]).join(', ');
  return words.length === 1
    ? new UsageError(`${words[0]} needs a command: ${subcommands} (${PROGRAM} help ${words[0]})`)
    : new UsageError(
        `unknown command "${words.slice(0, 2).join(' ')}"; ${words[0]} commands: ${subcommands}`,
      );
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const { terminal } = io;
  const firstFlag = argv.findIndex((a) => a.startsWith('-'));
  const words = firstFlag === -1 ? [...argv] : argv.slice(0, firstFlag);
  if (words.length === 0) {
    if (argv.length === 1 && argv[0] === '--version') return (terminal.out(`${PROGRAM} ${cliVersion()}`), 0);
    if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h'))
      return (terminal.out(helpFor([])), 0);
    if (argv.length === 0) return (terminal.progress(helpFor([])), EXIT.badInput);
    throw new UsageError(`unknown option ${argv[0]}; a command comes first (${PROGRAM} help lists them)`);
  }
  if (words[0] === 'help') {
    if (argv.length !== words.length) throw new UsageError(`help takes command names only`);
    return (terminal.out(helpFor(words.slice(1))), EXIT.done);
  }
  const spec = findCommand(words);
  if (!spec) {
    if (words.length === 1 && groupOf(words[0]!).length > 0 && argv.slice(1).some((a) => a === '--help'))
      return (terminal.out(helpFor(words)), EXIT.done);
    throw unknownCommand(words);
  }
  const parsed = parseCommandLine(spec, argv.slice(spec.name.split(' ').length));
  if (parsed.flags.has('--help')) return (terminal.out(commandHelp(spec)), EXIT.done);
  // Before connecting to anything: a script cannot confirm a deletion, so it must say --yes.
  if (spec.destructive) assertConfirmable(terminal, spec.name, parsed.flags.has('--yes'));
  let connected: Promise<ConnectedTarget> | undefined;
  const connect = () => {
    const stack = flagValue(parsed.flags, '--stack');
    // The deployment's sync config as this shell describes it (SYNC_CONFIG_OVERRIDES, plan limit).
    const settings = syncSettingsFromEnvironment(io.env);
    connected ??= stack
      ? connectAws(stack, settings, flagValue(parsed.flags, '--region'), io.env)
      : connectLocal(flagValue(parsed.flags, '--url') ?? DEFAULT_URL, settings, io.env);
    return connected;
  };
  try {
    await spec.run({
      ...parsed,
      terminal,
      connect,
      env: io.env,
      readSecret: io.readSecret ?? readSecretFromStdin,
      readInput: io.readInput ?? readAllStdin,
    });
    return EXIT.done;
  } finally {
    if (connected) await connected.then((t) => t.close()).catch(() => undefined);
  }
}

/**
 * Runs one command line and returns its exit code (EXIT): results on standard output, progress and
 * errors on standard error. A usage error shows the command's usage; any other error is one line.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.terminal.progress(`${PROGRAM}: ${message}`);
    if (error instanceof UsageError) {
      const spec = error.command ? COMMANDS.find((c) => c.name === error.command) : undefined;
      io.terminal.progress(
        spec ? `Usage: ${usageLine(spec)}\nMore: ${PROGRAM} help ${spec.name}` : `Commands: ${PROGRAM} help`,
      );
    }
    return exitCodeFor(error);
  }
}
