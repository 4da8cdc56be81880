/**
 * How long the server asked us to wait. Merge does not document its 429 headers (reference section 8,
 * "Rate-limit headers [UNCONFIRMED]"), so we honour what its own Fern SDK honours: `Retry-After` (seconds or
 * an HTTP date) and, failing that, `X-RateLimit-Reset` (epoch seconds). Pure: `nowMs` comes from the caller.
 */

export interface HeaderSource {
  get(name: string): string | null;
}

export type ServerWaitSource = 'retry-after' | 'x-ratelimit-reset';

export interface ServerWait {
  waitMs: number;
  source: ServerWaitSource;
}

const DAYS = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const LONG_DAYS = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';

// The three forms RFC 9110 section 5.6.7 obliges recipients to accept. Matched explicitly because
// Date.parse accepts nearly anything ("abc 2020" is a date to V8), and garbage must be ignored.
const IMF_FIXDATE = new RegExp(`^${DAYS}, (\\d{1,2}) ${MONTH} (\\d{4}) ${TIME} GMT$`, 'i');
const RFC_850 = new RegExp(`^${LONG_DAYS}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`, 'i');
const ASCTIME = new RegExp(`^${DAYS} ${MONTH} +(\\d{1,2}) ${TIME} (\\d{4})$`, 'i');

const SECONDS = /^-?\d+(?:\.\d+)?$/;

function utc(year: number, month: string, day: number, h: number, m: number, s: number): number | undefined {
  const monthIndex = MONTHS.indexOf(month.toLowerCase());
  if (monthIndex < 0 || day < 1 || day > 31 || h > 23 || m > 59 || s > 60) return undefined;
  return Date.UTC(year, monthIndex, day, h, m, s);
}

/** Epoch milliseconds of an HTTP date, or undefined when `value` is not one. */
export function parseHttpDate(value: string): number | undefined {
  const text = value.trim();
  let match = IMF_FIXDATE.exec(text);
  if (match) {
    const [, day, month, year, h, m, s] = match;
    return utc(Number(year), month ?? '', Number(day), Number(h), Number(m), Number(s));
  }
  match = RFC_850.exec(text);
  if (match) {
    const [, day, month, yy, h, m, s] = match;
    // Two-digit years: RFC 9110 reads a year more than 50 years ahead as the previous century.
    const year = Number(yy) < 70 ? 2000 + Number(yy) : 1900 + Number(yy);
    return utc(year, month ?? '', Number(day), Number(h), Number(m), Number(s));
  }
  match = ASCTIME.exec(text);
  if (match) {
    const [, month, day, h, m, s, year] = match;
    return utc(Number(year), month ?? '', Number(day), Number(h), Number(m), Number(s));
  }
  return undefined;
}

/** `Retry-After` in milliseconds from `nowMs`: delta seconds or an HTTP date; past → 0; garbage → undefined. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (SECONDS.test(text)) return Math.max(0, Math.ceil(Number(text) * 1000));
  const at = parseHttpDate(text);
  return at === undefined ? undefined : Math.max(0, at - nowMs);
}

/** `X-RateLimit-Reset` (epoch seconds) in milliseconds from `nowMs`; past → 0; garbage → undefined. */
export function parseRateLimitReset(value: string | null | undefined, nowMs: number): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (!SECONDS.test(text)) return undefined;
  return Math.max(0, Math.ceil(Number(text) * 1000 - nowMs));
}

/** The wait a response asks for: `Retry-After` wins; `X-RateLimit-Reset` only when there is no usable one. */
export function serverRequestedWait(headers: HeaderSource, nowMs: number): ServerWait | undefined {
  const retryAfter = parseRetryAfter(headers.get('retry-after'), nowMs);
  if (retryAfter !== undefined) return { waitMs: retryAfter, source: 'retry-after' };
  const reset = parseRateLimitReset(headers.get('x-ratelimit-reset'), nowMs);
  if (reset !== undefined) return { waitMs: reset, source: 'x-ratelimit-reset' };
  return undefined;
}
