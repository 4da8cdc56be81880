/**
 * The Merge simulator in a process of its own (started by startSimHost): building and serving
 * pages costs CPU and, at 100,000 employees, gigabytes, none of which belongs to the code measured.
 * Its clock can be shifted (setClockOffset) so seeded data can be made older than a sync's cursor.
 */
import { startMergeSimulator, type MergeSimulator } from '../../../infra/local/merge-simulator';
import type { Category, WebhookPayload } from '../../../infra/local/merge-simulator/types';
import { serveHost } from './rpc';

let sim: MergeSimulator | undefined;
let clockOffsetMs = 0;
/**
 * While warping, every reading of the simulator's clock is 61 s after the previous one, so its
 * sliding-window rate limit never binds (used to pre-load data quickly; records already stamped keep
 * their times). Afterwards the clock runs at real speed again, ahead by a fixed offset.
 */
let warping = false;
const simNow = () => {
  if (warping) clockOffsetMs += 61_000;
  return Date.now() + clockOffsetMs;
};

const live = (): MergeSimulator => {
  if (!sim) throw new Error('simulator not started');
  return sim;
};

type Signed = { body: string; headers: Record<string, string> };
const signed = (payload: WebhookPayload): Signed => live().signedRequest(payload);

/** id -> "modified_at|deleted" of every record of a model, for counting what a change really touched. */
function fingerprint(accountId: string, modelId: string): Map<string, string> {
  return new Map(
    live()
      .records(accountId, modelId, { includeDeleted: true })
      .map((r) => [r.id, `${r.modified_at}|${String(r.remote_was_deleted)}`]),
  );
}

const api = {
  async start(options: {
    apiKey: string;
    webhookSignatureKey: string;
    pageDelayMs?: number;
    rateLimitPerMinute?: number;
    seed?: number;
  }) {
    sim = await startMergeSimulator({ ...options, now: simNow });
    return { baseUrl: sim.baseUrl };
  },
  setClockOffset(ms: number) {
    clockOffsetMs = ms;
  },
  setWarp(on: boolean) {
    warping = on;
  },
  /** `models: 'all'`: /sync-status lists every model of the category (default: the usual ones). */
  linkAccount(category: Category, models?: 'all') {
    const account = live().linkAccount({ category, ...(models ? { models } : {}) });
    return { id: account.id, accountToken: account.accountToken };
  },
  /** Seeds `count` records (and their related records); returns how many records of each model exist. */
  seed(accountId: string, modelId: string, count: number) {
    const s = live();
    for (let done = 0; done < count; done += 5000)
      s.seedRecords(accountId, modelId, Math.min(5000, count - done));
    return s.records(accountId, modelId).length;
  },
  finishSync(accountId: string) {
    live().finishSync(accountId, { result: 'DONE' });
  },
  runSync(accountId: string) {
    live().runSync(accountId, { result: 'DONE' });
  },
  linkedRequest: (accountId: string) => signed(live().linkedEvent(accountId)),
  syncCompletedRequest: (accountId: string, isInitialSync: boolean) =>
    signed(live().syncCompletedEvent(accountId, { isInitialSync })),
  modelSyncedRequest: (accountId: string, modelId: string) =>
    signed(live().modelSyncedEvent(accountId, modelId)),
  /**
   * Changes `update` and soft-deletes `remove` records of a model, spread evenly over its records,
   * and returns how many records of each of `watchModels` really differ afterwards (modified_at or
   * deleted flag), which is the number of writes a perfect sync needs.
   */
  change(accountId: string, modelId: string, update: number, remove: number, watchModels: string[]) {
    const s = live();
    const before = new Map(watchModels.map((m) => [m, fingerprint(accountId, m)]));
    const ids = s.records(accountId, modelId).map((r) => r.id);
    const total = update + remove;
    const step = Math.max(1, Math.floor(ids.length / Math.max(1, total)));
    const picked = Array.from({ length: Math.min(total, ids.length) }, (_, i) => ids[i * step] as string);
    picked.slice(0, update).forEach((id) => s.updateRecord(accountId, modelId, id));
    picked.slice(update).forEach((id) => s.deleteRecord(accountId, modelId, id));
    const differing: Record<string, number> = {};
    for (const m of watchModels) {
      const after = fingerprint(accountId, m);
      const old = before.get(m) ?? new Map<string, string>();
      differing[m] = [...after].filter(([id, print]) => old.get(id) !== print).length;
    }
    return {
      updated: Math.min(update, picked.length),
      deleted: Math.max(0, picked.length - update),
      differing,
    };
  },
  requestCount: (filter: { accountId?: string; pathIncludes?: string; status?: number }) =>
    live().requestCount(filter),
  /** The request log, compact: [arrival ms in real time (offset removed), status, accountId, path]. */
  requests(since = 0) {
    return live()
      .requests.map(
        (r) =>
          [r.time - clockOffsetMs, r.status, r.accountId ?? '', r.path] as [number, number, string, string],
      )
      .filter(([time]) => time >= since);
  },
  maxRequestsInWindow: (accountId: string, windowMs: number) =>
    live().maxRequestsInWindow(accountId, windowMs),
  resetRequestLog() {
    live().resetRequestLog();
  },
  memory: () => ({ rssMb: process.memoryUsage().rss / 2 ** 20 }),
  /** CPU time of this process so far (ms, user + system). */
  cpuMs: () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  },
  async close() {
    await sim?.close();
    sim = undefined;
  },
};

export type SimHostApi = typeof api;

serveHost(api);
