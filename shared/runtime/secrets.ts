import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Clock } from './clock';
import { ConfigurationError } from './config/environment';

/** A secret read at run time: in AWS from Secrets Manager (cached), locally the value itself. */
export type SecretSource = () => Promise<string>;

/**
 * Where a secret comes from. Invariant 10: in AWS the environment holds only the secret's id
 * (`<NAME>_SECRET_ID`), never the value; locally (`npm start`, tests) the value is given as is.
 */
export type SecretRef = { secretId: string } | { value: string };

const CACHE_MS = 5 * 60_000;

/**
 * The secret `ref` names; `variable` (say MERGE_API_KEY) is only for messages. From Secrets Manager
 * the value is fetched with GetSecretValue and cached for five minutes, so a rotated key is picked
 * up without a deploy. A missing ref fails on first use, naming the variables to set. No error ever
 * carries the value.
 */
export function secretSource(
  ref: SecretRef | undefined,
  variable: string,
  options: { clock: Clock; client: () => SecretsManagerClient },
): SecretSource {
  if (!ref) {
    return async () => {
      throw new ConfigurationError(`neither ${variable}_SECRET_ID nor ${variable} is set`);
    };
  }
  if ('value' in ref) return async () => ref.value;
  const { secretId } = ref;
  let client: SecretsManagerClient | undefined;
  let cached: { value: string; until: number } | undefined;
  return async () => {
    if (cached && cached.until > options.clock.now()) return cached.value;
    client ??= options.client();
    let value: string | undefined;
    try {
      const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
      value = out.SecretString?.trim();
    } catch (error) {
      // A secret created empty by the stack has no version yet: say what to do, not just "not found".
      if (!(error instanceof Error && error.name === 'ResourceNotFoundException')) throw error;
    }
    // Never include the value in an error: say which secret, and what is wrong with it.
    if (!value)
      throw new ConfigurationError(
        `secret ${secretId} has no value yet; set it (docs/deployment.md, "4. Set the two secrets")`,
      );
    cached = { value, until: options.clock.now() + CACHE_MS };
    return value;
  };
}
