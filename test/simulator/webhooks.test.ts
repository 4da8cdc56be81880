// Reference sections 6 and 7: envelopes, event names, signature, delivery retries.
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SIGNATURE_KEY, startHarness } from './helpers';
import type { Harness, Json } from './helpers';

interface Received {
  body: string;
  signature: string | undefined;
  contentType: string | undefined;
}

/** A receiver answering each delivery attempt with the next scripted action. */
async function receiver(
  script: (number | 'hang')[],
): Promise<{ url: string; got: Received[]; close: () => Promise<void> }> {
  const got: Received[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      got.push({
        body,
        signature: req.headers['x-merge-webhook-signature'] as string | undefined,
        contentType: req.headers['content-type'],
      });
      const action = script[got.length - 1] ?? 200;
      if (action === 'hang') return;
      res.writeHead(action).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/merge`,
    got,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('merge simulator: webhooks', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({
      webhookRetryBackoffMs: 10,
      webhookTarget: 'https://app.example.com/webhooks/merge',
    });
  });
  afterEach(async () => {
    await h.sim.close();
  });

  test('sign() is base64url(HMAC-SHA256(key, raw body)) with = padding', () => {
    const body = JSON.stringify({ hello: 'wörld', n: [1, 2, 3] });
    const expected = createHmac('sha256', SIGNATURE_KEY).update(body).digest('base64url') + '=';
    expect(h.sim.sign(body)).toBe(expected);
    expect(expected).toHaveLength(44);
  });

  test('LinkedAccount.linked carries the envelope and data.account_token', () => {
    const account = h.sim.linkAccount({
      category: 'hris',
      endUserOriginId: 'org_1',
      endUserOrganizationName: 'Acme',
    });
    const payload = h.sim.linkedEvent(account.id);
    expect(Object.keys(payload)).toEqual(['hook', 'linked_account', 'data']);
    expect(payload.hook).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      event: 'LinkedAccount.linked',
      target: 'https://app.example.com/webhooks/merge',
    });
    expect(payload.linked_account).toEqual({
      id: account.id,
      integration: 'BambooHR',
      integration_slug: 'bamboohr',
      category: 'hris',
      end_user_origin_id: 'org_1',
      end_user_organization_name: 'Acme',
      end_user_email_address: account.endUserEmailAddress,
      status: 'COMPLETE',
      webhook_listener_url: account.webhookListenerUrl,
      is_duplicate: null,
      account_type: 'PRODUCTION',
      completed_at: account.completedAt,
    });
    expect(payload.data).toEqual({ account_token: account.accountToken, is_relink: false });
    expect(h.sim.linkedEvent(account.id, { isRelink: true }).data.is_relink).toBe(true);
    // hook.id names the webhook configuration of the event type, so it repeats.
    expect(h.sim.linkedEvent(account.id).hook.id).toBe(payload.hook.id);
    expect(h.sim.accountDeletedEvent(account.id).hook.id).not.toBe(payload.hook.id);
  });

  test('LinkedAccount.sync_completed: is_initial_sync and a sync_status map keyed by model_id', () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    h.sim.finishSync(account.id);
    const first = h.sim.syncCompletedEvent(account.id);
    expect(first.hook.event).toBe('LinkedAccount.sync_completed');
    const finished = h.sim.syncStatus(account.id)[0]?.last_sync_finished;
    expect(first.data).toEqual({
      is_initial_sync: true,
      sync_status: {
        'hris.Employee': { last_sync_result: 'DONE', last_sync_finished: finished },
        'hris.Employment': { last_sync_result: 'DONE', last_sync_finished: finished },
      },
    });
    expect(JSON.stringify(first)).not.toContain(account.accountToken);
    h.sim.runSync(account.id, { result: 'FAILED' });
    const second = h.sim.syncCompletedEvent(account.id, { models: ['hris.Employee'] });
    expect(second.data.is_initial_sync).toBe(false);
    expect(Object.keys(second.data.sync_status as Json)).toEqual(['hris.Employee']);
    expect(h.sim.syncCompletedEvent(account.id, { isInitialSync: true }).data.is_initial_sync).toBe(true);
  });

  test('{Model}.synced carries the full sync status plus data_fresh_as_of and sync_status_reason', () => {
    const account = h.sim.linkAccount({ category: 'ats', integration: 'Ashby', integrationSlug: 'ashby' });
    h.sim.runSync(account.id);
    const payload = h.sim.modelSyncedEvent(account.id, 'ats.Candidate');
    const entry = h.sim.syncStatus(account.id)[0];
    expect(payload.hook.event).toBe('Candidate.synced');
    expect(payload.data).toEqual({
      integration_name: 'Ashby',
      integration_id: 'ashby',
      synced_fields: expect.arrayContaining(['first_name']),
      sync_status: {
        ...entry,
        data_fresh_as_of: entry?.last_sync_start,
        sync_status_reason: null,
        is_initial_sync: true,
      },
    });
  });

  test('changed-data events use Merge model names and carry the record', () => {
    const crm = h.sim.linkAccount({ category: 'crm' });
    const [contact] = h.sim.seedRecords(crm.id, 'crm.Contact', 1);
    const files = h.sim.linkAccount({ category: 'filestorage' });
    const [file] = h.sim.seedRecords(files.id, 'filestorage.File', 1);
    const hris = h.sim.linkAccount({ category: 'hris' });
    const [employee] = h.sim.seedRecords(hris.id, 'hris.Employee', 1);
    expect(h.sim.changedDataEvent(crm.id, 'crm.Contact', contact?.id ?? '', 'changed').hook.event).toBe(
      'CRMContact.changed',
    );
    expect(h.sim.changedDataEvent(files.id, 'filestorage.File', file?.id ?? '', 'added').hook.event).toBe(
      'FileStorageFile.added',
    );
    const lead = h.sim.addRecord(crm.id, 'crm.Lead');
    expect(h.sim.changedDataEvent(crm.id, 'crm.Lead', lead.id, 'added').hook.event).toBe('Lead.added');

    h.sim.deleteRecord(hris.id, 'hris.Employee', employee?.id ?? '');
    const removed = h.sim.changedDataEvent(hris.id, 'hris.Employee', employee?.id ?? '', 'removed');
    expect(removed.hook.event).toBe('Employee.removed');
    const stored = h.sim.records(hris.id, 'hris.Employee', { includeDeleted: true })[0];
    if (!stored) throw new Error('no employee');
    const { remote_data: _omitted, ...expected } = stored;
    expect(removed.data).toEqual(expected);
    expect(removed.data.remote_was_deleted).toBe(true);
  });

  test('LinkedAccount.deleted (after deletion) and Issue.new / Issue.resolved', () => {
    const account = h.sim.linkAccount({ category: 'ticketing' });
    const issue = h.sim.issueEvent(account.id, {
      status: 'ONGOING',
      errorDescription: 'Invalid login credentials',
    });
    expect(issue.hook.event).toBe('Issue.new');
    expect(issue.data).toMatchObject({
      status: 'ONGOING',
      error_description: 'Invalid login credentials',
      is_muted: false,
    });
    const resolved = h.sim.issueEvent(
      account.id,
      { status: 'RESOLVED', errorDescription: 'Invalid login credentials' },
      'Issue.resolved',
    );
    expect(resolved.hook.event).toBe('Issue.resolved');
    expect(resolved.data.id).toBe(issue.data.id);

    h.sim.deleteAccount(account.id);
    const deleted = h.sim.accountDeletedEvent(account.id);
    expect(deleted.hook.event).toBe('LinkedAccount.deleted');
    expect(deleted.linked_account.id).toBe(account.id);
    expect(deleted.data).toEqual({});
  });

  test('signedRequest and deliverWebhook send the raw body with a verifiable signature', async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    const payload = h.sim.linkedEvent(account.id);
    const signed = h.sim.signedRequest(payload);
    expect(signed.headers).toEqual({
      'Content-Type': 'application/json',
      'X-Merge-Webhook-Signature': h.sim.sign(signed.body),
    });
    const r = await receiver([200]);
    try {
      expect(await h.sim.deliverWebhook(r.url, payload)).toEqual({ attempts: 1, statuses: [200] });
      const got = r.got[0];
      expect(got?.body).toBe(signed.body);
      expect(got?.contentType).toBe('application/json');
      const expected = createHmac('sha256', SIGNATURE_KEY)
        .update(got?.body ?? '')
        .digest('base64url');
      expect(got?.signature?.replace(/=+$/, '')).toBe(expected);
    } finally {
      await r.close();
    }
  });

  test('deliverWebhook retries twice on 5xx, never on 4xx, and on a timeout', async () => {
    const account = h.sim.linkAccount({ category: 'hris' });
    const payload = h.sim.accountDeletedEvent(account.id);
    const cases: [(number | 'hang')[], number[]][] = [
      [
        [500, 502, 200],
        [500, 502, 200],
      ],
      [
        [500, 500, 500, 200],
        [500, 500, 500],
      ],
      [[400], [400]],
      [
        [503, 429],
        [503, 429],
      ],
      [
        ['hang', 200],
        [0, 200],
      ],
    ];
    for (const [script, statuses] of cases) {
      const r = await receiver(script);
      try {
        const result = await h.sim.deliverWebhook(r.url, payload, { timeoutMs: 150 });
        expect({ script, result }).toEqual({ script, result: { attempts: statuses.length, statuses } });
        expect(new Set(r.got.map((g) => g.signature)).size).toBe(1);
      } finally {
        await r.close();
      }
    }
  });

  test('deliverWebhook counts a refused connection as a failed attempt', async () => {
    const r = await receiver([]);
    await r.close();
    const account = h.sim.linkAccount({ category: 'hris' });
    const result = await h.sim.deliverWebhook(r.url, h.sim.linkedEvent(account.id), { timeoutMs: 200 });
    expect(result).toEqual({ attempts: 3, statuses: [0, 0, 0] });
  });
});
