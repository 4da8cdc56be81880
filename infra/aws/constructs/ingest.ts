import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { HttpMethod, HttpRoute, HttpRouteKey } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { WEBHOOK_BASE_PATH } from '../../../shared/ingest/webhook-path';
import { OPEN_PATH_SLOT, type WebhookPathSlot } from '../webhook-path-slots';
import { LoggedHttpApi } from './logged-http-api';
import type { MergeSecrets } from './merge-secrets';
import { MergeSyncFunction, type FunctionDefaults } from './merge-sync-function';
import { WorkQueue } from './work-queue';

export { WEBHOOK_BASE_PATH };

export interface IngestProps {
  defaults: FunctionDefaults;
  secrets: MergeSecrets;
  /** Steady webhook requests per second the route accepts; bursts may reach twice that. */
  webhookRequestsPerSecond: number;
  /** The path secrets served (deployment-settings.ts, `webhookPaths`). */
  webhookPaths: readonly WebhookPathSlot[];
}

/** One served webhook URL: its slot and the secret holding its last path segment. */
export interface WebhookPath {
  slot: Exclude<WebhookPathSlot, typeof OPEN_PATH_SLOT>;
  secret: Secret;
  route: HttpRoute;
}

/**
 * Merge → POST /webhooks/merge/<path secret> → receiver → events queue. The receiver verifies the
 * HMAC signature on the raw body, queues the event durably and only then answers 200 (invariants 1
 * and 2); the event processor (sync.ts) takes it from there.
 *
 * Why a secret path (docs/security.md, "Webhook flood"): Merge signs its webhooks but cannot
 * authenticate to API Gateway, so the route must be open, and Merge never retries a 4xx, 429
 * included: anyone able to use up the route's throttle could make us lose LinkedAccount.linked,
 * and with it an account token. The route key is the literal path with the secret in it (a
 * CloudFormation dynamic reference: the value never is in the template), so a request that does not
 * know the secret matches no route: API Gateway answers it 404 itself, without invoking the
 * receiver and without touching the route's token bucket (throttling applies per route; the
 * stage's limits are the default of each route). Only requests to the exact URL draw on it.
 *
 * Throttling: Merge sends one request per event, so the steady rate is the number of events, not of
 * records (unless record-level webhooks are enabled; see docs/deployment.md). 50 requests per
 * second is over four million a day, far above what the sync webhooks of thousands of linked
 * accounts send. A throttled LinkedAccount.linked loses the token it alone carries, so every 429
 * raises the WebhooksThrottled alarm (observability/sync-alarms.ts).
 */
export class Ingest extends Construct {
  readonly eventsQueue: WorkQueue;
  readonly receiver: MergeSyncFunction;
  readonly webhookApi: LoggedHttpApi;
  readonly webhookPaths: WebhookPath[];
  /** The bare /webhooks/merge of earlier versions, while `webhookPaths` includes `open`. */
  readonly openRoute: HttpRoute | undefined;
  /** The URL every served path starts with, ending in `/`: the CLI appends a path secret. */
  readonly webhookBaseUrl: string;

  constructor(scope: Construct, id: string, props: IngestProps) {
    super(scope, id);
    // Webhook bodies (account tokens among them) rest under a key of our own, not SQS's: retained
    // with nothing (queued messages live at most 14 days), rotated yearly.
    const eventsKey = new Key(this, 'EventsQueueKey', {
      description: `Encrypts the ${Stack.of(this).stackName} events queue and its dead letters (webhook bodies)`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.eventsQueue = new WorkQueue(this, 'EventsQueue', 'events', eventsKey);
    this.receiver = new MergeSyncFunction(this, 'Receiver', {
      name: 'webhook-receiver',
      description: 'Verifies Merge webhooks and queues them (POST /webhooks/merge/<path secret>)',
      defaults: props.defaults,
    })
      .sendsTo(this.eventsQueue)
      .readsSecret(props.secrets.webhookSignatureKey, 'MERGE_WEBHOOK_SIGNATURE_KEY')
      // Accepted too while the key is rotated (docs/security.md); read only when the current one fails.
      .readsSecret(props.secrets.previousWebhookSignatureKey, 'MERGE_WEBHOOK_SIGNATURE_KEY_PREVIOUS');

    this.webhookApi = new LoggedHttpApi(this, 'WebhookApi', {
      description: 'Receives Merge webhooks',
      throttle: { rateLimit: props.webhookRequestsPerSecond, burstLimit: props.webhookRequestsPerSecond * 2 },
      logRetention: props.defaults.logRetention,
      logKey: props.defaults.logKey,
      // The matched route key holds the path secret: it stays out of the access log.
      logRouteKey: false,
    });
    // Permission for the API as a whole: a permission scoped to the route would carry the secret in
    // the function's resource policy.
    const integration = new HttpLambdaIntegration('Receiver', this.receiver.function, {
      scopePermissionToRoute: false,
    });
    this.webhookPaths = props.webhookPaths.flatMap((slot) =>
      slot === OPEN_PATH_SLOT ? [] : [this.servePath(slot, integration)],
    );
    this.openRoute = props.webhookPaths.includes(OPEN_PATH_SLOT)
      ? this.serveOpenPath(integration)
      : undefined;
    this.webhookBaseUrl = `${this.webhookApi.url}${WEBHOOK_BASE_PATH.slice(1)}/`;
  }

  /**
   * The route of versions before the path secret, under the same construct id (so an upgrade keeps
   * it instead of replacing it): Merge keeps delivering to the old URL until its endpoint is
   * changed. It has no flood protection; serve it only for that move (CHANGELOG, upgrading).
   */
  private serveOpenPath(integration: HttpLambdaIntegration): HttpRoute {
    const [route] = this.webhookApi.httpApi.addRoutes({
      path: WEBHOOK_BASE_PATH,
      methods: [HttpMethod.POST],
      integration,
    });
    if (!route) throw new Error('addRoutes made no route');
    Validations.of(route).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Merge cannot sign requests with IAM (SigV4) or present a token; it signs each webhook with ' +
        'HMAC-SHA256, which the receiver verifies on the raw body before anything is parsed or queued. ' +
        'This route without a path secret is served only while Merge is moved to the secret URL.',
    });
    return route;
  }

  private servePath(slot: WebhookPath['slot'], integration: HttpLambdaIntegration): WebhookPath {
    const upper = slot.toUpperCase();
    const secret = new Secret(this, `WebhookPath${upper}`, {
      description: `Path secret ${slot} of the webhook URL: npx merge-sync webhook-url prints the URL`,
      // 40 letters and digits (about 238 bits), URL-safe as is.
      generateSecretString: { passwordLength: 40, excludePunctuation: true, includeSpace: false },
      // Dropping a slot (after a rotation) deletes its secret; adding it again generates a new one.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        "The path secret is also in Merge's dashboard, so rotating it must be coordinated with that: serve " +
        'both slots (webhookPaths a,b), move Merge to the new URL, then drop the old slot (docs/security.md). ' +
        'A rotation Lambda changing the value alone would make every delivery a 404, lost for good.',
    });
    const route = new HttpRoute(this, `WebhookRoute${upper}`, {
      httpApi: this.webhookApi.httpApi,
      routeKey: HttpRouteKey.with(
        `${WEBHOOK_BASE_PATH}/${secret.secretValue.unsafeUnwrap()}`,
        HttpMethod.POST,
      ),
      integration,
    });
    Validations.of(route).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Merge cannot sign requests with IAM (SigV4) or present a token; it signs each webhook with ' +
        'HMAC-SHA256 (X-Merge-Webhook-Signature), which the receiver verifies on the raw body before ' +
        'anything is parsed or queued, rejecting unsigned and forged requests with 401. The path secret ' +
        'keeps requests that do not know the URL off this route and its throttle.',
    });
    return { slot, secret, route };
  }
}
