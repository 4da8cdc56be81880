import * as events from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';

export interface EmployeeProvisioningRuleProps {
  /** The merge-sync bus: `stack.storage.bus`, or `EventBus.fromEventBusName` with the `EventBusName` output. */
  eventBus: events.IEventBus;
  /** Your provisioning function or queue. It tells the two apart by `detail-type` (Added / Changed). */
  target: events.IRuleTarget;
}

/**
 * "An HRIS employee was added": a new Employee record whose `employment_status` is `ACTIVE` or
 * `PENDING` (Merge's enum is ACTIVE | PENDING | INACTIVE; PENDING is a future starter).
 *
 * Does not catch, or catches more than you may expect:
 * - The initial sync of a newly linked account adds every current employee: the target must be
 *   idempotent (an account that already exists is a no-op), or compare `record.start_date`.
 * - An employee added as INACTIVE (a past leaver seen for the first time) is left out on purpose.
 * - A record that comes back after a delete is "Added" again and matches again.
 * - A PENDING employee who becomes ACTIVE later is a change, not an addition: not matched.
 * - A record without a status (`null`) or above 200 KB (`recordOmitted`) is not matched.
 */
export function employeeAddedRule(
  scope: Construct,
  id: string,
  props: EmployeeProvisioningRuleProps,
): events.Rule {
  return new events.Rule(scope, id, {
    eventBus: props.eventBus,
    description: 'merge-sync: an HRIS employee was added (active or pending)',
    eventPattern: {
      source: ['merge-sync'],
      detailType: ['Merge Record Added'],
      detail: {
        modelId: ['hris.Employee'],
        record: { employment_status: ['ACTIVE', 'PENDING'] },
      },
    },
    targets: [props.target],
  });
}

/**
 * "An HRIS employee was terminated": an Employee changed, `employment_status` is one of the changed
 * fields, and it is now `INACTIVE`. Matching the transition (not just the status) fires once per
 * termination, not again for every later edit of a leaver's record.
 *
 * Does not catch:
 * - a future-dated termination: HRIS systems often set `termination_date` while the status stays
 *   ACTIVE until that day; this rule fires when the status flips (read `record.termination_date`
 *   in the target if you need the date);
 * - an employee deleted in the HRIS (`Merge Record Deleted`; add a rule on that detail-type with
 *   `modelId: ['hris.Employee']` if a deletion should deprovision too);
 * - an employee seen for the first time as INACTIVE (never provisioned by the added rule either).
 */
export function employeeTerminatedRule(
  scope: Construct,
  id: string,
  props: EmployeeProvisioningRuleProps,
): events.Rule {
  return new events.Rule(scope, id, {
    eventBus: props.eventBus,
    description: 'merge-sync: an HRIS employee became inactive (terminated)',
    eventPattern: {
      source: ['merge-sync'],
      detailType: ['Merge Record Changed'],
      detail: {
        modelId: ['hris.Employee'],
        changedFields: ['employment_status'],
        record: { employment_status: ['INACTIVE'] },
      },
    },
    targets: [props.target],
  });
}
