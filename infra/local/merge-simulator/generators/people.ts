import * as S from '../sample-data';
import { emailLocal, pastDate, person, phone } from './common';
import type { Generator } from './common';

// HRIS and ATS records. Relation fields (employments, manager, candidate, applications) start empty;
// the store links records to each other.

export const PEOPLE_GENERATORS: Record<string, Generator> = {
  'hris.Employee': (ctx, remoteId) => {
    const { rng, world } = ctx;
    const { first, last } = person(rng);
    const status = rng.chance(0.9) ? 'ACTIVE' : rng.pick(['PENDING', 'INACTIVE']);
    const start = pastDate(ctx, 30, 3000);
    return {
      employee_number: String(rng.int(1, 99999)),
      company: world.company,
      first_name: first,
      last_name: last,
      preferred_name: rng.chance(0.2) ? first.slice(0, 3) : null,
      display_full_name: `${first} ${last}`,
      username: emailLocal(first, last),
      groups: [rng.pick(world.groups)],
      work_email: `${emailLocal(first, last)}@${world.domain}`,
      personal_email: `${emailLocal(first, last).replace('.', '')}${rng.int(1, 99)}@gmail.com`,
      mobile_phone_number: phone(rng),
      employments: [],
      home_location: rng.uuid(),
      work_location: rng.pick(world.locations),
      manager: null,
      team: rng.pick(world.teams),
      pay_group: rng.pick(world.payGroups),
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
      avatar: `https://images.${world.domain}/avatars/${remoteId}.png`,
      custom_fields: { cost_center: `CC-${rng.digits(4)}` },
    };
  },
  'hris.Employment': (ctx) => {
    const { rng, world } = ctx;
    const hourly = rng.chance(0.2);
    return {
      employee: null,
      job_title: rng.pick(S.JOB_TITLES),
      pay_rate: hourly ? rng.int(20, 90) : rng.int(60, 240) * 1000,
      pay_period: hourly ? 'HOUR' : 'YEAR',
      pay_frequency: rng.pick(['BIWEEKLY', 'SEMIMONTHLY', 'MONTHLY']),
      pay_currency: 'USD',
      pay_group: rng.pick(world.payGroups),
      flsa_status: hourly ? 'NONEXEMPT' : 'EXEMPT',
      effective_date: pastDate(ctx, 1, 1500),
      employment_type: hourly ? rng.pick(['PART_TIME', 'CONTRACTOR']) : 'FULL_TIME',
    };
  },
  'ats.Candidate': (ctx) => {
    const { rng } = ctx;
    const { first, last } = person(rng);
    const created = pastDate(ctx, 10, 400);
    return {
      first_name: first,
      last_name: last,
      company: rng.pick(S.COMPANIES),
      title: rng.pick(S.JOB_TITLES),
      remote_created_at: created,
      remote_updated_at: created,
      last_interaction_at: pastDate(ctx, 0, 9),
      is_private: false,
      can_email: true,
      locations: [rng.pick(S.CITIES).city],
      phone_numbers: [
        { created_at: ctx.stamp, modified_at: ctx.stamp, value: phone(rng), phone_number_type: 'MOBILE' },
      ],
      email_addresses: [
        {
          created_at: ctx.stamp,
          modified_at: ctx.stamp,
          value: `${emailLocal(first, last)}@example.com`,
          email_address_type: 'PERSONAL',
        },
      ],
      urls: [
        {
          created_at: ctx.stamp,
          modified_at: ctx.stamp,
          value: `https://www.linkedin.com/in/${emailLocal(first, last).replace('.', '-')}`,
          url_type: 'SOCIAL_MEDIA',
        },
      ],
      tags: rng.chance(0.3) ? ['High-Priority'] : [],
      applications: [],
      attachments: [rng.uuid()],
    };
  },
  'ats.Application': (ctx) => {
    const { rng, world } = ctx;
    return {
      candidate: null,
      job: rng.pick(world.jobs),
      applied_at: pastDate(ctx, 1, 200),
      rejected_at: null,
      offers: [],
      source: rng.pick(S.APPLICATION_SOURCES),
      credited_to: rng.pick(world.users),
      screening_question_answers: [],
      current_stage: rng.pick(world.stages),
      reject_reason: null,
    };
  },
};
