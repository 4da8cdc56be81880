import * as z from 'zod/mini';

/** A function's environment is missing or malformed: the message names the variable. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/** Variables whose values are secrets: never echoed in an error. */
const SECRET_VARIABLES = new Set([
  'MERGE_API_KEY',
  'MERGE_WEBHOOK_SIGNATURE_KEY',
  'MERGE_WEBHOOK_SIGNATURE_KEY_PREVIOUS',
]);

/**
 * The schemas a variable's raw text is parsed with. zod/mini ships no messages (to stay small in
 * Lambda bundles), so each check says what the value must be; readEnvironment adds the name and the
 * value it got: "environment variable X must be a whole number of milliseconds, got 'abc'".
 */
export const env = {
  text: () => z.string(),
  wholeNumber: (unit: string) =>
    z.pipe(
      z.string().check(z.regex(/^\d+$/, { error: `must be a whole number of ${unit}` })),
      z.transform(Number),
    ),
  positiveWholeNumber: (unit: string) =>
    z.pipe(
      z.string().check(z.regex(/^[1-9]\d*$/, { error: `must be a positive whole number of ${unit}` })),
      z.transform(Number),
    ),
  httpUrl: () =>
    z.string().check(
      z.refine((value) => /^https?:\/\/\S+$/.test(value) && URL.canParse(value), {
        error: 'must be an http(s) URL',
      }),
    ),
  oneOf: <const T extends readonly [string, ...string[]]>(values: T) =>
    z.enum(values, { error: `must be one of ${values.join(', ')}` }),
  /** Case-insensitive; the value comes out upper-cased (log levels). */
  upperCaseOneOf: <const T extends readonly [string, ...string[]]>(values: T) =>
    z.pipe(
      z.pipe(
        z.string(),
        z.transform((value) => value.toUpperCase()),
      ),
      z.enum(values, { error: `must be one of ${values.join(', ')}` }),
    ),
  /** The value is parsed as JSON (its shape is checked by whoever reads it). */
  json: () =>
    z.pipe(
      z.string().check(
        z.refine(
          (value) => {
            try {
              JSON.parse(value);
              return true;
            } catch {
              return false;
            }
          },
          { error: 'must be JSON' },
        ),
      ),
      z.transform((value) => JSON.parse(value) as unknown),
    ),
};

type Shape = Record<string, z.ZodMiniType>;
type Parsed<S extends Shape> = { [K in keyof S]: z.output<S[K]> | undefined };

/**
 * Reads the variables named by `shape`, each optional unless listed in `required`; an empty value
 * counts as unset. Every problem is reported at once, each naming its variable.
 */
export function readEnvironment<S extends Shape, R extends keyof S = never>(
  source: Readonly<Record<string, string | undefined>>,
  shape: S,
  required: readonly R[] = [],
): Parsed<S> & { [K in R]-?: z.output<S[K]> } {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(shape)) {
    const raw = source[name];
    if (raw === undefined || raw === '') {
      if ((required as readonly string[]).includes(name))
        problems.push(`environment variable ${name} is not set`);
      continue;
    }
    const parsed = schema.safeParse(raw);
    if (parsed.success) out[name] = parsed.data;
    else {
      const message = parsed.error.issues[0]?.message ?? 'is malformed';
      problems.push(
        `environment variable ${name} ${message}${SECRET_VARIABLES.has(name) ? '' : `, got '${raw}'`}`,
      );
    }
  }
  if (problems.length > 0) throw new ConfigurationError(problems.join('; '));
  return out as Parsed<S> & { [K in R]-?: z.output<S[K]> };
}
