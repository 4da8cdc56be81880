/**
 * The webhook URL ends in a secret path segment (`/webhooks/merge/<secret>`), so a flood of requests
 * that do not know it never reaches the route Merge delivers to (docs/security.md). There are two
 * slots, each with a secret of its own, so the secret can be rotated without losing a delivery:
 * serve both, move Merge to the new URL, then drop the old slot. `open` serves the bare
 * `/webhooks/merge` of versions before the path secret, only while Merge is moved off it after an
 * upgrade. Plain constants: the CLI reads the stack output without loading the CDK.
 */
export const SECRET_PATH_SLOTS = ['a', 'b'] as const;
export const OPEN_PATH_SLOT = 'open';
export const WEBHOOK_PATH_SLOTS = [...SECRET_PATH_SLOTS, OPEN_PATH_SLOT] as const;
export type WebhookPathSlot = (typeof WEBHOOK_PATH_SLOTS)[number];

/** The `WebhookPathSecrets` output: `a=<secret name>[,b=<secret name>][,open=none]`. */
export const formatPathSecretsOutput = (entries: readonly { slot: string; secretName: string }[]) =>
  entries.map(({ slot, secretName }) => `${slot}=${secretName}`).join(',');

export function parsePathSecretsOutput(value: string): { slot: string; secretName: string }[] {
  return value
    .split(',')
    .map((entry) => entry.split('='))
    .filter((parts): parts is [string, string] => parts.length === 2 && !!parts[0] && !!parts[1])
    .map(([slot, secretName]) => ({ slot, secretName }));
}
