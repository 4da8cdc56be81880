import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Clock } from './clock';
import { ConfigurationError } from './config/environment';

/** How a secret is read: `refresh` asks for the stored value now rather than the cached one. */
export interface SecretReadOptions {
  /**
   * Read Secrets Manager again before the cache expires (say, a signature matched no key: the key may
   * have just been rotated). Honoured at most once per REFRESH_INTERVAL_MS, so a flood of forged
   * requests cannot turn into a flood of GetSecretValue calls.
   */
  refresh?: boolean;
}

/** A secret read at run time: in AWS from Secrets Manager (cached), locally the value itself. */
export type SecretSource = (options?: SecretReadOptions) => Promise<string>;

/** A secret that may be unset (the previous webhook signature key): undefined when it has no value. */
export type OptionalSecretSource = (options?: SecretReadOptions) => Promise<string | undefined>;

/**
 * Where a secret comes from. Invariant 10: in AWS the environment holds only the secret's id
 * (`<NAME>_SECRET_ID`), never the value; locally (`npm start`, tests) the value is given as is.
 */
export type SecretRef = { secretId: string } | { value: string };

const CACHE_MS = 5 * 60_000;
export const REFRESH_INTERVAL_MS = 30_000;

/**
 * What an optional secret holds when it is unset: Secrets Manager cannot store an empty string, so
 * `none` (or blanks) empties it (docs/security.md, "Rotating the webhook signature key").
 */
const UNSET = /^(none)?$/i;

interface SecretOptions {
  clock: Clock;
  client: () => SecretsManagerClient;
}

/**
 * The secret `ref` names; `variable` (say MERGE_API_KEY) is only for messages. From Secrets Manager
 * the value is fetched with GetSecretValue and cached for five minutes, so a rotated key is picked
 * up without a deploy. A missing ref fails on first use, naming the variables to set. No error ever
 * carries the value.
 */
export function secretSource(
  ref: SecretRef | undefined,
  variable: string,
  options: SecretOptions,
): SecretSource {
  if (!ref) {
    return async () => {
      throw new ConfigurationError(`neither ${variable}_SECRET_ID nor ${variable} is set`);
    };
  }
  if ('value' in ref) return async () => ref.value;
  const { secretId } = ref;
  // A missing value is not cached: until the secret is set, every use asks again.
  const read = cachedSecret(secretId, options, { cacheMissing: false });
  return async (readOptions) => {
    const value = await read(readOptions);
    // Never include the value in an error: say which secret, and what is wrong with it.
    if (!value)
      throw new ConfigurationError(
        `secret ${secretId} has no value yet; set it (docs/deployment.md, "4. Set the two secrets")`,
      );
    return value;
  };
}

/**
 * A secret that may hold nothing: no ref, a secret created empty by the stack, or one set to `none`
 * all read as undefined (cached like a value), never as an error.
 */
export function optionalSecretSource(
  ref: SecretRef | undefined,
  options: SecretOptions,
): OptionalSecretSource {
  if (!ref) return async () => undefined;
  if ('value' in ref) {
    const value = UNSET.test(ref.value.trim()) ? undefined : ref.value;
    return async () => value;
  }
  // Unset is its usual state, so "no value" is cached too: a signature that matches no key (a forged
  // request) must not cost a GetSecretValue each time.
  const read = cachedSecret(ref.secretId, options, { cacheMissing: true });
  return async (readOptions) => {
    const value = await read(readOptions);
    return value && !UNSET.test(value) ? value : undefined;
  };
}

/** GetSecretValue, trimmed, cached; undefined when the secret has no value (no version yet, or blank). */
function cachedSecret(secretId: string, options: SecretOptions, { cacheMissing }: { cacheMissing: boolean }) {
  let client: SecretsManagerClient | undefined;
  let cached: { value: string | undefined; readAt: number; until: number } | undefined;
  return async (readOptions: SecretReadOptions = {}): Promise<string | undefined> => {
    const now = options.clock.now();
    const refresh = readOptions.refresh === true && (!cached || now - cached.readAt >= REFRESH_INTERVAL_MS);
    if (cached && (cached.value !== undefined || cacheMissing) && cached.until > now && !refresh)
      return cached.value;
    client ??= options.client();
    let value: string | undefined;
    try {
      const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
      value = out.SecretString?.trim() || undefined;
    } catch (error) {
      // A secret created empty by the stack has no version yet: that is "no value", not a failure.
      if (!(error instanceof Error && error.name === 'ResourceNotFoundException')) throw error;
    }
    cached = { value, readAt: now, until: now + CACHE_MS };
    return value;
  };
}
