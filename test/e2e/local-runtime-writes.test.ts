import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '../../infra/local/stand-ins';
import { startNpmRuntime, type NpmRuntime } from '../helpers/npm-start';

/**
 * `npm start -- --merge-base-url URL` sends writes to that URL: the runtime in a child process,
 * driven over HTTP, against a small Merge written here from the reference alone (merge-common-models
 * §3.0: `{"model": {...}}` bodies, `meta/post` with a `request_schema`, `{model, warnings, errors,
 * logs}` answers), not our simulator. Where the reference is unsure (a create's status, 201 or 200)
 * it answers both ways.
 */
const apiKey = `e2e-key-${randomBytes(8).toString('hex')}`;
const signingKey = `e2e-signing-${randomBytes(8).toString('hex')}`;
const accountToken = `token-${randomBytes(8).toString('hex')}`;
const accountId = randomUUID();

interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}
const seen: Seen[] = [];
let merge: Server;
let mergeBase: string;
let base: string;
let runtime: NpmRuntime;
let creates = 0;

function answer(req: IncomingMessage, body: string): { status: number; json: unknown } {
  const path = (req.url ?? '').split('?')[0] ?? '';
  if (req.headers.authorization !== `Bearer ${apiKey}`) return { status: 401, json: { detail: 'no' } };
  if (path.endsWith('/account-details'))
    return {
      status: 200,
      json: {
        id: accountId,
        integration: 'Jira',
        integration_slug: 'jira',
        category: 'ticketing',
        status: 'COMPLETE',
      },
    };
  if (path === '/api/ticketing/v1/tickets/meta/post')
    return {
      status: 200,
      json: {
        request_schema: {
          type: 'object',
          properties: {
            model: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
          },
          required: ['model'],
        },
        remote_field_classes: {},
        status: { linked_account_status: 'COMPLETE', can_make_request: true },
        has_conditional_params: false,
        has_required_linked_account_params: false,
        remote_fields: [],
      },
    };
  if (req.method === 'POST' && path === '/api/ticketing/v1/tickets') {
    const model = (JSON.parse(body) as { model: Record<string, unknown> }).model;
    const now = new Date().toISOString();
    const record = {
      id: randomUUID(),
      remote_id: String(++creates),
      created_at: now,
      modified_at: now,
      ...model,
      remote_was_deleted: false,
    };
    return {
      status: creates % 2 === 1 ? 201 : 200,
      json: { model: record, warnings: [], errors: [], logs: [] },
    };
  }
  // Lists and /sync-status: nothing (this test is about writes).
  return { status: 200, json: { next: null, previous: null, results: [] } };
}

beforeAll(async () => {
  merge = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      const { status, json } = answer(req, body);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => merge.listen(0, '127.0.0.1', resolve));
  mergeBase = `http://127.0.0.1:${(merge.address() as AddressInfo).port}/api`;
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  runtime = await startNpmRuntime(port, ['--in-memory', '--merge-base-url', mergeBase], {
    MERGE_API_KEY: apiKey,
    MERGE_WEBHOOK_SIGNATURE_KEY: signingKey,
  });
}, 120_000);

afterAll(async () => {
  runtime?.kill();
  await new Promise((resolve) => merge.close(resolve));
});

const waitFor = (check: () => Promise<boolean>, timeoutMs?: number) => runtime.waitFor(check, timeoutMs);

async function linkAccount(): Promise<void> {
  const body = JSON.stringify({
    hook: { id: randomUUID(), event: 'LinkedAccount.linked', target: `${base}/webhooks/merge` },
    linked_account: {
      id: accountId,
      integration: 'Jira',
      integration_slug: 'jira',
      category: 'ticketing',
      end_user_origin_id: 'customer-1',
      end_user_organization_name: 'Customer One',
      status: 'COMPLETE',
      is_duplicate: null,
      account_type: 'PRODUCTION',
    },
    data: { account_token: accountToken, is_relink: false },
  });
  const signature = createHmac('sha256', signingKey).update(body).digest('base64url');
  const res = await fetch(`${base}/webhooks/merge`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Merge-Webhook-Signature': signature },
    body,
  });
  expect(res.status).toBe(200);
  await waitFor(async () => (await fetch(`${base}/accounts/${accountId}`)).status === 200);
}

const write = async (data: Record<string, unknown>, key: string) => {
  const res = await fetch(`${base}/accounts/${accountId}/writes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'ticketing.Ticket', operation: 'create', data, idempotency_key: key }),
  });
  expect(res.status).toBe(202);
  return String(((await res.json()) as { write_id: string }).write_id);
};

const finished = async (writeId: string) => {
  let view: Record<string, unknown> = {};
  await waitFor(async () => {
    view = (await (await fetch(`${base}/accounts/${accountId}/writes/${writeId}`)).json()) as Record<
      string,
      unknown
    >;
    return view.status === 'succeeded' || view.status === 'failed';
  });
  return view;
};

it('sends writes to the --merge-base-url Merge as the reference describes, 201 or 200', async () => {
  await linkAccount();
  const first = await write({ name: 'Outdated TLS on lb-1', priority: 'HIGH' }, 'finding-1');
  const second = await write({ name: 'Open port 8080 on lb-2' }, 'finding-2');
  const unnamed = await write({ priority: 'LOW' }, 'finding-3');
  expect(await finished(first)).toMatchObject({ status: 'succeeded', attempts: 1 });
  expect(await finished(second)).toMatchObject({ status: 'succeeded', attempts: 1 });
  expect(await finished(unnamed)).toMatchObject({
    status: 'failed',
    error: { code: 'missing_required_fields', fields: ['name'] },
  });

  const posts = seen.filter((s) => s.method === 'POST' && s.path.startsWith('/api/ticketing/v1/tickets'));
  expect(posts.map((p) => JSON.parse(p.body))).toEqual([
    { model: { name: 'Outdated TLS on lb-1', priority: 'HIGH' } },
    { model: { name: 'Open port 8080 on lb-2' } },
  ]);
  for (const post of posts) expect(post.headers['x-account-token']).toBe(accountToken);
  // Each write its own key at Merge, derived from its write id.
  expect(posts.map((p) => p.headers['idempotency-key'])).toEqual([
    expect.stringContaining(first),
    expect.stringContaining(second),
  ]);
  expect(seen.filter((s) => s.path.startsWith('/api/ticketing/v1/tickets/meta/post'))).toHaveLength(1);
  // The created tickets are in the read API at once (the default config syncs ticketing.Ticket).
  let names: string[] = [];
  await waitFor(async () => {
    const res = await fetch(`${base}/accounts/${accountId}/records/ticketing.Ticket`);
    names = ((await res.json()) as { results: { name: string }[] }).results.map((r) => r.name).sort();
    return names.length === 2;
  });
  expect(names).toEqual(['Open port 8080 on lb-2', 'Outdated TLS on lb-1']);
}, 240_000);
