import type { CommandSpec } from '../registry';
import type { Output } from '../terminal';
import type { WebhookEndpoint } from '../webhook-urls';

/**
 * `webhook-url`: the URL to paste into Merge's dashboard, path secret included. One line when one
 * URL is served (a script can use it as is); during a rotation, one line per slot.
 */
export function printWebhookUrls(urls: readonly WebhookEndpoint[], out: Output, options: { json: boolean }) {
  if (options.json) return out(JSON.stringify({ webhook_urls: urls }, null, 2));
  if (urls.length === 1) return out(urls[0]!.url);
  for (const { slot, url } of urls) out(`${slot ?? '-'}  ${url}`);
  out(
    '\nMore than one URL is served (a rotation, or an upgrade from the URL without a path secret): point ' +
      "Merge's endpoint at the new one, then deploy without the old slot (docs/security.md).",
  );
}

export const webhookUrlSpec: CommandSpec = {
  name: 'webhook-url',
  summary: "the webhook URL to paste into Merge's dashboard (its secret path included)",
  args: [],
  flags: [{ name: '--json', help: 'as JSON: {"webhook_urls": [{"slot", "url"}]}' }],
  details:
    'The URL ends in a secret path segment, so requests that do not know it never reach the route Merge\n' +
    'delivers to (docs/security.md). Treat it like a password: it is printed here only. For a stack it is\n' +
    'read from the secret the WebhookPathSecrets output names, with your AWS credentials.',
  examples: [
    { command: 'webhook-url --stack MergeSync', note: "a deployed stack's URL, for Merge's dashboard" },
    { command: 'webhook-url', note: 'the local runtime’s (npm start prints it too)' },
  ],
  target: 'any',
  async run({ flags, connect, terminal }) {
    const target = await connect();
    printWebhookUrls(await target.webhookUrls(), terminal.out, { json: flags.has('--json') });
  },
};
