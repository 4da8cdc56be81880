import { startMergeSimulator } from '../../infra/local/merge-simulator';
import type { MergeSimulator, SimAccount, SimulatorOptions } from '../../infra/local/merge-simulator';

export const API_KEY = 'test-api-key-0123456789';
export const SIGNATURE_KEY = 'test-webhook-signature-key';

/** A clock tests move by hand. */
export class FakeClock {
  constructor(public ms = Date.UTC(2025, 0, 1, 0, 0, 0)) {}
  now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface Harness {
  sim: MergeSimulator;
  clock: FakeClock;
  /** GET/POST with the Bearer key and, when given, an account token. */
  call: (
    path: string,
    opts?: { token?: string | null; method?: string; auth?: string | null },
  ) => Promise<Response>;
  json: <T = Json>(
    path: string,
    opts?: { token?: string | null; method?: string },
  ) => Promise<{ status: number; body: T }>;
}

export type Json = Record<string, unknown>;

export async function startHarness(options: Partial<SimulatorOptions> = {}): Promise<Harness> {
  const clock = new FakeClock();
  const sim = await startMergeSimulator({
    apiKey: API_KEY,
    webhookSignatureKey: SIGNATURE_KEY,
    seed: 7,
    now: clock.now,
    ...options,
  });
  const call: Harness['call'] = (path, opts = {}) => {
    const headers: Record<string, string> = {};
    if (opts.auth !== null) headers.Authorization = opts.auth ?? `Bearer ${API_KEY}`;
    if (opts.token) headers['X-Account-Token'] = opts.token;
    return fetch(`${sim.baseUrl}${path}`, { method: opts.method ?? 'GET', headers });
  };
  const json: Harness['json'] = async (path, opts) => {
    const res = await call(path, opts);
    const text = await res.text();
    return { status: res.status, body: (text === '' ? {} : JSON.parse(text)) as never };
  };
  return { sim, clock, call, json };
}

export interface Page<T = Json> {
  next: string | null;
  previous: string | null;
  results: T[];
}

/** Follows `next` cursors to the end, returning every page. */
export async function allPages<T = Json>(h: Harness, account: SimAccount, path: string): Promise<Page<T>[]> {
  const pages: Page<T>[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const url: string = cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path;
    const { status, body } = await h.json<Page<T>>(url, { token: account.accountToken });
    if (status !== 200) throw new Error(`GET ${url} -> ${status}`);
    pages.push(body);
    cursor = body.next;
  } while (cursor !== null);
  return pages;
}

export function ids(records: readonly { id?: unknown }[]): string[] {
  return records.map((r) => String(r.id));
}

export const ISO_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
