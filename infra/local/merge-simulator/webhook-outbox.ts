import type { DeliveryResult } from './webhook-delivery';
import type { SignedWebhook } from './types';

// The webhooks the simulator sends on its own, as Merge would: LinkedAccount.linked when an account
// is linked or relinked, LinkedAccount.deleted when one is deleted (merge-api.md §6a, §6e, §9). Each is
// signed when it is sent and kept here, so a test can replay an older one byte for byte. With a
// receiver URL configured they are also delivered (Merge's retry policy), in the background.

export interface SentWebhook extends SignedWebhook {
  accountId: string | null;
  /** The delivery to the configured receiver, if there is one. */
  delivery: Promise<DeliveryResult> | null;
}

export class WebhookOutbox {
  readonly sent: SentWebhook[] = [];

  constructor(private readonly deliver: ((signed: SignedWebhook) => Promise<DeliveryResult>) | null) {}

  add(signed: SignedWebhook, accountId: string | null): SentWebhook {
    const delivery = this.deliver ? this.deliver(signed) : null;
    // A failed delivery is recorded in its result; nothing here may reject unobserved.
    const entry: SentWebhook = { ...signed, accountId, delivery };
    this.sent.push(entry);
    return entry;
  }

  /** Waits for every delivery started so far. */
  async settle(): Promise<DeliveryResult[]> {
    const deliveries = this.sent.map((s) => s.delivery).filter((d) => d !== null);
    return Promise.all(deliveries);
  }
}
