import { DomainError } from '../../core/errors';
import type { WebhookOutcome } from '../../core/outcomes';
import { envelopeSchema, type Envelope } from '../../merge/schemas/webhooks';
import { implausibleWebhookId } from '../../merge/ids';
import { classifyWebhookEvent, type WebhookKind } from '../../merge/webhook-events';
import { isCategory } from '../../merge/types';
import { METRIC } from '../../observability/ports';
import type { WebhookMessage } from '../../queue/messages';
import type { SyncDeps } from '../ports';
import { onAccountDeleted, onIssue, onLinked, type LinkedDeps } from './account-events';
import { onRecordChanged } from './record-events';
import { namesItsSyncs, onAccountSynced, onModelSynced } from './sync-events';
import type { DropReason, DroppedWebhook, WebhookResult } from './webhook-account';

/** How long a processed webhook's signature is remembered (Merge retries within minutes). */
const DEDUPE_RETENTION_MS = 7 * 24 * 3_600_000;

/** Another invocation holds the webhook's claim: SQS redelivers it after that one's lease. */
export class WebhookInProgressError extends DomainError {
  override readonly name = 'WebhookInProgressError';
  readonly retryable = true;
}

/**
 * Applies one queued webhook exactly once in effect (invariant 3): Merge's duplicate deliveries
 * share a signature, which is claimed before processing and marked done after; a failure releases
 * the claim so SQS's redelivery can try again.
 */
export async function processWebhookMessage(
  deps: SyncDeps & LinkedDeps,
  message: WebhookMessage,
  options: {
    /**
     * How long the claim reserves the webhook for this processor; after that a redelivery may take
     * it. Derived from the events queue's timing (shared/queue/queue-design.ts webhookClaimLeaseMs).
     */
    claimLeaseMs: number;
  },
): Promise<WebhookOutcome> {
  const parsed = parseEnvelope(message.body);
  // A sync webhook that names its syncs is idempotent by the sync state (a sync is answered once:
  // decideFromSyncWebhook), so it is processed without a claim: one write fewer per webhook, the
  // most frequent kind. It is still marked done below, which is what "processed" means.
  const claimed = !(parsed && namesItsSyncs(parsed.envelope, parsed.event));
  if (claimed) {
    const claim = await deps.dedupe.claim(message.dedupeKey, options.claimLeaseMs);
    if (claim === 'done') {
      deps.metrics.add(METRIC.webhooksDuplicate, 1);
      return { outcome: 'duplicate' };
    }
    if (claim === 'in-progress')
      throw new WebhookInProgressError('the same webhook is being processed elsewhere');
  }
  let result: WebhookResult;
  try {
    result = await dispatch(deps, parsed);
  } catch (error) {
    if (claimed) await deps.dedupe.release(message.dedupeKey).catch(() => undefined);
    throw error;
  }
  await deps.dedupe.complete(message.dedupeKey, DEDUPE_RETENTION_MS);
  if (result.outcome === 'invalid') deps.metrics.add(METRIC.webhookDataInvalid, 1);
  if (result.outcome === 'dropped') {
    deps.metrics.add(METRIC.webhooksDropped, 1, 'Count', { reason: result.reason });
    return { outcome: 'dropped' };
  }
  return result;
}

type ParsedWebhook = { envelope: Envelope; event: WebhookKind } | undefined;

function parseEnvelope(body: string): ParsedWebhook {
  try {
    const envelope = envelopeSchema.parse(JSON.parse(body));
    return { envelope, event: classifyWebhookEvent(envelope.hook.event) };
  } catch {
    return undefined;
  }
}

async function dispatch(deps: SyncDeps & LinkedDeps, parsed: ParsedWebhook): Promise<WebhookResult> {
  if (!parsed) {
    // The receiver validated it; a message that still does not parse cannot succeed on a retry.
    deps.log.error('queued webhook is not a Merge envelope; dropped');
    return { outcome: 'invalid' };
  }
  const { envelope, event } = parsed;
  // The receiver ignores these; one queued by an earlier version is dropped here, not retried.
  const implausible = implausibleWebhookId(envelope, event.kind === 'record-changed');
  if (implausible) {
    deps.log.warn('queued webhook names an id Merge never issues; dropped', {
      event: envelope.hook.event,
      field: implausible,
    });
    return { outcome: 'invalid' };
  }
  const source = envelope.linked_account;
  deps.log.info('processing webhook', { event: envelope.hook.event, accountId: source.id });
  // Webhooks are organization-wide (reference §12): the data webhooks of a category we do not sync
  // are dropped without a read. Its LinkedAccount.linked is kept (the account is listed, not synced).
  if (DATA_EVENTS.has(event.kind) && source.category && !isCategory(source.category))
    return dropped(deps, source.id, 'category-not-synced');
  let result: WebhookResult;
  switch (event.kind) {
    case 'linked':
      result = await onLinked(deps, envelope);
      break;
    case 'account-deleted':
      result = await onAccountDeleted(deps, envelope);
      break;
    case 'issue':
      result = await onIssue(deps, envelope);
      break;
    case 'account-synced':
      result = await onAccountSynced(deps, envelope);
      break;
    case 'model-synced':
      result = await onModelSynced(deps, envelope, event.webhookModel);
      break;
    case 'record-changed':
      result = await onRecordChanged(deps, envelope, event.webhookModel, event.action);
      break;
    case 'unhandled':
      result = { outcome: 'ignored' };
      break;
  }
  return result.outcome === 'dropped' ? dropped(deps, source.id, result.reason) : result;
}

/** Webhooks about an account's data (not its link, deletion or issues). */
const DATA_EVENTS = new Set<WebhookKind['kind']>(['account-synced', 'model-synced', 'record-changed']);

function dropped(deps: SyncDeps, accountId: string, reason: DropReason): DroppedWebhook {
  deps.log.info('webhook dropped', { accountId, reason });
  return { outcome: 'dropped', reason };
}
