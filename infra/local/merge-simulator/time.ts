// Merge answers with ISO-8601 UTC timestamps carrying microseconds (`2025-11-27T10:39:49.905833Z`).
// Internally every timestamp is an integer count of microseconds since the epoch (safe: ~1.8e15 < 2^53).

export function formatMicros(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const sub = String(micros - ms * 1000).padStart(3, '0');
  return new Date(ms).toISOString().replace(/Z$/, `${sub}Z`);
}

const ISO_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|[+\- ]\d{2}(?::?\d{2})?)?$/;

/**
 * Parses an ISO-8601 date-time as Merge's filters accept it: with or without a zone or a fraction, or a
 * bare date. A value without a zone is UTC. An unencoded `+` arrives as a space, so ` 00:00` is `+00:00`.
 * Returns null when the value is not a valid date-time.
 */
export function parseIsoToMicros(value: string): number | null {
  const m = ISO_PATTERN.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone = 'Z'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(ms);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
  const micros = Number(frac.padEnd(6, '0').slice(0, 6));
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
  }
  return (ms - offsetMinutes * 60_000) * 1000 + micros;
}

/**
 * Hands out the simulator's timestamps. Each one is strictly greater than the previous one, even when
 * the clock stands still or goes back, so every change is visible to `modified_after`, and sync-status
 * times stay ordered with the record changes around them. Each stamp is at least 1 µs after the clock's
 * current millisecond, so a change made after a client read the clock is strictly after that reading.
 */
export class Stamper {
  private last = 0;

  constructor(private readonly now: () => number) {}

  next(): number {
    const floor = Math.floor(this.now()) * 1000 + 1;
    this.last = Math.max(floor, this.last + 1);
    return this.last;
  }

  nextIso(): string {
    return formatMicros(this.next());
  }
}
