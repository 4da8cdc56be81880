import * as S from '../sample-data';
import {
  addDays,
  emailLocal,
  futureDate,
  money,
  pastDate,
  person,
  phone,
  subObject,
  workEmail,
} from './common';
import type { FactoryContext, Generator } from './common';

// HRIS records (merge-common-models §2.1, §3.1 enums). Relation fields point at records of the same
// account (links); a model with none yet gets null or an empty list. Employee.employments is filled
// by the store as Employments arrive.

const DEPARTMENTS = ['Engineering', 'Sales', 'Marketing', 'Finance', 'People', 'Support', 'Legal'] as const;
const BANKS = ['Chase', 'Bank of America', 'Wells Fargo', 'Citibank', 'US Bank'] as const;

const location = (ctx: FactoryContext, type: 'HOME' | 'WORK') =>
  ctx.links.refWhere('hris.Location', (r) => r.location_type === type) ?? ctx.links.ref('hris.Location');

export const HRIS_GENERATORS: Record<string, Generator> = {
  'hris.Company': (ctx) => ({
    legal_name: `${ctx.world.organization}, Inc.`,
    display_name: ctx.world.organization,
    eins: [`${ctx.rng.digits(2)}-${ctx.rng.digits(7)}`],
  }),
  'hris.Location': (ctx) => {
    const place = ctx.rng.pick(S.CITIES);
    const type = ctx.rng.chance(0.5) ? 'WORK' : 'HOME';
    return {
      name: type === 'WORK' ? `${place.city} office` : `Home (${place.city})`,
      phone_number: phone(ctx.rng),
      street_1: `${ctx.rng.int(1, 999)} ${ctx.rng.pick(S.STREETS)}`,
      street_2: ctx.rng.chance(0.3) ? `Suite ${ctx.rng.int(100, 999)}` : null,
      city: place.city,
      state: place.state,
      zip_code: place.postal,
      country: 'US',
      location_type: type,
    };
  },
  'hris.Group': (ctx) => {
    const type = ctx.rng.pick(['DEPARTMENT', 'TEAM', 'COST_CENTER', 'BUSINESS_UNIT', 'GROUP']);
    return {
      parent_group: ctx.rng.chance(0.3) ? ctx.links.ref('hris.Group') : null,
      name: `${ctx.rng.pick(DEPARTMENTS)}${type === 'COST_CENTER' ? ` CC-${ctx.rng.digits(4)}` : ''}`,
      type,
      is_commonly_used_as_team: type === 'TEAM' || type === 'DEPARTMENT',
    };
  },
  'hris.PayGroup': (ctx) => ({ pay_group_name: ctx.rng.pick(['US Salaried', 'US Hourly', 'Contractors']) }),
  'hris.Team': (ctx) => ({
    name: `${ctx.rng.pick(DEPARTMENTS)} ${ctx.rng.pick(['Core', 'Growth', 'Platform', 'Operations'])}`,
    // Teams form a tree: the first is the root, most others sit under an earlier one.
    parent_team: ctx.rng.chance(0.8) ? ctx.links.ref('hris.Team') : null,
  }),
  'hris.Employee': (ctx, remoteId) => {
    const { rng, links } = ctx;
    const { first, last } = person(rng);
    const status = rng.chance(0.9) ? 'ACTIVE' : rng.pick(['PENDING', 'INACTIVE']);
    const start = pastDate(ctx, 30, 3000);
    return {
      employee_number: String(rng.int(1, 99999)),
      company: links.ref('hris.Company'),
      first_name: first,
      last_name: last,
      preferred_name: rng.chance(0.2) ? first.slice(0, 3) : null,
      display_full_name: `${first} ${last}`,
      username: emailLocal(first, last),
      groups: links.refs('hris.Group', 1, 2),
      work_email: workEmail(ctx, first, last),
      personal_email: `${emailLocal(first, last).replace('.', '')}${rng.int(1, 99)}@gmail.com`,
      mobile_phone_number: phone(rng),
      employments: [],
      home_location: location(ctx, 'HOME'),
      work_location: location(ctx, 'WORK'),
      // A manager is someone already employed, so the org chart has no cycles.
      manager: rng.chance(0.85) ? links.ref('hris.Employee') : null,
      team: links.ref('hris.Team'),
      pay_group: links.ref('hris.PayGroup'),
      ssn: `${rng.digits(3)}-${rng.digits(2)}-${rng.digits(4)}`,
      gender: rng.pick(S.GENDERS),
      ethnicity: rng.pick(S.ETHNICITIES),
      marital_status: rng.pick(S.MARITAL_STATUSES),
      date_of_birth: pastDate(ctx, 8000, 20000),
      hire_date: start,
      start_date: start,
      remote_created_at: start,
      employment_status: status,
      termination_date: status === 'INACTIVE' ? pastDate(ctx, 1, 29) : null,
      avatar: `https://images.${ctx.world.domain}/avatars/${remoteId}.png`,
      custom_fields: { cost_center: `CC-${rng.digits(4)}` },
    };
  },
  'hris.Employment': (ctx) => {
    const { rng, links } = ctx;
    const hourly = rng.chance(0.2);
    return {
      employee: links.ref('hris.Employee'),
      job_title: rng.pick(S.JOB_TITLES),
      pay_rate: hourly ? rng.int(20, 90) : rng.int(60, 240) * 1000,
      pay_period: hourly ? 'HOUR' : 'YEAR',
      pay_frequency: rng.pick(['BIWEEKLY', 'SEMIMONTHLY', 'MONTHLY']),
      pay_currency: 'USD',
      pay_group: links.ref('hris.PayGroup'),
      flsa_status: hourly ? 'NONEXEMPT' : 'EXEMPT',
      effective_date: pastDate(ctx, 1, 1500),
      employment_type: hourly ? rng.pick(['PART_TIME', 'CONTRACTOR']) : 'FULL_TIME',
    };
  },
  'hris.BankInfo': (ctx) => ({
    employee: ctx.links.ref('hris.Employee'),
    account_number: ctx.rng.digits(10),
    routing_number: ctx.rng.digits(9),
    bank_name: ctx.rng.pick(BANKS),
    account_type: ctx.rng.pick(['CHECKING', 'SAVINGS']),
    remote_created_at: pastDate(ctx, 30, 900),
  }),
  'hris.EmployerBenefit': (ctx) => {
    const type = ctx.rng.pick(['MEDICAL', 'HEALTH_SAVINGS', 'INSURANCE', 'RETIREMENT', 'OTHER']);
    return {
      benefit_plan_type: type,
      name:
        {
          MEDICAL: 'Blue Shield PPO',
          HEALTH_SAVINGS: 'HSA',
          INSURANCE: 'Life insurance',
          RETIREMENT: '401(k)',
        }[type] ?? 'Commuter benefit',
      description: `${type.toLowerCase().replace('_', ' ')} plan offered to every full-time employee`,
      deduction_code: `DED-${ctx.rng.digits(3)}`,
    };
  },
  'hris.Benefit': (ctx) => {
    const start = pastDate(ctx, 30, 700);
    return {
      employee: ctx.links.ref('hris.Employee'),
      provider_name: ctx.rng.pick(['Blue Shield of California', 'Fidelity', 'Guardian', 'Aetna']),
      benefit_plan_type: ctx.rng.pick(['MEDICAL', 'DENTAL', 'VISION', 'RETIREMENT']),
      employee_contribution: money(ctx.rng, 20, 400),
      company_contribution: money(ctx.rng, 50, 900),
      start_date: start,
      end_date: ctx.rng.chance(0.2) ? addDays(start, 365) : null,
      employer_benefit: ctx.links.ref('hris.EmployerBenefit'),
    };
  },
  'hris.Dependent': (ctx) => {
    const { first } = person(ctx.rng);
    const relationship = ctx.rng.pick(['CHILD', 'SPOUSE', 'DOMESTIC_PARTNER']);
    return {
      first_name: first,
      middle_name: null,
      last_name: ctx.rng.pick(S.LAST_NAMES),
      relationship,
      employee: ctx.links.ref('hris.Employee'),
      date_of_birth: relationship === 'CHILD' ? pastDate(ctx, 400, 6500) : pastDate(ctx, 8000, 20000),
      gender: ctx.rng.pick(S.GENDERS),
      phone_number: relationship === 'CHILD' ? null : phone(ctx.rng),
      home_location: location(ctx, 'HOME'),
      is_student: relationship === 'CHILD' && ctx.rng.chance(0.6),
      ssn: `${ctx.rng.digits(3)}-${ctx.rng.digits(2)}-${ctx.rng.digits(4)}`,
    };
  },
  'hris.PayrollRun': (ctx) => {
    const start = pastDate(ctx, 14, 400);
    const end = addDays(start, 13);
    return {
      run_state: ctx.rng.pick(['PAID', 'PAID', 'APPROVED', 'DRAFT', 'CLOSED']),
      run_type: ctx.rng.pick(['REGULAR', 'REGULAR', 'OFF_CYCLE', 'CORRECTION', 'SIGN_ON_BONUS']),
      start_date: start,
      end_date: end,
      check_date: addDays(end, 3),
    };
  },
  'hris.EmployeePayrollRun': (ctx) => {
    const gross = money(ctx.rng, 2000, 9000);
    const tax = Math.round(gross * 0.22 * 100) / 100;
    const deduction = money(ctx.rng, 50, 400);
    const start = pastDate(ctx, 14, 400);
    const line = (fields: Record<string, string | number | boolean>) => subObject(ctx, fields);
    return {
      employee: ctx.links.ref('hris.Employee'),
      payroll_run: ctx.links.ref('hris.PayrollRun'),
      gross_pay: gross,
      net_pay: Math.round((gross - tax - deduction) * 100) / 100,
      start_date: start,
      end_date: addDays(start, 13),
      check_date: addDays(start, 16),
      earnings: [line({ amount: gross, type: 'SALARY' })],
      deductions: [
        line({ name: 'Medical', employee_deduction: deduction, company_deduction: deduction * 2 }),
      ],
      taxes: [line({ name: 'Federal income tax', amount: tax, employer_tax: false })],
    };
  },
  'hris.TimeOff': (ctx) => {
    const start = futureDate(ctx, -60, 60);
    const days = ctx.rng.int(1, 5);
    const hours = ctx.rng.chance(0.3);
    return {
      employee: ctx.links.ref('hris.Employee'),
      approver: ctx.links.ref('hris.Employee'),
      status: ctx.rng.pick(['REQUESTED', 'APPROVED', 'APPROVED', 'DECLINED', 'CANCELLED']),
      employee_note: ctx.rng.pick(['Family trip', 'Doctor appointment', 'Moving house', null]),
      units: hours ? 'HOURS' : 'DAYS',
      amount: hours ? days * 8 : days,
      request_type: ctx.rng.pick(['VACATION', 'SICK', 'PERSONAL', 'JURY_DUTY', 'VOLUNTEER', 'BEREAVEMENT']),
      start_time: start,
      end_time: addDays(start, days),
    };
  },
  'hris.TimeOffBalance': (ctx) => ({
    employee: ctx.links.ref('hris.Employee'),
    balance: ctx.rng.int(0, 200),
    used: ctx.rng.int(0, 120),
    policy_type: ctx.rng.pick(['VACATION', 'SICK', 'PERSONAL', 'JURY_DUTY', 'VOLUNTEER', 'BEREAVEMENT']),
  }),
  'hris.TimesheetEntry': (ctx) => {
    const start = Date.parse(pastDate(ctx, 1, 60)) + 9 * 3_600_000;
    const hours = ctx.rng.int(4, 10);
    return {
      employee: ctx.links.ref('hris.Employee'),
      hours_worked: hours,
      start_time: new Date(start).toISOString().replace('.000Z', 'Z'),
      end_time: new Date(start + hours * 3_600_000).toISOString().replace('.000Z', 'Z'),
    };
  },
};
