import type { Random } from '../random';
import * as S from '../sample-data';
import type { JsonObject, MergeRecord } from '../types';
import { phone } from './common';
import type { RecordLinks } from './common';

// How an upstream edit changes a record: at least one Common Model field, as a third party would
// (a status moves on, a name is revised, an amount changes). Rules per model where the model has a
// telling field; otherwise the first name-like, numeric, boolean or date field changes.

export interface TouchContext {
  rng: Random;
  stamp: string;
  links: RecordLinks;
}

type Rule = (record: MergeRecord, ctx: TouchContext) => void;

const NEXT_TICKET_STATUS: Record<string, string> = { OPEN: 'IN_PROGRESS', IN_PROGRESS: 'CLOSED' };

const RULES: Record<string, Rule> = {
  'hris.Employee': (r, { rng }) => {
    r.mobile_phone_number = phone(rng);
  },
  'hris.Employment': (r) => {
    r.pay_rate = Math.round((Number(r.pay_rate) || 50) * 1.03 * 100) / 100;
  },
  'ats.Candidate': (r, { stamp }) => {
    r.last_interaction_at = stamp;
  },
  'ats.Application': (r, { links, rng }) => {
    // The application moves to another stage of its job (or is credited to someone else).
    const next = links.refWhere('ats.JobInterviewStage', (s) => s.job === r.job && s.id !== r.current_stage);
    if (next) r.current_stage = next;
    else r.source = rng.pick(S.APPLICATION_SOURCES.filter((s) => s !== r.source));
  },
  'crm.Contact': (r, { stamp }) => {
    r.last_activity_at = stamp;
  },
  'crm.Lead': (r, { rng }) => {
    r.title = rng.pick(S.JOB_TITLES.filter((t) => t !== r.title));
  },
  'crm.CustomObject': (r, { rng }) => {
    r.fields = { ...(r.fields as JsonObject), amount: Math.round(rng.next() * 500_000) / 100 };
  },
  'crm.Association': (r, { links }) => {
    const other = links.refWhere(
      'crm.CustomObject',
      (o) => o.id !== r.target_object && o.id !== r.source_object,
    );
    if (other) r.target_object = other;
    else r.association_type = null;
  },
  'accounting.Invoice': (r, { stamp }) => {
    r.memo = `Updated ${stamp}`;
  },
  'ticketing.Ticket': (r) => {
    r.status = NEXT_TICKET_STATUS[String(r.status)] ?? 'OPEN';
  },
  'ticketing.Attachment': (r, { rng }) => {
    r.file_name = `v${rng.int(2, 99)}-${String(r.file_name)}`;
  },
  'ticketing.Team': (r, { stamp }) => {
    r.description = `Updated ${stamp}`;
  },
  'ticketing.Viewer': (r, { links }) => {
    const user = links.refWhere('ticketing.User', (u) => u.id !== r.user);
    if (user) Object.assign(r, { user, team: null });
    else r.team = links.refWhere('ticketing.Team', (t) => t.id !== r.team);
  },
  'filestorage.File': (r, { rng }) => {
    r.size = (Number(r.size) || 0) + rng.int(1, 4096);
    r.checksum = { type: 'sha256', content_hash: rng.bytes(32).toString('hex') };
  },
};

const NAME_LIKE = [
  'name',
  'display_name',
  'title',
  'subject',
  'description',
  'memo',
  'content',
  'body',
  'file_name',
  'pay_group_name',
  'bank_name',
  'provider_name',
  'source_account_name',
];
const NUMERIC = [
  'amount',
  'total_amount',
  'total',
  'balance',
  'hours_worked',
  'gross_pay',
  'current_balance',
];
const BOOLEAN = ['is_active', 'is_student', 'disabled', 'is_contractor', 'is_processed', 'required'];
const DATES = ['check_date', 'submitted_at', 'start_date', 'end_at', 'transaction_date', 'posting_date'];

/** `Board decks` -> `Board decks (rev 2)` -> `Board decks (rev 3)`. */
function revise(value: string): string {
  const m = / \(rev (\d+)\)$/.exec(value);
  return m ? `${value.slice(0, m.index)} (rev ${Number(m[1]) + 1})` : `${value} (rev 2)`;
}

function genericTouch(r: MergeRecord, { stamp }: TouchContext): void {
  const text = NAME_LIKE.find((f) => typeof r[f] === 'string');
  if (text) r[text] = revise(String(r[text]));
  else {
    const number = NUMERIC.find((f) => typeof r[f] === 'number');
    const flag = BOOLEAN.find((f) => typeof r[f] === 'boolean');
    const date = DATES.find((f) => f in r);
    if (number) r[number] = Math.round((Number(r[number]) + 1.25) * 100) / 100;
    else if (flag) r[flag] = !r[flag];
    else if (date) r[date] = stamp;
  }
}

/** Changes at least one Common Model field the way an upstream edit would. */
export function touchRecord(modelId: string, record: MergeRecord, ctx: TouchContext): void {
  const before = JSON.stringify(record);
  (RULES[modelId] ?? genericTouch)(record, ctx);
  if ('remote_updated_at' in record) record.remote_updated_at = ctx.stamp;
  if (JSON.stringify(record) === before) throw new Error(`update of ${modelId} changed nothing`);
}
