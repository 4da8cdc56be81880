import { DomainError } from '../../core/errors';
import type { WebhookOutcome } from '../../core/outcomes';
import { envelopeSchema, type Envelope } from '../../merge/schemas/webhooks';
import { implausibleWebhookId } from '../../merge/ids';
import { classifyWebhookEvent } from '../../merge/webhook-events';
import { METRIC } from '../../observability/ports';
import type { WebhookMessage } from '../../queue/messages';
import type { SyncDeps } from '../ports';
import { onAccountDeleted, onIssue, onLinked } from './account-events';
import { onRecordChanged } from './record-events';
import { onAccountSynced, onModelSynced } from './sync-events';
import type { WebhookResult } from './webhook-account';

/** How long a processed webhook's signature is remembered (Merge retries within minutes). */
const DEDUPE_RETENTION_MS = 7 * 24 * 3_600_000;

/** Another invocation holds the webhook's claim: SQS redelivers it after that one's lease. */
export class WebhookInProgressError extends DomainError {
  override readonly name = 'WebhookInProgressError';
  readonly retryable = true;
}

/**
 * A data webhook for an account not known yet (see webhook-account.ts): thrown so that SQS
 * redelivers the message; if the account never appears, it ends in the dead-letter queue.
 */
export class UnknownAccountError extends DomainError {
  override readonly name = 'UnknownAccountError';
  readonly retryable = true;
}

/**
 * Applies one queued webhook exactly once in effect (invariant 3): Merge's duplicate deliveries
 * share a signature, which is claimed before processing and marked done after; a failure releases
 * the claim so SQS's redelivery can try again.
 */
export async function processWebhookMessage(
  deps: SyncDeps,
  message: WebhookMessage,
  options: {
    /**
     * How long the claim reserves the webhook for this processor; after that a redelivery may take
     * it. Derived from the events queue's timing (shared/queue/queue-design.ts webhookClaimLeaseMs).
     */
    claimLeaseMs: number;
  },
): Promise<WebhookOutcome> {
  const claim = await deps.dedupe.claim(message.dedupeKey, options.claimLeaseMs);
  if (claim === 'done') {
    deps.metrics.add(METRIC.webhooksDuplicate, 1);
    return { outcome: 'duplicate' };
  }
  if (claim === 'in-progress')
    throw new WebhookInProgressError('the same webhook is being processed elsewhere');
  let result: WebhookResult;
  try {
    result = await dispatch(deps, message.body);
  } catch (error) {
    await deps.dedupe.release(message.dedupeKey).catch(() => undefined);
    throw error;
  }
  if (result.outcome === 'unknown-account') {
    await deps.dedupe.release(message.dedupeKey).catch(() => undefined);
    throw new UnknownAccountError(`no linked account ${result.accountId} (yet); will retry`);
  }
  await deps.dedupe.complete(message.dedupeKey, DEDUPE_RETENTION_MS);
  if (result.outcome === 'invalid') deps.metrics.add(METRIC.webhookDataInvalid, 1);
  return result;
}

async function dispatch(deps: SyncDeps, body: string): Promise<WebhookResult> {
  let envelope: Envelope;
  try {
    envelope = envelopeSchema.parse(JSON.parse(body));
  } catch {
    // The receiver validated it; a message that still does not parse cannot succeed on a retry.
    deps.log.error('queued webhook is not a Merge envelope; dropped');
    return { outcome: 'invalid' };
  }
  const event = classifyWebhookEvent(envelope.hook.event);
  // The receiver ignores these; one queued by an earlier version is dropped here, not retried.
  const implausible = implausibleWebhookId(envelope, event.kind === 'record-changed');
  if (implausible) {
    deps.log.warn('queued webhook names an id Merge never issues; dropped', {
      event: envelope.hook.event,
      field: implausible,
    });
    return { outcome: 'invalid' };
  }
  deps.log.info('processing webhook', { event: envelope.hook.event, accountId: envelope.linked_account.id });
  switch (event.kind) {
    case 'linked':
      return onLinked(deps, envelope);
    case 'account-deleted':
      return onAccountDeleted(deps, envelope);
    case 'issue':
      return onIssue(deps, envelope);
    case 'account-synced':
      return onAccountSynced(deps, envelope);
    case 'model-synced':
      return onModelSynced(deps, envelope, event.webhookModel);
    case 'record-changed':
      return onRecordChanged(deps, envelope, event.webhookModel, event.action);
    case 'unhandled':
      return { outcome: 'ignored' };
  }
}
