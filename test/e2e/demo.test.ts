import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../../infra/local/stand-ins';

it('npm start runs the demo, prints progress and the summary table, and exits 0 with --exit-after-demo', async () => {
  const port = await freePort();
  const child = spawn('npm', ['start', '--', '--exit-after-demo', '--in-memory', '--port', String(port)], {
    cwd: join(__dirname, '../..'),
    env: { ...process.env, SYNC_CONFIG_OVERRIDES: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining('stopped cleanly') });
  expect(output).toContain('1/3 Linking accounts');
  expect(output).toMatch(/fetching: .*page\(s\) stored/);
  expect(output).toMatch(/phase\s+model\s+records\s+added\s+changed\s+deleted/);
  // The final table has a row per model and phase, with the counts the demo changed upstream.
  expect(output).toMatch(/incremental\s+hris\.Employee\s+603\s+8\s+12\s+5/);
  expect(output).toMatch(/initial\s+crm\.Lead\s+300\s+300/);
  // One event per real change: the demo changes 12, deletes 5 and adds 8 per model, on three models.
  expect(output).toMatch(/Change events on the bus: \d+ added, 36 changed, 15 deleted, \d+ sync completed/);
}, 150_000);
