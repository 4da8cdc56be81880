import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { COMMANDS } from '../../infra/cli/commands';
import { flagsOf } from '../../infra/cli/registry';
import { USAGE as START_USAGE } from '../../infra/local/options';

const REPO = join(__dirname, '../..');
const DOCS = [
  'README.md',
  'CHANGELOG.md',
  ...readdirSync(join(REPO, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
/** Written on another branch (the generated model table); linked before it lands. */
const WRITTEN_ELSEWHERE = new Set<string>();

const read = (file: string) => readFileSync(join(REPO, file), 'utf8');
const withoutCode = (text: string) => text.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, heading] of markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6} (.+)$/gm)) {
    const base = heading!
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    result.add(n === 0 ? base : `${base}-${n}`);
  }
  return result;
}

/** The code of a markdown file, where commands are shown: fenced blocks' lines and inline spans. */
function codeOf(markdown: string): { fenced: string[]; inline: string[] } {
  const fenced = [...markdown.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].flatMap(([, body]) =>
    body!.split('\n'),
  );
  const inline = [...markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/`([^`\n]+)`/g)].map(([, c]) => c!);
  return { fenced, inline };
}

/**
 * Every `npx merge-sync …` / `npm run cli -- …` command line shown (and `merge-sync …` opening an
 * inline code span), as its words up to a shell separator or a ", " in prose.
 */
function cliLines(markdown: string): string[][] {
  const { fenced, inline } = codeOf(markdown);
  const prefixed = /(?:npx (?:--no -- )?merge-sync|npm run cli --)((?: [^|;&#<>]*)?)/g;
  const shown = [
    ...[...fenced, ...inline].flatMap((code) => [...code.matchAll(prefixed)].map(([, rest]) => rest!)),
    ...inline.flatMap((code) => (code.startsWith('merge-sync ') ? [code.slice('merge-sync'.length)] : [])),
  ];
  return shown
    .map((rest) =>
      rest
        .split(/,\s/)[0]!
        .trim()
        .split(/\s+/)
        .map((token) => token.replace(/^\[+/, ''))
        .filter(Boolean),
    )
    .filter((tokens) => tokens.length > 0 && /^(-|[a-z])/.test(tokens[0]!));
}

/** The commands and flags a text shows that the CLI registry does not have. */
function unknownCliUse(text: string): string[] {
  const wrong: string[] = [];
  for (const tokens of cliLines(text)) {
    const words = tokens.filter((t) => !t.startsWith('-'));
    if (['--help', '--version'].includes(tokens[0]!) || words[0] === 'help') continue;
    const group = COMMANDS.some((c) => c.name.startsWith(`${words[0]} `));
    if (group && words.length === 1 && tokens.includes('--help')) continue;
    const spec = [...COMMANDS]
      .sort((a, b) => b.name.length - a.name.length)
      .find((c) => c.name.split(' ').every((w, i) => words[i] === w));
    if (!spec) {
      wrong.push(`no command: ${tokens.join(' ')}`);
      continue;
    }
    const flags = new Set(flagsOf(spec).map((f) => f.name));
    for (const flag of tokens.filter((t) => t.startsWith('--')))
      if (!flags.has(flag.replace(/[=\]].*$/, ''))) wrong.push(`${spec.name} has no ${flag}`);
  }
  return wrong;
}

describe.each(DOCS)('%s', (file) => {
  const text = read(file);

  it('every relative link and #anchor resolves', () => {
    const broken: string[] = [];
    for (const [, target] of withoutCode(text).matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(target!)) continue;
      const [path, anchor] = target!.split('#');
      const linked = path ? relative(REPO, resolve(dirname(join(REPO, file)), path)) : file;
      if (!existsSync(join(REPO, linked))) {
        if (!WRITTEN_ELSEWHERE.has(linked)) broken.push(`${target} (no ${linked})`);
        continue;
      }
      if (anchor && !anchors(read(linked)).has(anchor))
        broken.push(`${target} (no heading #${anchor} in ${linked})`);
    }
    expect(broken).toEqual([]);
  });

  it('every CLI command and flag it shows exists in the CLI registry', () => {
    expect(unknownCliUse(text)).toEqual([]);
  });

  it('every npm start flag it shows exists', () => {
    const flags = new Set([...START_USAGE.matchAll(/--[a-z-]+/g)].map(([f]) => f));
    const { fenced, inline } = codeOf(text);
    const wrong = [...fenced, ...inline]
      .flatMap((code) => [...code.matchAll(/npm start --((?: [^|;&#<>]*)?)/g)])
      .flatMap(([, rest]) => [...rest!.matchAll(/--[a-z-]+/g)].map(([f]) => f))
      .filter((flag) => !flags.has(flag));
    expect(wrong).toEqual([]);
  });

  it('has no table row a person cannot read (over 160 characters)', () => {
    const long = text.split('\n').filter((line) => line.startsWith('|') && line.length > 160);
    expect(long).toEqual([]);
  });
});

it('the README is a front door: at most 250 lines', () => {
  expect(read('README.md').split('\n').length).toBeLessThanOrEqual(250);
});

it('the CLI reference (docs/operations.md) shows every command of the registry', () => {
  const reference = read('docs/operations.md');
  for (const spec of COMMANDS) expect(reference).toContain(`merge-sync ${spec.name}`);
});

it('the docs check finds the commands shown, and what the registry lacks', () => {
  expect(cliLines(read('docs/operations.md')).length).toBeGreaterThan(15);
  const sample =
    'Run `npx merge-sync status --full`, then `merge-sync accounts bogus` and `npm run cli -- resync A --wait`.';
  expect(unknownCliUse(sample)).toEqual(['status has no --full', 'no command: accounts bogus']);
});

it('the docs do not contradict the code', () => {
  const all = DOCS.map(read).join('\n');
  // resync --full exists: nothing may say it does not.
  expect(all).not.toMatch(/until mark-and-sweep exists/i);
  // A reader never saw the brief the project was built from.
  expect(all).not.toMatch(/\bthe brief\b/i);
  // --verbose means the same in the usage and in the docs.
  expect(START_USAGE).toMatch(/--verbose .*\(default: only their errors\)/);
  expect(read('docs/local-runtime.md')).toMatch(
    /`--verbose`: print the functions' JSON log lines from INFO up\. By default only their errors/,
  );
  // The sync-state field is snake_case wherever a reader meets it (only the stored document is camelCase).
  for (const file of DOCS.filter((f) => f !== 'docs/architecture-and-data-model.md'))
    expect(`${file}: ${read(file).includes('lastFullResync')}`).toBe(`${file}: false`);
});
