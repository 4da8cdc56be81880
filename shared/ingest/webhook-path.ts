import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Where webhooks arrive: `/webhooks/merge/<path secret>`. The secret segment keeps a flood of
 * requests that do not know the URL off the route Merge delivers to (docs/security.md, "Webhook
 * flood"); the signature still decides what is accepted. In AWS, API Gateway matches the route
 * (the secret is in the route key); locally, the HTTP front asks isWebhookPath.
 */
export const WEBHOOK_BASE_PATH = '/webhooks/merge';

/** URL-safe and long enough not to be guessed: 24 to 128 letters, digits, `-` or `_`. */
const PATH_SECRET = /^[A-Za-z0-9_-]{24,128}$/;

export const isValidPathSecret = (secret: string): boolean => PATH_SECRET.test(secret);

/** A fresh path secret: 32 random bytes, base64url (43 characters). */
export const newPathSecret = (): string => randomBytes(32).toString('base64url');

/** The path Merge posts to: with the secret, or the bare base path where none is configured. */
export const webhookPath = (secret: string | undefined): string =>
  secret === undefined ? WEBHOOK_BASE_PATH : `${WEBHOOK_BASE_PATH}/${secret}`;

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Whether `path` is a webhook URL's path: the base path then one of `secrets`, compared in constant
 * time (digests of equal length, so neither the length nor a common prefix leaks through timing).
 * With no secret configured, the bare base path.
 */
export function isWebhookPath(path: string, secrets: readonly string[]): boolean {
  if (secrets.length === 0) return path === WEBHOOK_BASE_PATH;
  const prefix = `${WEBHOOK_BASE_PATH}/`;
  if (!path.startsWith(prefix)) return false;
  const candidate = digest(path.slice(prefix.length));
  let matched = false;
  for (const secret of secrets) matched = timingSafeEqual(candidate, digest(secret)) || matched;
  return matched;
}
