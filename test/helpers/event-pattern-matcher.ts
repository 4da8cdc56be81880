/**
 * An EventBridge event-pattern matcher for tests: enough of EventBridge's (Event Ruler's) semantics
 * to check our example rules against real events, written from AWS's documentation
 * (docs.aws.amazon.com/eventbridge/latest/userguide: "Event patterns", "Content filtering",
 * "Arrays in event patterns", "Matching null values") and aws/event-ruler's README.
 *
 * Supported: exact values (strings, numbers, booleans, null), nested objects, prefix and suffix
 * (plain or `equals-ignore-case`), `equals-ignore-case`, `wildcard`, `anything-but` (a string, a
 * number, a list of either, or a prefix / suffix / equals-ignore-case / wildcard), `numeric`,
 * `exists`. Event arrays match when any element matches; a nested pattern must match within ONE
 * element of an array of objects (Ruler's `rulesForJSONEvent`).
 *
 * Where the documentation is silent the matcher refuses rather than guesses: `$or`, `cidr`, and
 * `anything-but` against a value of another type (null, a boolean, a number for a string list)
 * throw UnsupportedPatternError, so a test can never pass on a semantics we invented.
 */

export class UnsupportedPatternError extends Error {
  override readonly name = 'UnsupportedPatternError';
}

type Scalar = string | number | boolean | null;
type Fields = Record<string, unknown>;

const isFields = (value: unknown): value is Fields =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Whether `pattern` (an EventPattern as in the template) matches `event` (the delivered JSON). */
export function matchesEventPattern(pattern: unknown, event: unknown): boolean {
  if (!isFields(pattern)) throw new UnsupportedPatternError('an event pattern is a JSON object');
  return matchFields(pattern, event);
}

/** Every field of the pattern matches (AND); an array of objects matches if one element does. */
function matchFields(pattern: Fields, value: unknown): boolean {
  if (Array.isArray(value)) return value.flat(Infinity).some((element) => matchFields(pattern, element));
  const fields = isFields(value) ? value : {};
  return Object.entries(pattern).every(([key, expected]) => {
    if (key === '$or') throw new UnsupportedPatternError('$or is not modelled');
    if (Array.isArray(expected)) return matchLeaf(key, expected, key in fields, fields[key]);
    if (isFields(expected)) return matchFields(expected, fields[key]);
    throw new UnsupportedPatternError(`"${key}": a pattern value must be an array or an object`);
  });
}

/**
 * The values a leaf field has: none when absent, when an object (an intermediate node, which
 * `exists` does not see) or an empty array; an array's scalar elements; or the value itself.
 */
function leafValues(present: boolean, value: unknown): Scalar[] {
  if (!present || isFields(value)) return [];
  const values = Array.isArray(value) ? value.flat(Infinity) : [value];
  return values.filter((v): v is Scalar => v === null || ['string', 'number', 'boolean'].includes(typeof v));
}

/** Any of the candidates matches any of the field's values (OR). */
function matchLeaf(key: string, candidates: unknown[], present: boolean, value: unknown): boolean {
  if (candidates.length === 0)
    throw new UnsupportedPatternError(`"${key}": EventBridge refuses an empty array`);
  const values = leafValues(present, value);
  return candidates.some((candidate) =>
    isFields(candidate) ? matchOperator(key, candidate, values) : values.some((v) => v === candidate),
  );
}

function matchOperator(key: string, operator: Fields, values: Scalar[]): boolean {
  const entries = Object.entries(operator);
  const [name, argument] = entries[0] ?? [];
  if (entries.length !== 1 || name === undefined)
    throw new UnsupportedPatternError(`"${key}": one operator per object`);
  const strings = values.filter((v): v is string => typeof v === 'string');
  switch (name) {
    case 'exists':
      if (typeof argument !== 'boolean')
        throw new UnsupportedPatternError(`"${key}": exists takes a boolean`);
      return argument === values.length > 0;
    case 'prefix':
    case 'suffix':
    case 'equals-ignore-case':
    case 'wildcard':
      return strings.some((s) => stringTest(key, name, argument)(s));
    case 'numeric': {
      const test = numericTest(key, argument);
      return values.some((v) => typeof v === 'number' && test(v));
    }
    case 'anything-but':
      return values.some((v) => !excludedBy(key, argument, v));
    default:
      throw new UnsupportedPatternError(`"${key}": operator ${name} is not modelled`);
  }
}

/** prefix / suffix / equals-ignore-case / wildcard as a test on one string. */
function stringTest(key: string, name: string, argument: unknown): (s: string) => boolean {
  const ignoreCase = isFields(argument) && 'equals-ignore-case' in argument;
  const text = ignoreCase ? argument['equals-ignore-case'] : argument;
  if (typeof text !== 'string') throw new UnsupportedPatternError(`"${key}": ${name} takes a string`);
  if (ignoreCase && name !== 'prefix' && name !== 'suffix')
    throw new UnsupportedPatternError(`"${key}": equals-ignore-case applies to prefix and suffix only`);
  const fold = (s: string) => (ignoreCase || name === 'equals-ignore-case' ? s.toLowerCase() : s);
  switch (name) {
    case 'prefix':
      return (s) => fold(s).startsWith(fold(text));
    case 'suffix':
      return (s) => fold(s).endsWith(fold(text));
    case 'equals-ignore-case':
      return (s) => fold(s) === fold(text);
    default: {
      const wildcard = wildcardRegExp(key, text);
      return (s) => wildcard.test(s);
    }
  }
}

/** `*` is any run of characters, `\*` a star, `\\` a backslash; `**` is refused, as EventBridge does. */
function wildcardRegExp(key: string, wildcard: string): RegExp {
  let source = '';
  for (let i = 0; i < wildcard.length; i++) {
    const c = wildcard[i] as string;
    if (c === '\\') {
      const next = wildcard[++i];
      if (next !== '*' && next !== '\\')
        throw new UnsupportedPatternError(`"${key}": bad escape in ${wildcard}`);
      source += `\\${next}`;
    } else if (c === '*') {
      if (wildcard[i + 1] === '*') throw new UnsupportedPatternError(`"${key}": consecutive wildcards`);
      source += '.*';
    } else source += c.replace(/[.+?^${}()|[\]]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

const COMPARISONS: Record<string, (a: number, b: number) => boolean> = {
  '=': (a, b) => a === b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

/** `numeric: [op, n]` or `[op, n, op, n]`; all the comparisons must hold. */
function numericTest(key: string, argument: unknown): (n: number) => boolean {
  if (!Array.isArray(argument) || argument.length === 0 || argument.length % 2 !== 0 || argument.length > 4)
    throw new UnsupportedPatternError(`"${key}": numeric takes [op, n] or [op, n, op, n]`);
  const tests: ((n: number) => boolean)[] = [];
  for (let i = 0; i < argument.length; i += 2) {
    const compare = COMPARISONS[String(argument[i])];
    const bound: unknown = argument[i + 1];
    if (!compare || typeof bound !== 'number')
      throw new UnsupportedPatternError(`"${key}": bad numeric ${JSON.stringify(argument)}`);
    tests.push((n) => compare(n, bound));
  }
  return (n) => tests.every((test) => test(n));
}

/** Whether `anything-but: argument` excludes the value; refuses a comparison the docs leave open. */
function excludedBy(key: string, argument: unknown, value: Scalar): boolean {
  if (isFields(argument)) {
    const [name] = Object.keys(argument);
    if (typeof value !== 'string')
      throw new UnsupportedPatternError(`"${key}": anything-but ${String(name)} against ${typeof value}`);
    return stringTest(key, String(name), argument[String(name)])(value);
  }
  const excluded = Array.isArray(argument) ? argument : [argument];
  const kind = typeof excluded[0];
  if ((kind !== 'string' && kind !== 'number') || excluded.some((e) => typeof e !== kind))
    throw new UnsupportedPatternError(`"${key}": anything-but takes strings only or numbers only`);
  if (typeof value !== kind)
    throw new UnsupportedPatternError(`"${key}": anything-but ${kind} against a ${String(value)} value`);
  return excluded.includes(value);
}
