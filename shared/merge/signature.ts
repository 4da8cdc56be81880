import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-merge-webhook-signature';

/**
 * A signature in one canonical form: base64url without padding. Merge documents base64url; public
 * code is split on the `=` padding, and a standard-base64 sender differs only in `+/`.
 */
export function canonicalSignature(signature: string): string {
  return signature.trim().replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

/** base64url(HMAC-SHA256(key, raw body bytes)), Merge's webhook signature. */
export function computeSignature(signingKey: string, rawBody: Uint8Array | string): string {
  return createHmac('sha256', signingKey).update(rawBody).digest('base64url');
}

/**
 * Invariant 2: nothing forged changes state. Checks the header against the raw bytes, padding-
 * insensitively and in constant time, before anything parses the body. Several keys are accepted
 * while the organization's key is rotated (docs/security.md, "Rotating the webhook signature key"):
 * the header is compared with the signature under every key, each in constant time, and without
 * stopping at the first match.
 */
export function verifySignature(
  signingKeys: string | readonly string[],
  rawBody: Uint8Array,
  header: string | undefined,
): boolean {
  if (!header || header.length > 200) return false;
  const given = Buffer.from(canonicalSignature(header));
  let matched = false;
  for (const key of typeof signingKeys === 'string' ? [signingKeys] : signingKeys) {
    const expected = Buffer.from(computeSignature(key, rawBody));
    if (given.length === expected.length && timingSafeEqual(given, expected)) matched = true;
  }
  return matched;
}
