import { RESULT_PREFIX } from './lib/env';
import { randomBytes, randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { startMergeSimulator } from '../../infra/local/merge-simulator';
import type { WebhookPayload } from '../../infra/local/merge-simulator/types';
import { canonicalSignature } from '../../shared/merge/signature';
import { DynamoRecordStore } from '../../shared/store/dynamodb/record-store';
import type { StoredRecord } from '../../shared/core/records';
import { findSecrets, LogTap } from './lib/log-tap';
import { RuntimeProcess } from './lib/runtime-process';
import type { PartResult } from './run';

/**
 * The load burst: the local runtime (`npm start`, a child process) receives a burst of signed
 * webhooks on 127.0.0.1 - by default 5,000 distinct `Ticket.added` events in about 10 s, 3% of them
 * delivered twice as Merge retries do - from a bounded loop with limited concurrency. Each event adds a
 * record that exists nowhere else (not at Merge), so its effect can only come from that webhook.
 * Afterwards: every event answered 2xx is processed exactly once in effect (its record stored exactly
 * as sent, its dedupe marker DONE), nothing else appears, and no key or token is in any output.
 */
async function main() {
  const total = Number(process.env.CHAOS_LOAD_WEBHOOKS ?? 5000);
  const seconds = Number(process.env.CHAOS_LOAD_SECONDS ?? 10);
  const concurrency = Number(process.env.CHAOS_LOAD_CONCURRENCY ?? 32);
  const started = Date.now();
  const tap = LogTap.install();
  const apiKey = `load-api-key-${randomBytes(12).toString('hex')}`;
  const signingKey = `load-signing-key-${randomBytes(12).toString('hex')}`;
  const sim = await startMergeSimulator({ apiKey, webhookSignatureKey: signingKey, seed: 5000 });
  const runtime = new RuntimeProcess({
    cwd: tmpdir(),
    mergeBaseUrl: sim.baseUrl,
    apiKey,
    signingKey,
    inMemory: true,
  });
  const problems: string[] = [];
  const answers: string[] = [];
  try {
    await runtime.start();
    const account = sim.linkAccount({ category: 'ticketing' });
    sim.seedRecords(account.id, 'ticketing.Ticket', 20);
    const hook = `${runtime.url}/webhooks/merge`;
    const linked = await sim.deliverWebhook(hook, sim.linkedEvent(account.id));
    if (linked.statuses.at(-1) !== 200)
      throw new Error(`LinkedAccount.linked answered ${linked.statuses.join(',')}`);
    // Merge sends an account's data webhooks after its LinkedAccount.linked (and its initial sync):
    // the burst waits until the account is stored. A data webhook that overtakes its own account's
    // link is dropped as an unknown account's (organization-wide webhooks, reference §12), and the
    // account's initial sync then fetches that record from Merge; these records exist only here.
    const storedBy = Date.now() + 60_000;
    while ((await fetch(`${runtime.url}/accounts/${account.id}`)).status !== 200) {
      if (Date.now() > storedBy) throw new Error('the linked account was not stored within 60 s');
      await new Promise((r) => setTimeout(r, 200));
    }
    sim.finishSync(account.id, { result: 'DONE' });
    await sim.deliverWebhook(hook, sim.modelSyncedEvent(account.id, 'ticketing.Ticket'));

    // The events: distinct records that only these webhooks carry.
    const template = sim.changedDataEvent(
      account.id,
      'ticketing.Ticket',
      (sim.records(account.id, 'ticketing.Ticket')[0] as { id: string }).id,
      'added',
    );
    const events: { body: string; signature: string; id: string }[] = [];
    for (let i = 0; i < total; i++) {
      const id = randomUUID();
      const payload: WebhookPayload = {
        ...template,
        data: {
          ...template.data,
          id,
          remote_id: `load-${i}`,
          name: `load ticket ${i}`,
          modified_at: '2030-01-01T00:00:00.000000Z',
        },
      };
      const body = JSON.stringify(payload);
      events.push({ body, signature: sim.sign(body), id });
    }
    // Merge's retries: 3% delivered a second time, a little later in the burst.
    const deliveries = events.map((e, i) => ({ event: e, at: (i * seconds * 1000) / total }));
    for (let i = 0; i < total; i += 33) {
      const e = events[i] as (typeof events)[number];
      deliveries.push({ event: e, at: Math.min(seconds * 1000, (i * seconds * 1000) / total + 500) });
    }
    deliveries.sort((a, b) => a.at - b.at);

    const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
    const post = (body: string, signature: string) =>
      new Promise<{ status: number; ms: number; body: string }>((resolve) => {
        const t0 = performance.now();
        const req = request(
          hook,
          {
            method: 'POST',
            agent,
            headers: {
              'content-type': 'application/json',
              'x-merge-webhook-signature': signature,
              'content-length': Buffer.byteLength(body),
            },
            timeout: 10_000,
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                ms: performance.now() - t0,
                body: Buffer.concat(chunks).toString(),
              }),
            );
          },
        );
        req.on('timeout', () => req.destroy());
        req.on('error', () => resolve({ status: 0, ms: performance.now() - t0, body: '' }));
        req.end(body);
      });

    const acceptedIds = new Set<string>();
    const acceptedSignatures = new Set<string>();
    const statuses = new Map<number, number>();
    const latencies: number[] = [];
    let sent = 0;
    let retried = 0;
    let next = 0;
    const burstStart = Date.now();
    const worker = async () => {
      while (next < deliveries.length) {
        const d = deliveries[next++] as (typeof deliveries)[number];
        const wait = burstStart + d.at - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        // Merge's policy: one attempt and two retries on anything but 2xx and 4xx.
        for (let attempt = 0; attempt < 3; attempt++) {
          if (attempt > 0) retried++;
          const answer = await post(d.event.body, d.event.signature);
          sent++;
          latencies.push(answer.ms);
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          if (answers.length < 200) answers.push(answer.body);
          if (answer.status >= 200 && answer.status < 300) {
            acceptedIds.add(d.event.id);
            acceptedSignatures.add(canonicalSignature(d.event.signature));
            break;
          }
          if (answer.status >= 400 && answer.status < 500) break;
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const burstMs = Date.now() - burstStart;
    agent.destroy();

    // Processing: wait until the events queue is empty and every accepted record is stored.
    const records = new DynamoRecordStore(runtime.dynamodb, runtime.endpoints?.tableName ?? 'merge-sync');
    const list = async () => {
      const all: StoredRecord[] = [];
      let token: string | null = null;
      do {
        const page = await records.list(account.id, 'ticketing.Ticket', token, 1000);
        all.push(...page.items);
        token = page.next;
      } while (token);
      return all;
    };
    const drainStart = Date.now();
    let stored: StoredRecord[] = [];
    for (;;) {
      const depth = await runtime.depth('events');
      stored = await list();
      const landed = stored.filter((r) => acceptedIds.has(r.id)).length;
      if (depth === 0 && landed >= acceptedIds.size) break;
      if (Date.now() - drainStart > 240_000) {
        problems.push(`not processed within 240 s: ${landed}/${acceptedIds.size} stored, ${depth} queued`);
        break;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    const drainMs = Date.now() - drainStart;
    const byId = new Map(stored.map((r) => [r.id, r]));
    const simIds = new Set(
      sim.records(account.id, 'ticketing.Ticket', { includeDeleted: true }).map((r) => r.id),
    );
    let processed = 0;
    let wrong = 0;
    for (const e of events) {
      if (!acceptedIds.has(e.id)) continue;
      const mine = byId.get(e.id);
      const sentData = (JSON.parse(e.body) as { data: Record<string, unknown> }).data;
      if (!mine) continue;
      if (JSON.stringify(mine.data) === JSON.stringify(sentData)) processed++;
      else wrong++;
    }
    const extra = stored.filter((r) => !acceptedIds.has(r.id) && !simIds.has(r.id)).length;
    // Dedupe markers: one DONE per distinct accepted event (a duplicate delivery adds none).
    let markers = 0;
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const out = await runtime.dynamodb.send(
        new ScanCommand({
          TableName: runtime.endpoints?.tableName ?? 'merge-sync',
          FilterExpression: 'begins_with(pk, :p) AND #s = :done',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':p': { S: 'DEDUPE#' }, ':done': { S: 'DONE' } },
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of out.Items ?? []) {
        const pk = item.pk && 'S' in item.pk ? item.pk.S : '';
        if (acceptedSignatures.has((pk ?? '').replace(/^DEDUPE#/, ''))) markers++;
      }
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    const lost = acceptedIds.size - processed - wrong;
    if (lost > 0) problems.push(`${lost} accepted webhook(s) never took effect`);
    if (wrong > 0) problems.push(`${wrong} record(s) stored differently from their webhook`);
    if (extra > 0) problems.push(`${extra} record(s) nobody sent`);
    if (markers !== acceptedSignatures.size)
      problems.push(`${markers} dedupe markers DONE for ${acceptedSignatures.size} distinct accepted events`);
    const fiveXx = [...statuses.entries()]
      .filter(([s]) => s >= 500 || s === 0)
      .reduce((n, [, c]) => n + c, 0);
    if (fiveXx > 0) problems.push(`${fiveXx} answer(s) were 5xx or no answer (Merge retried them)`);
    const dlq =
      (await runtime.depth('eventsDlq')) +
      (await runtime.depth('jobsDlq')) +
      (await runtime.depth('pollsDlq'));
    if (dlq > 0) problems.push(`${dlq} dead letter(s)`);
    const code = await runtime.stop('SIGTERM');
    if (code !== 0) problems.push(`the runtime exited with ${code} on SIGTERM`);
    const leaks = findSecrets(
      [...runtime.output, ...answers, ...tap.lines()],
      [apiKey, signingKey, account.accountToken],
    );
    if (leaks.length > 0) problems.push(`${leaks.length} output line(s) with a secret`);
    latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      Math.round((latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0) * 10) /
      10;
    const result: PartResult = {
      part: 'webhook load burst',
      ok: problems.length === 0,
      durationMs: Date.now() - started,
      figures: {
        distinctEvents: total,
        deliveries: deliveries.length,
        requestsSent: sent,
        mergeRetries: retried,
        statuses: Object.fromEntries(statuses),
        acceptedDistinct: acceptedIds.size,
        processedExactlyOnceInEffect: processed,
        dedupeMarkersDone: markers,
        lost,
        extra,
        burstSeconds: Math.round(burstMs / 100) / 10,
        requestsPerSecond: Math.round(sent / (burstMs / 1000)),
        latencyMs: { p50: pct(0.5), p95: pct(0.95), p99: pct(0.99), max: pct(1) },
        processingSecondsAfterBurst: Math.round(drainMs / 100) / 10,
        concurrency,
        runtimeLogLinesScanned: runtime.output.length,
      },
      problems,
    };
    tap.print(`${RESULT_PREFIX}${JSON.stringify(result)}`);
  } finally {
    await runtime.stop('SIGTERM').catch(() => undefined);
    await sim.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`load burst failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(2);
  },
);
