/**
 * Turns a MergeRequest into what one attempt sends: URL, headers, JSON body, and the facts the retry
 * loop needs (whose budget it spends, whether repeating it is safe). Validates everything a caller
 * controls before anything is sent. Pure.
 */
import { InvalidMergeRequestError } from './errors';
import type { MergeRequestTarget } from './errors';
import { HEADER_TOKEN } from './client-options';
import { safeSnippet } from './redact';
import { buildQuery, buildRequestPath, normalizeModelPath } from './request-url';
import { isMergeCategory, MERGE_METHODS } from './types';
import type { AccountContext, Category, MergeMethod, MergeRequest, RequestPriority } from './types';

/**
 * Who a request is for. `account`: a linked account's data, with its X-Account-Token, paced on its
 * budget. `organization`: an organization-wide endpoint (linked-accounts) that takes the API key alone.
 */
export type RequestScope =
  { kind: 'account'; account: AccountContext } | { kind: 'organization'; category: Category };

export interface PreparedRequest {
  target: MergeRequestTarget;
  method: MergeMethod;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** Never to appear in an error or event (API key, account token). */
  secrets: readonly string[];
  /** The linked account whose request budget it spends; undefined for organization requests. */
  pacedAccountId: string | undefined;
  /** Repeating it cannot apply it twice: a GET, or a write that carries an Idempotency-Key. */
  replaySafe: boolean;
  deadlineAtMs: number | undefined;
  /** Its turn in the account's schedule: writes go ahead of waiting reads. */
  priority: RequestPriority;
}

/** Idempotency keys are opaque; UUIDs are typical. Bounded so a mistake cannot send a huge header. */
const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

export function prepareRequest(
  baseUrl: string,
  apiKey: string,
  scope: RequestScope,
  request: MergeRequest,
): PreparedRequest {
  const account = scope.kind === 'account' ? scope.account : undefined;
  const secrets = account ? [apiKey, account.accountToken] : [apiKey];
  const rawCategory: unknown = scope.kind === 'account' ? scope.account.category : scope.category;
  // A plain lower-case segment, so a caller's string cannot change which endpoint is requested.
  const category = isMergeCategory(rawCategory) ? rawCategory : undefined;
  const modelPath = normalizeModelPath(request.path);
  const method = MERGE_METHODS.includes(request.method) ? request.method : undefined;
  const path = buildRequestPath(category ?? 'unknown', modelPath ?? 'invalid', buildQuery(request.query));
  const target: MergeRequestTarget = {
    method: method ?? 'INVALID',
    path,
    accountId: account?.accountId ?? '',
  };
  const refuse = (reason: string) => new InvalidMergeRequestError(target, reason);

  if (method === undefined)
    throw refuse(`unsupported method ${safeSnippet(String(request.method), secrets)}`);
  if (category === undefined) throw refuse(`unknown category ${safeSnippet(String(rawCategory), secrets)}`);
  if (modelPath === undefined) throw refuse(`invalid model path ${safeSnippet(request.path, secrets)}`);
  if (account && !HEADER_TOKEN.test(account.accountToken)) {
    throw refuse('account token is empty or not a valid header value');
  }
  const key = request.idempotencyKey;
  if (key !== undefined && (!HEADER_TOKEN.test(key) || key.length > MAX_IDEMPOTENCY_KEY_LENGTH)) {
    throw refuse('Idempotency-Key is empty, too long or not a valid header value');
  }
  if (method === 'GET' && (request.body !== undefined || key !== undefined)) {
    throw refuse('a GET carries no body and no Idempotency-Key');
  }
  const body = request.body === undefined ? undefined : toJson(request.body, refuse);

  const headers: Record<string, string> = { Authorization: `Bearer ${apiKey}`, Accept: 'application/json' };
  if (account) headers['X-Account-Token'] = account.accountToken;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (key !== undefined) headers['Idempotency-Key'] = key;
  return {
    target,
    method,
    url: `${baseUrl}${path}`,
    headers,
    body,
    secrets,
    pacedAccountId: account?.accountId,
    replaySafe: method === 'GET' || key !== undefined,
    deadlineAtMs: request.deadlineAtMs,
    priority: request.priority ?? (method === 'GET' ? 'read' : 'write'),
  };
}

function toJson(value: unknown, refuse: (reason: string) => Error): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    // A cycle or a BigInt; the message would quote the value, which may be a customer's data.
    throw refuse('body cannot be serialized as JSON');
  }
  if (json === undefined) throw refuse('body cannot be serialized as JSON');
  return json;
}
