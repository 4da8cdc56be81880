import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { join } from 'node:path';
import { freePort } from '../../infra/local/stand-ins';
import { startNpmRuntime, type NpmRuntime } from '../helpers/npm-start';
import { startMergeSimulator, type MergeSimulator } from '../../infra/local/merge-simulator';

/**
 * A flood against the real local runtime (`npm start` in a child process, with a webhook path
 * secret as in AWS): 5,000 unsigned or wrongly signed requests, from the wrong path or the right
 * one, interleaved with 200 webhooks Merge signed. Every signed webhook is answered 200 on its first
 * attempt (Merge would not retry a 4xx) and processed: its record is in the feed once and its
 * change event is on the bus once. The AWS side of the design (the literal secret route) is shown
 * by test/infra/webhook-flood.test.ts.
 */
const apiKey = `flood-key-${randomBytes(8).toString('hex')}`;
const signingKey = `flood-signing-${randomBytes(8).toString('hex')}`;
const pathSecret = randomBytes(24).toString('base64url');
let sim: MergeSimulator;
let base: string;
let runtime: NpmRuntime;

beforeAll(async () => {
  sim = await startMergeSimulator({ apiKey, webhookSignatureKey: signingKey });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  runtime = await startNpmRuntime(port, ['--in-memory', '--merge-base-url', sim.baseUrl], {
    MERGE_API_KEY: apiKey,
    MERGE_WEBHOOK_SIGNATURE_KEY: signingKey,
    MERGE_WEBHOOK_PATH_SECRET: pathSecret,
  });
}, 90_000);

afterAll(async () => {
  runtime?.kill();
  await sim.close();
});

const waitFor = (check: () => Promise<boolean>, timeoutMs?: number) => runtime.waitFor(check, timeoutMs);

/** A deterministic shuffle (xorshift), so a failure replays the same interleaving. */
function shuffled<T>(items: T[], seed: number): T[] {
  let x = seed;
  const next = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), (x >>> 0) / 2 ** 32);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

interface Shot {
  signed: boolean;
  path: string;
  body: string;
  headers: Record<string, string>;
}

/** The status of a GET with the request target exactly as given (fetch would normalize it). */
function rawStatus(target: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/`, { path: target }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Sends every request, `concurrency` at a time; returns each one's status, in order. */
async function fire(shots: Shot[], concurrency: number): Promise<number[]> {
  const statuses: number[] = new Array<number>(shots.length);
  let nextIndex = 0;
  const worker = async () => {
    for (let i = nextIndex++; i < shots.length; i = nextIndex++) {
      const shot = shots[i]!;
      const res = await fetch(`${base}${shot.path}`, {
        method: 'POST',
        body: shot.body,
        headers: shot.headers,
      });
      await res.arrayBuffer();
      statuses[i] = res.status;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return statuses;
}

it('5,000 unsigned or forged requests interleaved with 200 signed webhooks: every signed one is accepted and processed once', async () => {
  const webhookPath = `/webhooks/merge/${pathSecret}`;
  expect(runtime.output()).toContain(`webhook URL   POST ${base}${webhookPath}`);

  // One account, linked by its signed webhook; its initial sync never finishes, so its records
  // can only arrive through the record webhooks below.
  const account = sim.linkAccount({ category: 'crm', integration: 'HubSpot' });
  sim.seedRecords(account.id, 'crm.Lead', 200);
  const linked = sim.signedRequest(sim.linkedEvent(account.id));
  const first = await fetch(`${base}${webhookPath}`, {
    method: 'POST',
    body: linked.body,
    headers: linked.headers,
  });
  expect(first.status).toBe(200);
  await waitFor(async () => (await fetch(`${base}/accounts/${account.id}`)).status === 200, 30_000);

  const leadIds = sim.records(account.id, 'crm.Lead').map((r) => String(r.id));
  const signed: Shot[] = leadIds.map((id) => {
    const request = sim.signedRequest(sim.changedDataEvent(account.id, 'crm.Lead', id, 'added'));
    return { signed: true, path: webhookPath, body: request.body, headers: request.headers };
  });
  const template = sim.signedRequest(sim.changedDataEvent(account.id, 'crm.Lead', leadIds[0]!, 'changed'));
  const forged = (i: number): Shot => {
    const json = { 'Content-Type': 'application/json' };
    switch (i % 5) {
      case 0: // no path secret at all
        return { signed: false, path: '/webhooks/merge', body: template.body, headers: template.headers };
      case 1: // a guessed secret, from one address or many: all the same to the front
        return {
          signed: false,
          path: `/webhooks/merge/${randomBytes(24).toString('base64url')}`,
          body: template.body,
          headers: { ...json, 'X-Forwarded-For': `198.51.100.${i % 250}` },
        };
      case 2: // the right URL, unsigned
        return { signed: false, path: webhookPath, body: template.body, headers: json };
      case 3: // the right URL, signed with another key
        return {
          signed: false,
          path: webhookPath,
          body: template.body,
          headers: { ...json, 'X-Merge-Webhook-Signature': randomBytes(32).toString('base64url') },
        };
      default: // the right URL, a valid signature over another body
        return { signed: false, path: webhookPath, body: `${template.body} `, headers: template.headers };
    }
  };
  const shots = shuffled([...signed, ...Array.from({ length: 5000 }, (_, i) => forged(i))], 20_240_613);
  const statuses = await fire(shots, 32);

  const signedStatuses = shots.flatMap((s, i) => (s.signed ? [statuses[i]] : []));
  expect(signedStatuses).toHaveLength(200);
  expect(signedStatuses.every((status) => status === 200)).toBe(true);
  const forgedStatuses = new Set(shots.flatMap((s, i) => (s.signed ? [] : [statuses[i]])));
  expect([...forgedStatuses].sort()).toEqual([401, 404]);

  // Processed: each record once in the feed, and one change event each on the bus.
  const feedIds = async () => {
    const ids: string[] = [];
    let cursor = '';
    for (;;) {
      const q = `?page_size=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = (await (await fetch(`${base}/accounts/${account.id}/records/crm.Lead${q}`)).json()) as {
        results: { id: string }[];
        next: string | null;
        has_more: boolean;
      };
      ids.push(...page.results.map((r) => r.id));
      if (!page.has_more) return ids;
      cursor = page.next!;
    }
  };
  let stored: string[] = [];
  await waitFor(async () => (stored = await feedIds()).length >= 200, 120_000);
  expect([...stored].sort()).toEqual([...leadIds].sort());
  const { events } = (await (await fetch(`${base}/local/events`)).json()) as {
    events: { detailType: string; detail: { accountId: string; recordId: string } }[];
  };
  const added = events.filter(
    (e) => e.detailType === 'Merge Record Added' && e.detail.accountId === account.id,
  );
  expect(added.map((e) => e.detail.recordId).sort()).toEqual([...leadIds].sort());

  // The runtime still answers, and hostile paths are answered cleanly.
  expect((await fetch(`${base}/health`)).status).toBe(200);
  expect((await fetch(`${base}/accounts/%zz`)).status).toBe(400);
  expect(await rawStatus('//[')).toBe(404); // no such path (parsing it used to throw: a 500)
  expect(await rawStatus('http://elsewhere/accounts')).toBe(400); // not origin-form
  expect((await fetch(`${base}/accounts/${account.id}/records/crm.Lead?page_size=1e3`)).status).toBe(400);
  for (const secret of [apiKey, signingKey, account.accountToken])
    expect(runtime.output()).not.toContain(secret);
}, 300_000);

it('webhook-url prints the URL to paste into Merge, the one the runtime serves', async () => {
  const run = spawn(join(__dirname, '../../node_modules/.bin/tsx'), [
    join(__dirname, '../../infra/cli/main.ts'),
    'webhook-url',
    '--url',
    base,
  ]);
  let stdout = '';
  run.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const code = await new Promise<number | null>((resolve) => run.once('exit', resolve));
  expect({ code, stdout }).toEqual({ code: 0, stdout: `${base}/webhooks/merge/${pathSecret}\n` });
}, 60_000);
