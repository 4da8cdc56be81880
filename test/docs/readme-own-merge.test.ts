import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { USAGE } from '../../infra/local/options';

/**
 * The README's front door shows how to run against your own Merge (a region, a sandbox, another
 * simulator): the two variables, Merge's base URL with /api, the webhook, how accounts arrive and
 * how often a change without a webhook is seen.
 */
const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');

it('shows npm start against your own Merge, with both keys and the /api base URL', () => {
  expect(readme).toContain(
    'MERGE_API_KEY=... MERGE_WEBHOOK_SIGNATURE_KEY=... npm start -- --merge-base-url https://api.merge.dev/api',
  );
});

it('says where the webhook goes, how accounts arrive and how often a change is polled', () => {
  expect(readme).toContain('/webhooks/merge');
  expect(readme).toContain('signed `LinkedAccount.linked` webhook');
  expect(readme).toContain('`npx merge-sync accounts add --id ID --category hris --token-stdin`');
  expect(readme).toMatch(/every 5 min, hour, 4 h or day by tier/);
  for (const flag of ['--poll-interval', '--host', '--reset']) {
    expect(readme).toContain(flag);
    expect(USAGE).toContain(flag);
  }
});
