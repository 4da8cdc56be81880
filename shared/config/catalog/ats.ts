import { defineModels, ignoreAction, inline, uuidTyped } from './define';

/** ATS writes need a top-level `remote_user_id` (reference §3.0). */
const ats = (post: string, extra: { patch?: string } = {}) => ({
  post,
  ...extra,
  remoteUserId: true as const,
});

/** ATS Common Models (reference merge-common-models §2.2, §3.2, §5.2). */
export const ATS_MODELS = defineModels('ats', {
  Activity: { path: 'activities', expand: { user: 'RemoteUser' }, writes: ats('activities') },
  Application: {
    path: 'applications',
    expand: {
      candidate: 'Candidate',
      credited_to: 'RemoteUser',
      current_stage: 'JobInterviewStage',
      job: 'Job',
      offers: 'Offer[]',
      reject_reason: 'RejectReason',
      screening_question_answers: inline('ScreeningQuestionAnswer[]'),
      'screening_question_answers.question': {
        target: 'ScreeningQuestion',
        listed: true,
        note: 'expands the question inside each answer; the answers stay inline',
      },
    },
    writes: {
      ...ats('applications'),
      actions: [{ kind: 'change-stage', method: 'POST', path: 'applications/{id}/change-stage' }],
    },
  },
  Attachment: {
    path: 'attachments',
    expand: { candidate: uuidTyped('Candidate') },
    writes: ats('attachments'),
  },
  Candidate: {
    path: 'candidates',
    expand: { applications: 'Application[]', attachments: 'Attachment[]' },
    writes: { ...ats('candidates', { patch: 'candidates/{id}' }), actions: [ignoreAction('candidates')] },
  },
  Department: { path: 'departments' },
  // The SDK type is `Eeoc`; its list doc and the webhook name say `EEOC`.
  EEOC: { path: 'eeocs', expand: { candidate: 'Candidate' }, spellings: ['Eeoc'] },
  ScheduledInterview: {
    path: 'interviews',
    expand: {
      application: 'Application',
      interviewers: 'RemoteUser[]',
      job_interview_stage: 'JobInterviewStage',
      organizer: 'RemoteUser',
    },
    writes: ats('interviews'),
  },
  JobInterviewStage: { path: 'job-interview-stages', expand: { job: 'Job' } },
  JobPosting: { path: 'job-postings', expand: { job: 'Job' }, webhookUnknown: true },
  Job: {
    path: 'jobs',
    expand: {
      departments: 'Department[]',
      hiring_managers: 'RemoteUser[]',
      job_postings: uuidTyped('JobPosting[]'),
      offices: 'Office[]',
      recruiters: 'RemoteUser[]',
    },
  },
  ScreeningQuestion: {
    path: 'jobs/{job_id}/screening-questions',
    expand: { job: 'Job', options: inline('ScreeningQuestionOption[]') },
    modifiedAfter: false,
    retrieve: false,
    nested: { parent: 'Job', reason: 'listed per job only: a sync lists every job, with no modified_after' },
    webhookUnknown: true,
  },
  Offer: { path: 'offers', expand: { application: 'Application', creator: 'RemoteUser' } },
  Office: { path: 'offices' },
  RejectReason: { path: 'reject-reasons' },
  Scorecard: {
    path: 'scorecards',
    expand: { application: 'Application', interview: 'ScheduledInterview', interviewer: 'RemoteUser' },
  },
  Tag: { path: 'tags', retrieve: false },
  RemoteUser: { path: 'users' },
});
