/**
 * What one HTTP attempt amounted to: the value the caller wanted, or a classified failure with the
 * typed error to throw if it is not retried. Emits the attempt's response / transport events.
 */
import {
  MalformedResponseError,
  MergeAuthError,
  MergeHttpError,
  MergeNetworkError,
  MergeTimeoutError,
} from './errors';
import type { MergeClientError } from './errors';
import type { MergeClientEvent } from './events';
import type { HttpAttemptResult } from './http';
import { parseJsonBody } from './page';
import type { BodyReadResult } from './page';
import type { PreparedRequest } from './request-builder';
import { redactSecrets, safeSnippet } from './redact';
import { serverRequestedWait } from './retry-after';
import type { AttemptFailure } from './retry-policy';
import type { MergeResponse } from './types';

/** Reads a 2xx answer into what the caller wants; a failure is a malformed response (retried on a GET). */
export type BodyReader<T> = (response: MergeResponse) => BodyReadResult<T>;

export type AttemptOutcome<T> =
  { ok: true; value: T } | { ok: false; failure: AttemptFailure; error: MergeClientError };

export interface AttemptContext<T> {
  request: PreparedRequest;
  attempt: number;
  result: HttpAttemptResult;
  durationMs: number;
  timeoutMs: number;
  nowMs: number;
  read: BodyReader<T>;
  emit: (event: MergeClientEvent) => void;
}

export function interpretAttempt<T>(context: AttemptContext<T>): AttemptOutcome<T> {
  const { request, attempt, result, durationMs, emit } = context;
  const { target, secrets } = request;
  const base = { ...target, attempt };
  if (result.kind === 'timeout') {
    emit({ type: 'transport-error', ...base, reason: 'timeout', durationMs });
    return {
      ok: false,
      failure: { kind: 'timeout' },
      error: new MergeTimeoutError(target, context.timeoutMs),
    };
  }
  if (result.kind === 'network') {
    const description = redactSecrets(result.description, secrets);
    const code = result.code === undefined ? {} : { code: result.code };
    emit({ type: 'transport-error', ...base, reason: 'network', ...code, durationMs });
    return {
      ok: false,
      failure: { kind: 'network', ...code },
      error: new MergeNetworkError(target, result.code, description),
    };
  }
  const { status, headers, body } = result;
  emit({ type: 'response', ...base, status, durationMs });
  if (status >= 200 && status < 300) {
    const json = parseJsonBody(body);
    const read = json.ok ? context.read({ status, body: json.value }) : json;
    if (read.ok) return { ok: true, value: read.value };
    emit({ type: 'malformed-response', ...base, status, reason: read.reason });
    // A cut-off or garbled body is a transport fault: retried when repeating the request is safe.
    return {
      ok: false,
      failure: { kind: 'malformed' },
      error: new MalformedResponseError(target, status, read.reason),
    };
  }
  const snippet = safeSnippet(body, secrets);
  const parsed = errorBody(body, secrets);
  const error =
    status === 401 || status === 403
      ? new MergeAuthError(target, status, snippet, parsed)
      : new MergeHttpError(target, status, snippet, parsed);
  const serverWait = serverRequestedWait(headers, context.nowMs);
  const failure: AttemptFailure = serverWait
    ? { kind: 'status', status, serverWait }
    : { kind: 'status', status };
  return { ok: false, failure, error };
}

/** Error bodies larger than this are not parsed (an HTML page from a proxy, not Merge's JSON). */
const MAX_ERROR_BODY_CHARS = 64 * 1024;

/** A failed answer's JSON body, secrets redacted first; undefined when it is not JSON. */
function errorBody(body: string, secrets: readonly string[]): unknown {
  if (body.length === 0 || body.length > MAX_ERROR_BODY_CHARS) return undefined;
  const json = parseJsonBody(redactSecrets(body, secrets));
  return json.ok ? json.value : undefined;
}
