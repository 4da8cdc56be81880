import type * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import { employeeAddedRule, employeeTerminatedRule } from './employee-provisioning-rules';
import { hiredApplicationRule } from './hired-application-rule';
import { overdueInvoiceRule } from './overdue-invoice-rule';

export { employeeAddedRule, employeeTerminatedRule } from './employee-provisioning-rules';
export { hiredApplicationRule } from './hired-application-rule';
export { overdueInvoiceRule } from './overdue-invoice-rule';

export interface ChangeEventExamplesProps {
  /** The merge-sync bus: `stack.storage.bus`, or `EventBus.fromEventBusName` with the `EventBusName` output. */
  eventBus: events.IEventBus;
  /** "ATS application moved to a hired stage" (see hired-application-rule.ts). */
  hiredApplication?: { target: events.IRuleTarget; hiredStageIds: readonly string[] };
  /** "HRIS employee added or terminated": two rules, one target (see employee-provisioning-rules.ts). */
  employeeProvisioning?: { target: events.IRuleTarget };
  /** "Accounting invoice overdue" candidates; the target checks the due date (see overdue-invoice-rule.ts). */
  overdueInvoice?: { target: events.IRuleTarget };
}

/**
 * The change-event examples, opt-in: nothing in the default stack creates them, and each rule
 * exists only when you give it a target of yours. Instantiate it in your own app, e.g. next to the
 * stack in infra/aws/app.ts:
 *
 *   new ChangeEventExamples(stack, 'ChangeEventExamples', {
 *     eventBus: stack.storage.bus,
 *     employeeProvisioning: { target: new targets.LambdaFunction(provisioner) },
 *   });
 */
export class ChangeEventExamples extends Construct {
  readonly hiredApplication?: events.Rule;
  readonly employeeAdded?: events.Rule;
  readonly employeeTerminated?: events.Rule;
  readonly overdueInvoice?: events.Rule;

  constructor(scope: Construct, id: string, props: ChangeEventExamplesProps) {
    super(scope, id);
    const { eventBus } = props;
    if (props.hiredApplication) {
      this.hiredApplication = hiredApplicationRule(this, 'HiredApplication', {
        eventBus,
        ...props.hiredApplication,
      });
    }
    if (props.employeeProvisioning) {
      const { target } = props.employeeProvisioning;
      this.employeeAdded = employeeAddedRule(this, 'EmployeeAdded', { eventBus, target });
      this.employeeTerminated = employeeTerminatedRule(this, 'EmployeeTerminated', { eventBus, target });
    }
    if (props.overdueInvoice) {
      this.overdueInvoice = overdueInvoiceRule(this, 'OverdueInvoice', { eventBus, ...props.overdueInvoice });
    }
  }
}
