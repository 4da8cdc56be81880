import type { RunLedger } from '../ledger';

/** Every webhook the receiver accepted (2xx) was processed: its dedupe marker is DONE. */
export async function acceptedWebhooksProcessed(
  ledger: RunLedger,
  dedupeStatus: (signature: string) => Promise<string | undefined>,
): Promise<void> {
  ledger.webhooks.acceptedDistinct = ledger.accepted.size;
  for (const [signature, what] of ledger.accepted) {
    if ((await dedupeStatus(signature)) === 'DONE') ledger.webhooks.processed++;
    else ledger.mismatch('unprocessedWebhooks', `accepted webhook never processed: ${what}`);
  }
}
