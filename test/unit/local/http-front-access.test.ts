import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startHttpFront } from '../../../infra/local/http-front';

/**
 * With --host opening the port to the network, the console (no sign-in locally, and it can remove
 * accounts), the write API and /local/* (the CLI's token key) answer only callers on this machine;
 * the webhook URL, the read API and /health stay open, as the docs say. A front that trusts no
 * caller stands in for a request from another machine.
 */
const calls: string[] = [];
const handler = (name: string) => async () => {
  calls.push(name);
  return { statusCode: 200, body: JSON.stringify({ handledBy: name }) };
};
let server: Server;
let base: string;

beforeAll(async () => {
  server = await startHttpFront({
    port: 0,
    webhookReceiver: handler('webhook-receiver'),
    webhookPathSecrets: [],
    readApi: handler('read-api'),
    writeApi: handler('write-api'),
    console: handler('console'),
    isReady: () => true,
    localRoutes: { '/local/runtime': () => ({ tokenKey: 'secret' }) },
    isTrustedClient: () => false,
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it.each([
  ['GET', '/console/'],
  ['POST', '/console/api/accounts/a1/remove'],
  ['GET', '/local/runtime'],
  ['POST', '/accounts/a1/writes'],
  ['GET', '/accounts/a1/writes/w1'],
])('%s %s from another machine: 403, no handler runs', async (method, path) => {
  calls.length = 0;
  const res = await fetch(`${base}${path}`, { method, ...(method === 'POST' ? { body: '{}' } : {}) });
  expect(res.status).toBe(403);
  expect(await res.text()).not.toContain('secret');
  expect(calls).toEqual([]);
});

it.each([
  ['POST', '/webhooks/merge', 'webhook-receiver'],
  ['GET', '/accounts', 'read-api'],
  ['GET', '/accounts/a1/records/hris.Employee', 'read-api'],
])('%s %s from another machine: served', async (method, path, name) => {
  const res = await fetch(`${base}${path}`, { method, ...(method === 'POST' ? { body: '{}' } : {}) });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ handledBy: name });
});

it('GET /health from another machine: served', async () => {
  expect((await fetch(`${base}/health`)).status).toBe(200);
});
