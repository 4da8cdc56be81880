/**
 * Removes secrets from text the client did not write itself (response bodies, socket error messages)
 * before it goes into an error or an event.
 */

export const REDACTED = '[redacted]';

export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    // An empty "secret" would match between every character.
    if (secret === '') continue;
    // A body may echo a secret URL-encoded or JSON-escaped rather than verbatim.
    const forms = new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
    for (const form of forms) result = result.split(form).join(REDACTED);
  }
  return result;
}

/** The first `maxLength` characters of `text` on one line, secrets redacted (before cutting, so no half-secret survives). */
export function safeSnippet(text: string, secrets: readonly string[], maxLength = 200): string {
  const oneLine = redactSecrets(text, secrets).replace(/\s+/g, ' ').trim();
  return oneLine.length > maxLength ? `${oneLine.slice(0, maxLength)}…` : oneLine;
}
