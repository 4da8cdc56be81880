/** A query parameter, cursor or path the caller got wrong: answered 400 with this message. */
export class ReadInputError extends Error {
  override readonly name = 'ReadInputError';
}

/** Digits only, and few of them: `1e3`, `0x10`, ` 5`, `+5`, `-1`, `5.0` and `١٢` are all refused. */
const WHOLE_DECIMAL = /^[0-9]+$/;

/**
 * A whole decimal number in [min, max], or `fallback` when the parameter is absent. Number() alone
 * would accept `1e3`, `0x10`, `  5` and the empty string (0), so the text is checked first.
 */
export function wholeNumberParameter(
  name: string,
  value: string | undefined,
  range: { min: number; max: number; fallback: number },
): number {
  if (value === undefined) return range.fallback;
  const parsed = WHOLE_DECIMAL.test(value) ? Number(value) : Number.NaN;
  if (!(parsed >= range.min && parsed <= range.max))
    throw new ReadInputError(`${name} must be a whole number from ${range.min} to ${range.max}`);
  return parsed;
}

export function booleanParameter(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (value !== 'true' && value !== 'false') throw new ReadInputError(`${name} must be true or false`);
  return value === 'true';
}

/** Longest cursor we ever hand out is far below this; a longer one is not ours. */
const MAX_CURSOR_CHARS = 2048;

/**
 * Decodes an opaque cursor (base64url of a JSON array of `length` strings) that this API returned,
 * or throws a ReadInputError: a hostile cursor is a 400, never a DynamoDB ValidationException.
 */
export function decodeCursorStrings(name: string, cursor: string, length: number): string[] {
  const refuse = () => new ReadInputError(`${name} is not a cursor this API returned`);
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(cursor))
    throw refuse();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (!Array.isArray(value) || value.length !== length) throw refuse();
  const strings = value.filter((v): v is string => typeof v === 'string' && isKeyText(v));
  if (strings.length !== length) throw refuse();
  return strings;
}

export const encodeCursorStrings = (values: readonly string[]): string =>
  Buffer.from(JSON.stringify(values)).toString('base64url');

/** Longest id (account, model or record) a path may name, in UTF-8 bytes; Merge's are UUIDs. */
export const MAX_ID_BYTES = 256;

/**
 * Text that can become part of a DynamoDB key: non-empty, well-formed UTF-16 (no lone surrogate,
 * which DynamoDB refuses) and short (a sort key holds 1,024 bytes at most).
 */
export function isKeyText(value: string): boolean {
  return value.length > 0 && !LONE_SURROGATE.test(value) && Buffer.byteLength(value) <= MAX_ID_BYTES;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
