import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../infra/local/stand-ins';

const REPO = join(__dirname, '../..');

/** `npm start -- --exit-after-demo` with `.data/` in `dir` (kept between runs, as in a checkout). */
async function runDemo(dir: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    join(REPO, 'node_modules/.bin/tsx'),
    [join(REPO, 'infra/local/start.ts'), '--exit-after-demo', '--port', String(await freePort())],
    { cwd: dir, env: { ...process.env, SYNC_CONFIG_OVERRIDES: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output };
}

type Row = { phase: string; model: string; records: number; added: number; changed: number; deleted: number };

/** The summary table's rows, and the totals the closing line gives for the bus. */
function summary(output: string) {
  const rows: Row[] = [
    ...output.matchAll(/^(initial|incremental)\s+(\S+?)\*{0,2}\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/gm),
  ].map(([, phase, model, ...n]) => {
    const [records, added, changed, deleted] = n.map(Number) as [number, number, number, number];
    return { phase: phase!, model: model!, records, added, changed, deleted };
  });
  const bus = /Change events on the bus: (\d+) added, (\d+) changed, (\d+) deleted/.exec(output);
  return { rows, bus: bus ? { added: +bus[1]!, changed: +bus[2]!, deleted: +bus[3]! } : undefined };
}

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'merge-sync-demo-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('npm start runs the demo: progress, a summary that adds up, and a clean exit with --exit-after-demo', async () => {
  const { code, output } = await runDemo(dir);
  expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining('stopped cleanly') });
  expect(output).toContain('1/3 Linking accounts');
  expect(output).toMatch(/fetching: .*page\(s\) stored/);
  // Nobody pressed Ctrl-C, so the stop does not talk about it.
  expect(output).toContain('demo finished: stopping (finishing work in flight)\n');
  expect(output).not.toContain('Ctrl-C again');

  const { rows, bus } = summary(output);
  expect(rows.map((r) => `${r.phase} ${r.model}`)).toEqual(
    ['initial', 'incremental'].flatMap((p) =>
      // Every model a default deployment syncs for the two accounts' categories, each seeded.
      ['hris.Employee', 'hris.Employment', 'crm.Lead', 'crm.Opportunity', 'crm.Contact', 'crm.Account'].map(
        (m) => `${p} ${m}`,
      ),
    ),
  );
  // The demo adds 8, changes 12 and deletes 5 records of each model it seeded.
  for (const [model, records] of [
    ['hris.Employee', 603],
    ['crm.Opportunity', 63],
    ['crm.Account', 43],
  ] as const)
    expect(rows.find((r) => r.phase === 'incremental' && r.model === model)).toEqual(
      expect.objectContaining({ records, added: 8, changed: 12, deleted: 5 }),
    );
  // Every change event is in the table, and each model's records follow from its rows.
  const sum = (key: 'added' | 'changed' | 'deleted') => rows.reduce((n, r) => n + r[key], 0);
  expect(bus).toEqual({ added: sum('added'), changed: sum('changed'), deleted: sum('deleted') });
  for (const initial of rows.filter((r) => r.phase === 'initial')) {
    const later = rows.find((r) => r.phase === 'incremental' && r.model === initial.model)!;
    expect(initial.records).toBe(initial.added);
    expect(later.records).toBe(initial.records + later.added - later.deleted);
  }
}, 180_000);

it('a second npm start with the same .data/ clears the first demo’s accounts and says so in one line', async () => {
  const { code, output } = await runDemo(dir);
  expect(code).toBe(0);
  expect(output.match(/^cleared the previous demo's 2 account\(s\) from .*\.data: .*$/gm)).toHaveLength(1);
  // Nothing left of the first run to resume or to fail on.
  expect(output).not.toMatch(/resumed unfinished work|AUTH_FAILED|error:|warning:/);
  expect(summary(output).rows.find((r) => r.phase === 'initial' && r.model === 'crm.Lead')).toMatchObject({
    records: 300,
    added: 300,
  });
}, 180_000);
