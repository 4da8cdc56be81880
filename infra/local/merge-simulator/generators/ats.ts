import * as S from '../sample-data';
import { addDays, emailLocal, futureDate, pastDate, person, phone, subObject, workEmail } from './common';
import type { FactoryContext, Generator } from './common';

// ATS records (merge-common-models §2.2, §3.2 enums). An application's candidate and job exist; its
// stage is one of its job's stages and its screening answers answer its job's questions.
// Candidate.applications, Candidate.attachments, Job.job_postings and Application.offers are filled
// by the store as the records naming them arrive.

const DEPARTMENTS = ['Engineering', 'Product', 'Design', 'Sales', 'Customer Success', 'Finance'] as const;
const STAGES = ['Application Review', 'Phone Screen', 'Onsite', 'Reference Check', 'Offer'] as const;

const user = (ctx: FactoryContext) => ctx.links.ref('ats.RemoteUser');
const application = (ctx: FactoryContext) => ctx.links.ref('ats.Application');

export const ATS_GENERATORS: Record<string, Generator> = {
  'ats.RemoteUser': (ctx) => {
    const { first, last } = person(ctx.rng);
    return {
      first_name: first,
      last_name: last,
      email: workEmail(ctx, first, last),
      disabled: ctx.rng.chance(0.05),
      remote_created_at: pastDate(ctx, 100, 2000),
      access_role: ctx.rng.pick([
        'SUPER_ADMIN',
        'ADMIN',
        'TEAM_MEMBER',
        'LIMITED_TEAM_MEMBER',
        'INTERVIEWER',
      ]),
    };
  },
  'ats.Department': (ctx) => ({ name: ctx.rng.pick(DEPARTMENTS) }),
  'ats.Office': (ctx) => {
    const place = ctx.rng.pick(S.CITIES);
    return { name: `${place.city} HQ`, location: `${place.city}, ${place.state}` };
  },
  'ats.RejectReason': (ctx) => ({
    name: ctx.rng.pick(['Not a fit', 'Withdrew', 'Compensation', 'Position filled', 'Location']),
  }),
  'ats.Tag': (ctx) => ({ name: ctx.rng.pick(['High-Priority', 'Referral', 'Silver medalist', 'Returning']) }),
  'ats.Job': (ctx, remoteId) => {
    const created = pastDate(ctx, 20, 400);
    return {
      name: ctx.rng.pick(S.JOB_TITLES),
      description: '<p>Join a team that ships every day.</p>',
      code: `JOB-${remoteId.slice(0, 4)}`,
      status: ctx.rng.pick(['OPEN', 'OPEN', 'OPEN', 'CLOSED', 'DRAFT', 'ARCHIVED', 'PENDING']),
      type: ctx.rng.pick(['POSTING', 'REQUISITION', 'PROFILE']),
      job_postings: [],
      job_posting_urls: [
        {
          value: `https://boards.greenhouse.io/${ctx.world.domain.replace('.com', '')}/jobs/${remoteId}`,
          url_type: 'JOB_POSTING',
        },
      ],
      remote_created_at: created,
      remote_updated_at: created,
      confidential: ctx.rng.chance(0.1),
      departments: ctx.links.refs('ats.Department', 1, 1),
      offices: ctx.links.refs('ats.Office', 1, 2),
      hiring_managers: ctx.links.refs('ats.RemoteUser', 1, 1),
      recruiters: ctx.links.refs('ats.RemoteUser', 1, 2),
    };
  },
  'ats.JobPosting': (ctx, remoteId) => {
    const created = pastDate(ctx, 5, 300);
    return {
      title: ctx.rng.pick(S.JOB_TITLES),
      job_posting_urls: [{ value: `https://jobs.${ctx.world.domain}/${remoteId}`, url_type: 'JOB_POSTING' }],
      job: ctx.links.ref('ats.Job'),
      status: ctx.rng.pick(['PUBLISHED', 'PUBLISHED', 'CLOSED', 'DRAFT', 'INTERNAL', 'PENDING']),
      content: '<p>We are hiring.</p>',
      remote_created_at: created,
      remote_updated_at: created,
      is_internal: ctx.rng.chance(0.2),
    };
  },
  'ats.JobInterviewStage': (ctx) => ({
    name: ctx.rng.pick(STAGES),
    job: ctx.links.ref('ats.Job'),
    stage_order: ctx.rng.int(1, STAGES.length),
  }),
  'ats.ScreeningQuestion': (ctx) => {
    const choice = ctx.rng.chance(0.5);
    return {
      job: ctx.parentId,
      description: choice ? 'Pick one.' : 'Answer in a sentence or two.',
      title: choice ? 'Are you authorized to work in the US?' : 'Why do you want to join us?',
      type: choice ? 'SINGLE_SELECT' : 'MULTI_LINE_TEXT',
      required: ctx.rng.chance(0.7),
      options: choice ? ['Yes', 'No'].map((label) => subObject(ctx, { label })) : [],
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
      attachments: [],
    };
  },
  'ats.Application': (ctx) => {
    const { rng, links } = ctx;
    const job = links.ref('ats.Job');
    const rejected = rng.chance(0.35);
    const question = links.refWhere('ats.ScreeningQuestion', (q) => q.job === job);
    return {
      candidate: links.ref('ats.Candidate'),
      job,
      applied_at: pastDate(ctx, 1, 200),
      rejected_at: rejected ? pastDate(ctx, 0, 1) : null,
      offers: [],
      source: rng.pick(S.APPLICATION_SOURCES),
      credited_to: user(ctx),
      screening_question_answers: question
        ? [subObject(ctx, { question, answer: rng.pick(['Yes', 'No', 'I love the product.']) })]
        : [],
      current_stage:
        links.refWhere('ats.JobInterviewStage', (s) => s.job === job) ?? links.ref('ats.JobInterviewStage'),
      reject_reason: rejected ? links.ref('ats.RejectReason') : null,
    };
  },
  'ats.Attachment': (ctx, remoteId) => {
    const type = ctx.rng.pick(['RESUME', 'RESUME', 'COVER_LETTER', 'OFFER_LETTER', 'OTHER']);
    return {
      file_name: `${type.toLowerCase()}_${remoteId}.pdf`,
      file_url: `https://files.${ctx.world.domain}/attachments/${remoteId}.pdf`,
      candidate: ctx.links.ref('ats.Candidate'),
      attachment_type: type,
    };
  },
  'ats.EEOC': (ctx) => ({
    candidate: ctx.links.ref('ats.Candidate'),
    submitted_at: pastDate(ctx, 1, 200),
    race: ctx.rng.pick([
      'ASIAN',
      'BLACK_OR_AFRICAN_AMERICAN',
      'HISPANIC_OR_LATINO',
      'WHITE',
      'TWO_OR_MORE_RACES',
      'DECLINE_TO_SELF_IDENTIFY',
    ]),
    gender: ctx.rng.pick(['MALE', 'FEMALE', 'NON-BINARY', 'OTHER', 'DECLINE_TO_SELF_IDENTIFY']),
    veteran_status: ctx.rng.pick(['I_AM_NOT_A_PROTECTED_VETERAN', 'I_DONT_WISH_TO_ANSWER']),
    disability_status: ctx.rng.pick(['NO_I_DONT_HAVE_A_DISABILITY', 'I_DONT_WISH_TO_ANSWER']),
  }),
  'ats.Activity': (ctx) => {
    const type = ctx.rng.pick(['NOTE', 'EMAIL', 'OTHER']);
    return {
      user: user(ctx),
      remote_created_at: pastDate(ctx, 0, 60),
      activity_type: type,
      subject: type === 'EMAIL' ? 'Next steps' : 'Phone screen notes',
      body: 'Strong communicator; follow up on system design.',
      visibility: ctx.rng.pick(['ADMIN_ONLY', 'PUBLIC', 'PRIVATE']),
      candidate: ctx.links.ref('ats.Candidate'),
    };
  },
  'ats.Offer': (ctx) => {
    const sent = pastDate(ctx, 1, 30);
    return {
      application: application(ctx),
      creator: user(ctx),
      remote_created_at: addDays(sent, -2),
      closed_at: null,
      sent_at: sent,
      start_date: futureDate(ctx, 14, 60),
      status: ctx.rng.pick(['DRAFT', 'APPROVAL-SENT', 'APPROVED', 'SENT', 'OPENED', 'SIGNED', 'DENIED']),
    };
  },
  'ats.ScheduledInterview': (ctx) => {
    const start = Date.parse(futureDate(ctx, -20, 20)) + 15 * 3_600_000;
    const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
    return {
      application: application(ctx),
      job_interview_stage: ctx.links.ref('ats.JobInterviewStage'),
      organizer: user(ctx),
      interviewers: ctx.links.refs('ats.RemoteUser', 1, 3),
      location: ctx.rng.pick(['Google Meet', 'Zoom', 'Onsite, room 4B']),
      start_at: iso(start),
      end_at: iso(start + 3_600_000),
      remote_created_at: pastDate(ctx, 21, 40),
      remote_updated_at: pastDate(ctx, 0, 20),
      status: start < ctx.nowMs ? ctx.rng.pick(['AWAITING_FEEDBACK', 'COMPLETE']) : 'SCHEDULED',
    };
  },
  'ats.Scorecard': (ctx) => ({
    application: application(ctx),
    interview: ctx.links.ref('ats.ScheduledInterview'),
    interviewer: user(ctx),
    remote_created_at: pastDate(ctx, 1, 30),
    submitted_at: pastDate(ctx, 0, 1),
    overall_recommendation: ctx.rng.pick(['DEFINITELY_NO', 'NO', 'YES', 'STRONG_YES', 'NO_DECISION']),
  }),
};
