import { defineModels, ignoreAction } from './define';

/** HRIS Common Models (reference merge-common-models §2.1, §3.1, §5.2). */
export const HRIS_MODELS = defineModels('hris', {
  BankInfo: { path: 'bank-info', expand: { employee: 'Employee' } },
  Benefit: { path: 'benefits', expand: { employee: 'Employee' } },
  Company: { path: 'companies' },
  Dependent: {
    path: 'dependents',
    // The SDK's Dependent carries `ssn`, returned only with include_sensitive_fields.
    sensitiveFields: ['ssn'],
    personalIdentifiers: ['ssn'],
  },
  EmployeePayrollRun: {
    path: 'employee-payroll-runs',
    expand: { employee: 'Employee', payroll_run: 'PayrollRun' },
  },
  Employee: {
    path: 'employees',
    expand: {
      company: 'Company',
      employments: 'Employment[]',
      groups: 'Group[]',
      home_location: 'Location',
      manager: 'Employee',
      pay_group: 'PayGroup',
      team: 'Team',
      work_location: 'Location',
    },
    writes: { post: 'employees', actions: [ignoreAction('employees')] },
    sensitiveFields: ['ssn'],
    personalIdentifiers: ['ssn'],
  },
  EmployerBenefit: { path: 'employer-benefits' },
  Employment: { path: 'employments', expand: { employee: 'Employee', pay_group: 'PayGroup' } },
  Group: { path: 'groups' },
  Location: { path: 'locations' },
  PayGroup: { path: 'pay-groups' },
  PayrollRun: { path: 'payroll-runs' },
  Team: { path: 'teams', expand: { parent_team: 'Team' } },
  TimeOff: {
    path: 'time-off',
    expand: { approver: 'Employee', employee: 'Employee' },
    writes: { post: 'time-off' },
  },
  TimeOffBalance: { path: 'time-off-balances', expand: { employee: 'Employee' } },
  TimesheetEntry: {
    path: 'timesheet-entries',
    expand: { employee: 'Employee' },
    writes: { post: 'timesheet-entries' },
    webhookUnknown: true,
  },
});
