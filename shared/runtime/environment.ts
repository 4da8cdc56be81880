/** Reads the functions' configuration from the environment, failing with a message that names the variable. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

export function requireEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (!value) throw new ConfigurationError(`environment variable ${name} is not set`);
  return value;
}

export function optionalNumberEnv(name: string, env: NodeJS.ProcessEnv = process.env): number | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new ConfigurationError(`environment variable ${name} must be a number`);
  return parsed;
}
