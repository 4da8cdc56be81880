import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../../../infra/cli/commands';
import { flagsOf } from '../../../infra/cli/registry';
import { cli } from '../../helpers/cli-run';

const { version } = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as {
  version: string;
};
const NOWHERE = 'http://127.0.0.1:1';

describe('the CLI command line: help, version, usage errors and exit codes (nothing to connect to)', () => {
  it('--version prints the package version', async () => {
    expect(await cli(['--version'])).toMatchObject({ code: 0, stdout: `merge-sync ${version}` });
  });

  it('help, --help and `help COMMAND` print help and exit 0', async () => {
    const global = await cli(['help']);
    expect(global.code).toBe(0);
    for (const spec of COMMANDS) expect(global.stdout).toContain(spec.name);
    expect((await cli(['--help'])).stdout).toBe(global.stdout);

    const group = await cli(['accounts', '--help']);
    expect(group).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Usage: merge-sync accounts <command>/),
    });
    expect(group.stdout).toMatch(/accounts add\s+import an account/);
    expect((await cli(['help', 'accounts'])).stdout).toBe(group.stdout);

    const add = await cli(['accounts', 'add', '--help']);
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(
      /^Usage: merge-sync accounts add --id ID --category CATEGORY --token-stdin \[--integration NAME\]/,
    );
    expect(add.stdout).toMatch(/Examples:\n {2}merge-sync accounts add --id/);
    expect((await cli(['help', 'accounts', 'add'])).stdout).toBe(add.stdout);
  });

  it('every command has a summary, an example and help for each flag', () => {
    for (const spec of COMMANDS) {
      expect(spec.summary.length).toBeGreaterThan(10);
      expect(spec.examples.length).toBeGreaterThan(0);
      for (const example of spec.examples) expect(example.command.startsWith(spec.name)).toBe(true);
      for (const flag of flagsOf(spec)) expect(flag.help.length).toBeGreaterThan(5);
    }
  });

  it.each([
    [['bogus'], /unknown command "bogus"; merge-sync help lists the commands/],
    [['accounts'], /accounts needs a command: list, add, configure, reindex, remove/],
    [['accounts', 'bogus'], /unknown command "accounts bogus"; accounts commands: list, add/],
    [
      ['resync'],
      /resync needs ACCOUNT: the account id\nUsage: merge-sync resync ACCOUNT \[MODEL\] \[--full\]/,
    ],
    [['status', '--full'], /status does not take --full\nUsage: merge-sync status \[--json\] \[--all\]/],
    [['accounts', 'add', '--id', 'a', '--category', 'hris'], /accounts add needs --token-stdin: read the/],
    [['dlq', 'redrive', 'bogus'], /QUEUE must be one of events, polls, jobs, writes, not "bogus"/],
    [
      ['events', 'tail', '--stack', 'X'],
      /events tail does not take --stack \(it works on the local runtime only\)/,
    ],
    [['events', 'tail', '--limit', '0'], /--limit takes a whole number from 1 to 10000/],
    [['status', '--url'], /--url needs a value \(URL\)/],
    [['status', '--json=yes'], /--json takes no value/],
    [['status', 'extra'], /status takes no arguments; unexpected "extra"/],
    [['help', 'nothing'], /no command "nothing"/],
  ])('%j is a usage error: exit 2, the reason and the usage, nothing else', async (argv, message) => {
    const run = await cli(argv);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(message);
    expect(run.stderr.split('\n').length).toBeLessThanOrEqual(3);
  });

  it('no command at all: the help on standard error, exit 2', async () => {
    const run = await cli([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^merge-sync \d+\.\d+\.\d+: the operator CLI/);
  });

  it.each([
    [['status', '--url', NOWHERE]],
    [['events', 'tail', '--url', NOWHERE]],
    [['accounts', 'list', '--url', NOWHERE]],
  ])('%j with no runtime at --url: one line that says what to do, exit 2', async (argv) => {
    const run = await cli(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^merge-sync: no local runtime answers at http:\/\/127\.0\.0\.1:1 \(.*\); start it with npm start, or pass --url$/,
    );
  });

  it('a deletion in a script without --yes is refused before connecting (exit 2)', async () => {
    const run = await cli(['purge', 'some-account', '--url', NOWHERE]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/standard input is not a terminal, so nobody can confirm it here.*--yes/);
  });
});
