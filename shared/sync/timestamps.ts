const ISO_DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/i;

interface ParsedTimestamp {
  /** Whole seconds since the epoch, UTC. */
  epochSeconds: number;
  /** Fractional digits as written (no rounding, so microseconds survive). */
  fraction: string;
}

function parse(value: string): ParsedTimestamp | undefined {
  const m = ISO_DATETIME.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, sec, fraction = '', zone = 'Z'] = m;
  let offsetMinutes = 0;
  if (zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
  }
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec));
  if (Number.isNaN(ms)) return undefined;
  return { epochSeconds: ms / 1000 - offsetMinutes * 60, fraction };
}

const isoSeconds = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString().slice(0, 19);

/**
 * An ISO-8601 date-time as UTC with a `Z`, keeping its fractional digits. Merge promises UTC, but
 * a zone-less or offset value is converted rather than trusted. Undefined if it is not a date-time.
 */
export function toUtcIso(value: string): string | undefined {
  const parsed = parse(value);
  if (!parsed) return undefined;
  return `${isoSeconds(parsed.epochSeconds)}${parsed.fraction ? `.${parsed.fraction}` : ''}Z`;
}

/**
 * A fixed-width form (microseconds) whose string order is time order, for conditional writes that
 * must never let an older version replace a newer one. '' when the value is not a date-time.
 */
export function timestampKey(value: unknown): string {
  if (typeof value !== 'string') return '';
  const parsed = parse(value);
  if (!parsed) return '';
  return `${isoSeconds(parsed.epochSeconds)}.${parsed.fraction.padEnd(6, '0').slice(0, 6)}Z`;
}

/** Milliseconds since the epoch, or undefined. */
export function toEpochMs(value: string): number | undefined {
  const parsed = parse(value);
  if (!parsed) return undefined;
  return parsed.epochSeconds * 1000 + Number(parsed.fraction.padEnd(3, '0').slice(0, 3));
}

/**
 * Merge's own date-time fields, by name: `created_at`, `modified_at`, `remote_updated_at`,
 * `due_date`, `start_time`, `date_of_birth`... Only these are normalized.
 */
const TIMESTAMP_FIELD = /(?:^|_)(?:at|date|time)$|^date_/;

/**
 * Rewrites Merge's own top-level date-time fields to UTC (`Z`), in place. Nothing nested is touched:
 * `remote_data`, `field_mappings`, `custom_fields` and every other nested value belong to the third
 * party (or the customer) and are stored exactly as received (reference §12), zone-less local times
 * included; and a free-text field that happens to hold a date-time keeps it as written.
 */
export function normalizeTimestampFields(data: Record<string, unknown>): void {
  for (const [field, value] of Object.entries(data)) {
    if (typeof value !== 'string' || !TIMESTAMP_FIELD.test(field)) continue;
    // Cheap pre-check: most values are already in UTC.
    if (value.length < 19 || value[10] !== 'T' || value.endsWith('Z')) continue;
    const utc = toUtcIso(value);
    if (utc !== undefined) data[field] = utc;
  }
}
