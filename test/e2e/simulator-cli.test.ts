import { spawn } from 'node:child_process';
import { join } from 'node:path';

const REPO = join(__dirname, '../..');

function simulatorCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = spawn('npm', ['run', '--silent', 'simulator', '--', ...args], {
    cwd: REPO,
    env: { ...process.env, MERGE_API_KEY: '', MERGE_WEBHOOK_SIGNATURE_KEY: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  run.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  run.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => run.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('npm run simulator', () => {
  it('--help prints what it needs and every option, --print-token included, and exits 0', async () => {
    const run = await simulatorCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm run simulator -- \[options\]/);
    expect(run.stdout).toMatch(/MERGE_API_KEY and MERGE_WEBHOOK_SIGNATURE_KEY/);
    expect(run.stdout).toMatch(/--print-token\s+with --seed-demo: print that account's token/);
  }, 60_000);

  it('an unknown option: exit 2 with the usage', async () => {
    const run = await simulatorCli(['--bogus']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/merge-simulator: unknown argument "--bogus"\nUsage: npm run simulator/);
  }, 60_000);
});
