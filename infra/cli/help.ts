import { flagsOf, type CommandSpec, type FlagSpec } from './registry';

export const PROGRAM = 'merge-sync';

const flagUsage = (f: FlagSpec) => (f.value ? `${f.name} ${f.value}` : f.name);

/** `merge-sync accounts add --id ID --category CATEGORY --token-stdin [--integration NAME]` */
export function usageLine(spec: CommandSpec): string {
  const args = spec.args.map((a) => (a.optional ? `[${a.name}]` : a.name));
  const flags = spec.flags.map((f) => (f.required ? flagUsage(f) : `[${flagUsage(f)}]`));
  return [PROGRAM, spec.name, ...args, ...flags].join(' ');
}

function columns(rows: [string, string][], indent = '  '): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `${indent}${left.padEnd(width)}  ${right}`);
}

/** `merge-sync help accounts add`, `merge-sync accounts add --help`. */
export function commandHelp(spec: CommandSpec): string {
  const sentence = `${spec.summary.charAt(0).toUpperCase()}${spec.summary.slice(1)}.`;
  const lines = [`Usage: ${usageLine(spec)}`, '', sentence];
  if (spec.details) lines.push('', spec.details);
  if (spec.args.length > 0) {
    lines.push('', 'Arguments:');
    lines.push(...columns(spec.args.map((a) => [a.name, a.help])));
  }
  lines.push('', 'Options:');
  lines.push(...columns(flagsOf(spec).map((f) => [flagUsage(f), f.help])));
  if (spec.examples.length > 0) {
    lines.push('', 'Examples:');
    for (const example of spec.examples)
      lines.push(`  ${PROGRAM} ${example.command}`, `      ${example.note}`);
  }
  return lines.join('\n');
}

/** `merge-sync accounts --help`: the commands of one group. */
export function groupHelp(group: string, specs: readonly CommandSpec[]): string {
  return [
    `Usage: ${PROGRAM} ${group} <command> [options]`,
    '',
    `${group} commands:`,
    ...columns(specs.map((s) => [s.name, s.summary])),
    '',
    `Each command's options and examples: ${PROGRAM} help ${group} <command>`,
  ].join('\n');
}

/** `merge-sync help`, `merge-sync --help`. */
export function globalHelp(specs: readonly CommandSpec[], version: string): string {
  return [
    `${PROGRAM} ${version}: the operator CLI of merge-sync`,
    '',
    `Usage: npx ${PROGRAM} <command> [options]      (or: npm run cli -- <command> [options])`,
    '',
    'Commands:',
    ...columns(
      specs.map((s) => [
        [s.name, ...s.args.map((a) => (a.optional ? `[${a.name}]` : a.name))].join(' '),
        s.summary,
      ]),
    ),
    '',
    'Every command works on the local runtime started by npm start (--url, default http://127.0.0.1:3000)',
    'or on a deployed stack (--stack NAME [--region REGION]), except where its help says otherwise.',
    'Results go to standard output, progress and questions to standard error. JSON (--json) is snake_case,',
    'as the read API answers.',
    '',
    'Exit codes: 0 done; 2 the command cannot be run as given (the reason is printed: usage, a bad value,',
    'an unknown account, no runtime at --url); 1 anything else failed.',
    '',
    `A command's options and examples: ${PROGRAM} help <command>   (or: ${PROGRAM} <command> --help)`,
    `The version: ${PROGRAM} --version`,
  ].join('\n');
}
