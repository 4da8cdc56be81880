import type { JsonValue } from './types';

// What a handler answers. Errors are Django REST Framework bodies, `{"detail": "..."}`, as Merge's are.

export interface SimResponse {
  status: number;
  /** JSON body; undefined = empty body. */
  body?: JsonValue;
  /** A body already serialised (takes precedence over `body`): pages holding records too deep to stringify. */
  rawBody?: string;
  headers?: Record<string, string>;
}

export function detail(status: number, message: string, headers?: Record<string, string>): SimResponse {
  return { status, body: { detail: message }, ...(headers ? { headers } : {}) };
}

export const NOT_FOUND = detail(404, 'Not found.');
