import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Clock } from './clock';
import { systemClock } from './clock';
import { ConfigurationError } from './environment';

/** A secret read at run time: in AWS from Secrets Manager (cached), locally from the environment. */
export type SecretSource = () => Promise<string>;

const CACHE_MS = 5 * 60_000;
let secretsClient: SecretsManagerClient | undefined;

/**
 * Invariant 10: in AWS the environment holds only the secret's id (`<NAME>_SECRET_ID`); the value is
 * fetched with GetSecretValue and cached for five minutes, so a rotated key is picked up without a
 * deploy. Locally (`npm start`, tests) `<NAME>` itself holds the value.
 */
export function secretFromEnvironment(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
  clock: Clock = systemClock,
): SecretSource {
  const secretId = env[`${name}_SECRET_ID`];
  if (!secretId) {
    return async () => {
      const value = env[name];
      if (!value) throw new ConfigurationError(`neither ${name}_SECRET_ID nor ${name} is set`);
      return value;
    };
  }
  let cached: { value: string; until: number } | undefined;
  return async () => {
    if (cached && cached.until > clock.now()) return cached.value;
    secretsClient ??= new SecretsManagerClient({});
    let value: string | undefined;
    try {
      const out = await secretsClient.send(new GetSecretValueCommand({ SecretId: secretId }));
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
    cached = { value, until: clock.now() + CACHE_MS };
    return value;
  };
}
