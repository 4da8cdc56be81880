import { App, Stack, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { EventBus, type Rule } from 'aws-cdk-lib/aws-events';
import { EventBus as EventBusTarget, SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readDeploymentSettings } from '../../infra/aws/deployment-settings';
import { ChangeEventExamples, hiredApplicationRule } from '../../infra/aws/examples/change-event-examples';
import { MergeSyncStack } from '../../infra/aws/merge-sync-stack';
import { DETAIL_TYPE, EVENT_SOURCE } from '../../shared/events/change-events';
import type { BusEvent } from '../../shared/events/ports';
import { matchesEventPattern } from '../helpers/event-pattern-matcher';
import {
  deliver,
  mergeExampleRecord,
  recordAdded,
  recordChanged,
  recordDeleted,
  type MergeRecord,
} from './support/delivered-change-events';
import { cdkJsonContext } from './support/synth';

// Each example rule is synthesized on the real stack's bus, its EventPattern read back from the
// template, and run against events built by the product's own code from Merge's example records.

/** JobInterviewStage ids of one customer's ATS (Merge ids are UUIDs; the names are for the reader). */
const STAGE = {
  onsite: '3f1e2a9c-0c55-4bd1-9a43-5f2b1d0e7a11',
  hired: '9b2c7e4d-6a1f-4c8e-b3d5-0e7f1a2b3c44',
  offerAccepted: 'c4d5e6f7-1a2b-4c3d-8e9f-a0b1c2d3e4f5',
  rejected: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9',
};

const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
const settings = readDeploymentSettings((key) => app.node.tryGetContext(key));
const stack = new MergeSyncStack(app, settings.stackName, { settings });
const consumer = new SqsQueue(new Queue(stack, 'ExampleConsumer'));
const examples = new ChangeEventExamples(stack, 'ChangeEventExamples', {
  eventBus: stack.storage.bus,
  hiredApplication: { target: consumer, hiredStageIds: [STAGE.hired, STAGE.offerAccepted] },
  employeeProvisioning: { target: consumer },
  overdueInvoice: { target: consumer },
});
const template = Template.fromStack(stack);
const logicalId = (construct: Rule | EventBus) =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);

function ruleProperties(rule: Rule | undefined): Record<string, unknown> {
  if (!rule) throw new Error('the example rule was not created');
  const resource: unknown = template.toJSON().Resources[logicalId(rule)];
  return (resource as { Properties: Record<string, unknown> }).Properties;
}

/** The rule's pattern as deployed, tried on each event as EventBridge delivers it. */
async function matching(rule: Rule | undefined, ...events: BusEvent[]): Promise<boolean[]> {
  const pattern = ruleProperties(rule).EventPattern;
  return (await deliver(...events)).map((event) => matchesEventPattern(pattern, event));
}

const fromAnotherSource = (event: BusEvent): BusEvent => ({ ...event, source: 'acme.hr-tool' });
const later = (record: MergeRecord, changes: MergeRecord): MergeRecord => ({
  ...record,
  ...changes,
  modified_at: '2026-03-02T08:59:00Z',
});

describe('the examples are opt-in and land on the bus they are given', () => {
  it('outside the examples, the stack has no rule on merge-sync events', () => {
    const onOurEvents = Object.values(template.findResources('AWS::Events::Rule')).filter((rule) =>
      JSON.stringify((rule as { Properties: unknown }).Properties).includes(`"source":["${EVENT_SOURCE}"]`),
    );
    expect(onOurEvents).toHaveLength(4);
    const { hiredApplication, employeeAdded, employeeTerminated, overdueInvoice } = examples;
    for (const rule of [hiredApplication, employeeAdded, employeeTerminated, overdueInvoice]) {
      expect(ruleProperties(rule).EventBusName).toEqual({ Ref: logicalId(stack.storage.bus) });
      expect(ruleProperties(rule).Targets).toHaveLength(1);
    }
  });

  it('creates only the examples given a target', () => {
    const other = new Stack(new App(), 'Other');
    const alone = new ChangeEventExamples(other, 'Only', {
      eventBus: new EventBus(other, 'Bus'),
      overdueInvoice: { target: new SqsQueue(new Queue(other, 'Consumer')) },
    });
    expect([alone.hiredApplication, alone.employeeAdded, alone.overdueInvoice !== undefined]).toEqual([
      undefined,
      undefined,
      true,
    ]);
  });

  it('add no cdk-nag finding of their own (infra/aws/app.ts runs the checks on every synth)', () => {
    const other = new Stack(new App(), 'Nagged');
    // A bus as the target: the one target type that brings no findings of its own.
    const target = new EventBusTarget(new EventBus(other, 'Downstream'));
    new ChangeEventExamples(other, 'Examples', {
      eventBus: new EventBus(other, 'Bus'),
      hiredApplication: { target, hiredStageIds: [STAGE.hired] },
      employeeProvisioning: { target },
      overdueInvoice: { target },
    });
    const report = new AwsSolutionsChecks().validateScope(other.node.root);
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
  });

  it('refuses an empty list of hired stages at synth time', () => {
    expect(() =>
      hiredApplicationRule(stack, 'NoStages', {
        eventBus: stack.storage.bus,
        target: consumer,
        hiredStageIds: [],
      }),
    ).toThrow(/hiredStageIds/);
  });
});

describe('ATS application moved to a hired stage', () => {
  const example = mergeExampleRecord('ATS_applications.json');
  // Merge's example is a rejected, deleted application at a placeholder stage: made a live one.
  const atOnsite = {
    ...example,
    remote_was_deleted: false,
    rejected_at: null,
    reject_reason: null,
    current_stage: STAGE.onsite,
  };
  const rule = () => examples.hiredApplication;

  it('matches a move into either listed hired stage', async () => {
    const toHired = recordChanged(
      'ats.Application',
      atOnsite,
      later(atOnsite, { current_stage: STAGE.hired }),
    );
    const toOffer = recordChanged(
      'ats.Application',
      atOnsite,
      later(atOnsite, { current_stage: STAGE.offerAccepted }),
    );
    expect(await matching(rule(), toHired, toOffer)).toEqual([true, true]);
  });

  it('does not match a rejection, another change of a hired application, or another source', async () => {
    const rejected = later(atOnsite, {
      current_stage: STAGE.rejected,
      rejected_at: '2026-03-02T08:58:00Z',
      reject_reason: 'reject_reason',
    });
    const hired = { ...atOnsite, current_stage: STAGE.hired };
    const toHired = recordChanged(
      'ats.Application',
      atOnsite,
      later(atOnsite, { current_stage: STAGE.hired }),
    );
    expect(
      await matching(
        rule(),
        recordChanged('ats.Application', atOnsite, rejected),
        recordChanged('ats.Application', hired, later(hired, { source: 'Referral' })),
        fromAnotherSource(toHired),
      ),
    ).toEqual([false, false, false]);
  });

  it('does not announce an application first seen already hired (an initial sync), nor a candidate', async () => {
    const candidate = mergeExampleRecord('ATS_candidates.json');
    expect(
      await matching(
        rule(),
        recordAdded('ats.Application', { ...atOnsite, current_stage: STAGE.hired }),
        recordChanged('ats.Candidate', candidate, later(candidate, { title: 'Hired' })),
      ),
    ).toEqual([false, false]);
  });
});

describe('HRIS employee added or terminated (provisioning)', () => {
  const example = mergeExampleRecord('HRIS_employee.json');
  const active = {
    ...example,
    remote_was_deleted: false,
    employment_status: 'ACTIVE',
    termination_date: null,
  };
  const terminated = later(active, {
    employment_status: 'INACTIVE',
    termination_date: '2026-03-01T00:00:00Z',
  });
  /** Which of the two rules match each event: "added", "terminated", both ("added+terminated") or "none". */
  const bothRules = async (...events: BusEvent[]) => {
    const added = await matching(examples.employeeAdded, ...events);
    const terminated = await matching(examples.employeeTerminated, ...events);
    return added.map(
      (a, i) => [a && 'added', terminated[i] && 'terminated'].filter(Boolean).join('+') || 'none',
    );
  };

  it('an active or pending employee added is "added"; a termination is "terminated"', async () => {
    expect(
      await bothRules(
        recordAdded('hris.Employee', active),
        recordAdded('hris.Employee', { ...active, employment_status: 'PENDING' }),
        recordChanged('hris.Employee', active, terminated),
      ),
    ).toEqual(['added', 'added', 'terminated']);
  });

  it('a change without termination, a start, or an edit of a leaver is neither', async () => {
    const pending = { ...active, employment_status: 'PENDING' };
    expect(
      await bothRules(
        recordChanged('hris.Employee', active, later(active, { work_email: 'greg.hirsch@merge.dev' })),
        recordChanged('hris.Employee', pending, later(pending, { employment_status: 'ACTIVE' })),
        recordChanged('hris.Employee', terminated, later(terminated, { personal_email: 'greg@example.com' })),
      ),
    ).toEqual(['none', 'none', 'none']);
  });

  it('a past leaver first seen, a deletion, an employment or another source is neither', async () => {
    const employment = mergeExampleRecord('HRIS_employments.json');
    expect(
      await bothRules(
        recordAdded('hris.Employee', { ...active, employment_status: 'INACTIVE' }),
        recordDeleted('hris.Employee', active),
        recordAdded('hris.Employment', { ...employment, remote_was_deleted: false }),
        fromAnotherSource(recordAdded('hris.Employee', active)),
        fromAnotherSource(recordChanged('hris.Employee', active, terminated)),
      ),
    ).toEqual(['none', 'none', 'none', 'none', 'none']);
  });
});

describe('accounting invoice overdue (candidates for the target to check)', () => {
  const example = mergeExampleRecord('Accounting_invoices.json');
  // Merge's example says PAID with a balance of 105; an unpaid one has no paid_on_date.
  const open = { ...example, remote_was_deleted: false, status: 'OPEN', balance: 105, paid_on_date: null };
  const rule = () => examples.overdueInvoice;

  it('matches an unpaid receivable added, and a partial payment', async () => {
    const partlyPaid = later(open, { status: 'PARTIALLY_PAID', balance: 55 });
    expect(
      await matching(
        rule(),
        recordAdded('accounting.Invoice', open),
        recordChanged('accounting.Invoice', open, partlyPaid),
      ),
    ).toEqual([true, true]);
  });

  it('does not match a paid, void or draft invoice, a zero balance, or a payable', async () => {
    const paid = later(open, { status: 'PAID', balance: 0, paid_on_date: '2026-03-02T00:00:00Z' });
    expect(
      await matching(
        rule(),
        recordChanged('accounting.Invoice', open, paid),
        recordAdded('accounting.Invoice', { ...example, remote_was_deleted: false }),
        recordAdded('accounting.Invoice', { ...open, status: 'VOID' }),
        recordAdded('accounting.Invoice', { ...open, status: 'DRAFT' }),
        recordAdded('accounting.Invoice', { ...open, balance: 0 }),
        recordAdded('accounting.Invoice', { ...open, type: 'ACCOUNTS_PAYABLE' }),
      ),
    ).toEqual([false, false, false, false, false, false]);
  });

  it('does not match another model, a sync result, a deletion or another source', async () => {
    const ticket = mergeExampleRecord('Ticketing_tickets.json');
    const syncCompleted: BusEvent = {
      source: EVENT_SOURCE,
      detailType: DETAIL_TYPE.syncCompleted,
      detail: { schemaVersion: 1, accountId: 'acct-example', modelId: 'accounting.Invoice', runId: 'r1' },
    };
    expect(
      await matching(
        rule(),
        recordAdded('ticketing.Ticket', { ...ticket, remote_was_deleted: false }),
        syncCompleted,
        recordDeleted('accounting.Invoice', open),
        fromAnotherSource(recordAdded('accounting.Invoice', open)),
      ),
    ).toEqual([false, false, false, false]);
  });

  it('cannot see into an invoice above 200 KB (its event has no record): the documented limit', async () => {
    const huge = recordAdded('accounting.Invoice', { ...open, memo: 'x'.repeat(250_000) });
    expect(huge.detail).toMatchObject({ record: null, recordOmitted: 'too-large' });
    expect(await matching(rule(), huge)).toEqual([false]);
  });
});
