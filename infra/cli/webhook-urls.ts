import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { isValidPathSecret } from '../../shared/ingest/webhook-path';
import { OPEN_PATH_SLOT, parsePathSecretsOutput } from '../aws/webhook-path-slots';
import { TargetError } from './errors';

/** One URL Merge may post webhooks to: a deployed stack's slot (`a`, `b`), or the local runtime's. */
export interface WebhookEndpoint {
  slot: string | null;
  url: string;
}

/**
 * A deployed stack's webhook URLs: its `WebhookBaseUrl` output plus each served path secret, read
 * from the secrets `WebhookPathSecrets` names with your AWS credentials. The secret is printed
 * only here, for the person who pastes it into Merge's dashboard.
 */
export async function stackWebhookUrls(
  outputs: { baseUrl: string | undefined; pathSecrets: string | undefined },
  region: string | undefined,
): Promise<WebhookEndpoint[]> {
  const { baseUrl, pathSecrets } = outputs;
  if (!baseUrl || !pathSecrets)
    throw new TargetError(
      'the stack has no outputs WebhookBaseUrl and WebhookPathSecrets; deploy this version of the stack first',
    );
  const client = new SecretsManagerClient(region ? { region } : {});
  try {
    const urls: WebhookEndpoint[] = [];
    for (const { slot, secretName } of parsePathSecretsOutput(pathSecrets)) {
      if (slot === OPEN_PATH_SLOT) {
        urls.push({ slot, url: baseUrl.replace(/\/+$/, '') });
        continue;
      }
      let value: string | undefined;
      try {
        value = (await client.send(new GetSecretValueCommand({ SecretId: secretName }))).SecretString?.trim();
      } catch (error) {
        throw new TargetError(
          `cannot read secret ${secretName} (${error instanceof Error ? error.name : 'error'}); check your AWS credentials`,
        );
      }
      if (!value || !isValidPathSecret(value))
        throw new TargetError(
          `secret ${secretName} does not hold a webhook path secret; deploy the stack again`,
        );
      urls.push({ slot, url: `${baseUrl}${value}` });
    }
    return urls;
  } finally {
    client.destroy();
  }
}
