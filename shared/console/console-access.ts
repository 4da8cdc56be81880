import type { ConsoleCaller } from './console-routes';

export const VIEWERS_GROUP = 'viewers';
export const OPERATORS_GROUP = 'operators';

/**
 * The groups of a Cognito token as API Gateway's JWT authorizer passes its claims: an array, a
 * JSON array, or the space-separated list in brackets HTTP APIs give ("[viewers operators]").
 */
export function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string') return [];
  const text = claim.trim();
  if (text.startsWith('[') && text.includes('"')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // not JSON: the bracketed list below
    }
  }
  return text
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

/**
 * What a caller may do. Without sign-in (the local runtime on 127.0.0.1) everything; with it, the
 * authorizer has checked the token, and its groups decide: viewers read, operators also act.
 */
export function consoleCaller(
  requireSignIn: boolean,
  claims: Record<string, unknown> | undefined,
): ConsoleCaller {
  if (!requireSignIn) return { canRead: true, canAct: true };
  const groups = groupsOf(claims?.['cognito:groups']);
  const canAct = groups.includes(OPERATORS_GROUP);
  return { canRead: canAct || groups.includes(VIEWERS_GROUP), canAct };
}
