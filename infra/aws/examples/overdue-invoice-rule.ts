import * as events from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';

export interface OverdueInvoiceRuleProps {
  /** The merge-sync bus: `stack.storage.bus`, or `EventBus.fromEventBusName` with the `EventBusName` output. */
  eventBus: events.IEventBus;
  /** Your function that compares `record.due_date` with today and chases (or schedules a check). */
  target: events.IRuleTarget;
}

/**
 * "An accounting invoice may be overdue": a receivable Invoice was added or changed and is still
 * unpaid: `status` OPEN or PARTIALLY_PAID and a `balance` above zero.
 *
 * Why not "overdue" itself: an event pattern cannot compare `due_date` with the current time
 * (EventBridge compares values with constants only; `numeric` takes JSON numbers, and dates are
 * strings). So this rule sends the candidates, and THE TARGET MUST CHECK
 * `record.due_date != null && Date.parse(record.due_date) < Date.now()`.
 *
 * Does not catch:
 * - an invoice that becomes overdue by the passage of time alone: nothing changes in the
 *   accounting system, so no event is published. For a not-yet-due candidate the target should
 *   schedule its own check at `due_date` (e.g. a one-time EventBridge Scheduler schedule), or run a
 *   daily scan of open invoices through the read API;
 * - payables (`type` ACCOUNTS_PAYABLE: bills you owe; add it to `type` if you track those too);
 * - DRAFT, SUBMITTED, VOID and PAID invoices, a `null` status, and a `balance` that is not a JSON
 *   number (numeric matching works on numbers only, within ±1e9);
 * - a record above 200 KB (long `line_items`), which travels without its body (`recordOmitted`):
 *   no pattern can look into it. Add a rule on `recordOmitted: ['too-large']` and read those
 *   invoices from the read API if yours can be that large.
 *
 * Fires on every change of an unpaid invoice (a memo edit, a partial payment): the target should
 * remember what it already chased, keyed by `recordId`.
 */
export function overdueInvoiceRule(
  scope: Construct,
  id: string,
  props: OverdueInvoiceRuleProps,
): events.Rule {
  return new events.Rule(scope, id, {
    eventBus: props.eventBus,
    description: 'merge-sync: an unpaid receivable invoice was added or changed (overdue candidate)',
    eventPattern: {
      source: ['merge-sync'],
      detailType: ['Merge Record Added', 'Merge Record Changed'],
      detail: {
        modelId: ['accounting.Invoice'],
        record: {
          type: ['ACCOUNTS_RECEIVABLE'],
          status: ['OPEN', 'PARTIALLY_PAID'],
          balance: [{ numeric: ['>', 0] }],
        },
      },
    },
    targets: [props.target],
  });
}
