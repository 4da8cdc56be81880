import { UsageError } from './errors';
import { flagsOf, type CommandSpec, type ParsedCommandLine } from './registry';

/**
 * Parses what follows a command's name against its spec: flags it declares (`--id X` or `--id=X`),
 * then its positional arguments. Anything it does not declare is a UsageError naming it, so a flag
 * meant for another command is never accepted silently.
 */
export function parseCommandLine(spec: CommandSpec, tokens: readonly string[]): ParsedCommandLine {
  const known = new Map(flagsOf(spec).map((f) => [f.name, f]));
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  const refuse = (message: string) => new UsageError(message, spec.name);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!token.startsWith('-') || token === '-') {
      positional.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const name = eq > 0 ? token.slice(0, eq) : token;
    const flag = known.get(name);
    if (!flag) {
      const hint =
        name === '--stack' && spec.target === 'local' ? ` (it works on the local runtime only)` : '';
      throw refuse(`${spec.name} does not take ${name}${hint}`);
    }
    if (flag.value === undefined) {
      if (eq > 0) throw refuse(`${name} takes no value`);
      flags.set(name, true);
      continue;
    }
    const value = eq > 0 ? token.slice(eq + 1) : tokens[++i];
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--')))
      throw refuse(`${name} needs a value (${flag.value})`);
    flags.set(name, value);
  }
  if (flags.has('--help')) return { args: {}, flags };
  const args: Record<string, string | undefined> = {};
  for (const [i, arg] of spec.args.entries()) {
    const value = positional[i];
    if (value === undefined && !arg.optional) throw refuse(`${spec.name} needs ${arg.name}: ${arg.help}`);
    if (value !== undefined && arg.choices && !arg.choices.includes(value))
      throw refuse(`${arg.name} must be one of ${arg.choices.join(', ')}, not "${value}"`);
    args[arg.name] = value;
  }
  if (positional.length > spec.args.length)
    throw refuse(`${spec.name} takes ${describeArgs(spec)}; unexpected "${positional[spec.args.length]}"`);
  for (const flag of spec.flags)
    if (flag.required && !flags.has(flag.name)) throw refuse(`${spec.name} needs ${flag.name}: ${flag.help}`);
  if (flags.has('--stack') && flags.has('--url')) throw refuse('give --url or --stack, not both');
  return { args, flags };
}

const describeArgs = (spec: CommandSpec) =>
  spec.args.length === 0
    ? 'no arguments'
    : spec.args.map((a) => (a.optional ? `[${a.name}]` : a.name)).join(' ');
