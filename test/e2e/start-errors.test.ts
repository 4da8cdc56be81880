import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../infra/local/stand-ins';
import { spawnTypeScript } from '../helpers/start-process';

function run(args: string[], env: Record<string, string | undefined> = {}) {
  const child = spawnTypeScript('infra/local/start.ts', args, {
    env: { ...process.env, MERGE_API_KEY: undefined, MERGE_WEBHOOK_SIGNATURE_KEY: undefined, ...env },
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise<{ code: number | null; output: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, output })),
  );
}

describe('npm start refuses what it cannot do, saying why', () => {
  it('a bad flag: exit 2 with the usage', async () => {
    const { code, output } = await run(['--prot', '1']);
    expect(code).toBe(2);
    expect(output).toContain('unknown option "--prot"');
    expect(output).toContain('Usage: npm start');
  });

  it('--merge-base-url without the keys: exit 2 naming them', async () => {
    const { code, output } = await run(['--merge-base-url', 'https://api.merge.dev/api']);
    expect(code).toBe(2);
    expect(output).toContain('needs MERGE_API_KEY and MERGE_WEBHOOK_SIGNATURE_KEY');
  });

  it('a malformed setting in the environment: exit 2 naming the variable', async () => {
    const { code, output } = await run(['--no-demo', '--in-memory'], { OUTBOX_ABANDONED_AFTER_MS: 'soon' });
    expect(code).toBe(2);
    expect(output).toContain(
      "environment variable OUTBOX_ABANDONED_AFTER_MS must be a whole number of milliseconds, got 'soon'",
    );
  }, 60_000);

  it('a port in use: exit 1 saying so and how to choose another', async () => {
    const port = await freePort();
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      const { code, output } = await run(['--no-demo', '--in-memory', '--port', String(port)]);
      expect(code).toBe(1);
      expect(output).toContain(`port ${port} on 127.0.0.1 is in use; stop what uses it or pass --port N`);
    } finally {
      squatter.close();
    }
  }, 60_000);
});

describe('npm start with a problem it can live with, or tell how to fix', () => {
  it('an unreadable .data/: exit 1 saying how to reset it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'merge-sync-corrupt-'));
    mkdirSync(join(dir, '.data/dynamodb'), { recursive: true });
    writeFileSync(join(dir, '.data/dynamodb/CURRENT'), 'not a manifest\n');
    try {
      const child = spawnTypeScript(
        'infra/local/start.ts',
        ['--no-demo', '--port', String(await freePort())],
        {
          cwd: dir,
        },
      );
      let output = '';
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
      expect(output).toMatch(/the data in .*\.data cannot be read .*; reset it with: rm -rf .*\.data/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('an unreachable Merge: keeps running, reports it, and retries', async () => {
    const port = await freePort();
    const deadMerge = `http://127.0.0.1:${await freePort()}/api`;
    const child = spawnTypeScript(
      'infra/local/start.ts',
      ['--in-memory', '--port', String(port), '--merge-base-url', deadMerge],
      {
        env: {
          ...process.env,
          MERGE_API_KEY: 'k-unreachable-test',
          MERGE_WEBHOOK_SIGNATURE_KEY: 's-unreachable-test',
        },
      },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const deadline = Date.now() + 45_000;
    while (!output.includes('is unreachable') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    expect(output).toContain(`Merge at ${deadMerge} is unreachable (ECONNREFUSED); retrying in 15 s`);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    expect(output).not.toContain('k-unreachable-test');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);
});
