import { Validations } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Construct } from 'constructs';
import { LoggedHttpApi } from './logged-http-api';
import type { MergeSecrets } from './merge-secrets';
import { MergeSyncFunction, type FunctionDefaults } from './merge-sync-function';
import { WorkQueue } from './work-queue';

export const WEBHOOK_PATH = '/webhooks/merge';

export interface IngestProps {
  defaults: FunctionDefaults;
  secrets: MergeSecrets;
  /** Steady webhook requests per second the API accepts; bursts may reach twice that. */
  webhookRequestsPerSecond: number;
}

/**
 * Merge → POST /webhooks/merge → receiver → events queue. The receiver verifies the HMAC signature
 * on the raw body, queues the event durably and only then answers 200 (invariants 1 and 2); the
 * event processor (sync.ts) takes it from there.
 *
 * Throttling: Merge sends one request per event, so the steady rate is the number of events, not
 * of records (unless record-level webhooks are enabled; see README, "Deploy to AWS", step 6). 50 requests per second is
 * over four million a day, far above what the sync webhooks of thousands of linked accounts send,
 * while it caps what a flood of forged requests can cost (each one still runs the receiver to be
 * rejected). Merge does not retry a 429: a throttled record or sync event is caught up by the next
 * scheduled poll, but a throttled LinkedAccount.linked loses the account token it alone carries, so
 * every 429 raises the WebhooksThrottled alarm (observability/sync-alarms.ts).
 */
export class Ingest extends Construct {
  readonly eventsQueue: WorkQueue;
  readonly receiver: MergeSyncFunction;
  readonly webhookApi: LoggedHttpApi;
  /** The exact URL to paste into Merge's dashboard. */
  readonly webhookUrl: string;

  constructor(scope: Construct, id: string, props: IngestProps) {
    super(scope, id);
    this.eventsQueue = new WorkQueue(this, 'EventsQueue', 'events');
    this.receiver = new MergeSyncFunction(this, 'Receiver', {
      name: 'webhook-receiver',
      description: 'Verifies Merge webhooks and queues them (POST /webhooks/merge)',
      defaults: props.defaults,
    })
      .sendsTo(this.eventsQueue)
      .readsSecret(props.secrets.webhookSignatureKey, 'MERGE_WEBHOOK_SIGNATURE_KEY');

    this.webhookApi = new LoggedHttpApi(this, 'WebhookApi', {
      description: 'Receives Merge webhooks',
      throttle: { rateLimit: props.webhookRequestsPerSecond, burstLimit: props.webhookRequestsPerSecond * 2 },
      logRetention: props.defaults.logRetention,
      logKey: props.defaults.logKey,
    });
    const [route] = this.webhookApi.httpApi.addRoutes({
      path: WEBHOOK_PATH,
      methods: [HttpMethod.POST],
      integration: new HttpLambdaIntegration('Receiver', this.receiver.function),
    });
    if (route) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'Merge cannot sign requests with IAM (SigV4) or present a token; it signs each webhook with ' +
          'HMAC-SHA256 (X-Merge-Webhook-Signature), which the receiver verifies on the raw body before ' +
          'anything is parsed or queued, rejecting unsigned and forged requests with 401.',
      });
    }
    this.webhookUrl = `${this.webhookApi.url}${WEBHOOK_PATH.slice(1)}`;
  }
}
