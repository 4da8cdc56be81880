/**
 * Writes docs/models.md from the model catalog: `npm run docs:models`. A unit test fails when the
 * committed file differs from what this renders.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { MODEL_CATALOG, type ModelDefinition } from '../shared/config/model-catalog';
import { CATEGORIES, type Category } from '../shared/merge/types';

export const MODELS_DOC = path.join(__dirname, '../docs/models.md');

const TITLES: Record<Category, string> = {
  hris: 'HRIS',
  ats: 'ATS',
  crm: 'CRM',
  accounting: 'Accounting',
  ticketing: 'Ticketing',
  filestorage: 'File Storage',
};

const code = (text: string) => `\`${text}\``;
const list = (items: string[]) => (items.length > 0 ? items.join(', ') : '—');
const shortId = (modelId: string) => modelId.slice(modelId.indexOf('.') + 1);

function listing(m: ModelDefinition): string {
  const how = m.modifiedAfter ? 'modified_after' : 'full listing';
  return m.nested ? `${how}; per ${shortId(m.nested.parent)} only` : how;
}

function relations(m: ModelDefinition): string {
  return list(
    m.expandable.map((r) => {
      const target = `${shortId(r.target)}${r.many ? '[]' : ''}`;
      const kind = r.listed ? '' : ' (inline)';
      return `${code(r.field)} → ${target}${kind}${r.unconfirmed ? ' (unconfirmed)' : ''}`;
    }),
  );
}

function writes(m: ModelDefinition): string {
  const { post, patch, actions, requiresRemoteUserId } = m.writes;
  const items = [
    ...(post ? [`create ${code(`POST ${post}`)}`] : []),
    ...(patch ? [`update ${code(`PATCH ${patch}`)}`] : []),
    ...actions.map((a) => `${a.kind} ${code(`${a.method} ${a.path}`)}`),
  ];
  return requiresRemoteUserId ? `${list(items)}; needs ${code('remote_user_id')}` : list(items);
}

function notes(m: ModelDefinition): string {
  const items = [
    ...(m.nested ? [m.nested.reason] : []),
    ...m.otherLists.map(
      (l) => `also listed at ${code(l.path)} (${l.modifiedAfter ? 'modified_after' : 'full listing'})`,
    ),
    ...(m.sensitiveFields.length > 0
      ? [`${m.sensitiveFields.map(code).join(', ')} only with ${code('include_sensitive_fields')}`]
      : []),
    ...(m.personalIdentifiers.length > 0
      ? [`${m.personalIdentifiers.map(code).join(', ')} denied by default`]
      : []),
  ];
  return items.length > 0 ? items.join('; ') : '—';
}

function row(m: ModelDefinition): string[] {
  const webhooks = m.webhookNames.map(code).join(', ');
  return [
    code(m.modelId),
    code(m.path),
    listing(m),
    relations(m),
    writes(m),
    m.webhookNameKnown ? webhooks : `${webhooks} (assumed)`,
    notes(m),
  ];
}

/** A markdown table padded the way prettier formats it, so `prettier --check` accepts the file. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, 3, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const HEADER = [
  'Model id',
  'List path',
  'Listing',
  'Expandable relations',
  'Writes',
  'Webhook names',
  'Notes',
];

export function renderModelsDoc(): string {
  const sections = CATEGORIES.map((category) => {
    const models = MODEL_CATALOG.filter((m) => m.category === category);
    return [`## ${TITLES[category]} (${code(`/api/${category}/v1/`)})`, table(HEADER, models.map(row))].join(
      '\n\n',
    );
  });
  const legend = [
    '- **Model id**: what the sync config (`models[].modelId`) and stored records use.',
    '- **Listing**: `modified_after` means each sync asks only for what Merge changed since the last ' +
      'one; a **full listing** is read whole every time. A model listed **per parent** needs the ' +
      "parent's id in its path and is not synced by a plain list.",
    '- **Expandable relations**: `expand` values. A relation to a listed model is stored as a record ' +
      'of that model; an **(inline)** one is a sub-object kept inside its parent; **(unconfirmed)**: ' +
      'the SDK types the field as ids only.',
    '- **Webhook names**: the `{Model}` of `{Model}.added` / `.changed` / `.removed` / `.synced`, ' +
      'first the name the reference gives; **(assumed)** where no source names it.',
  ].join('\n');
  const intro =
    'Generated from `shared/config/catalog/` by `npm run docs:models`; do not edit by hand. The data ' +
    "follows the project's Merge reference (`merge-common-models.md`, compiled 2026-12-03), checked by " +
    '`test/unit/config/catalog-reference.test.ts`.';
  return `${['# Supported Common Models', intro, legend, ...sections].join('\n\n')}\n`;
}

if (require.main === module) {
  writeFileSync(MODELS_DOC, renderModelsDoc());
  process.stdout.write(
    `wrote ${path.relative(process.cwd(), MODELS_DOC)} (${MODEL_CATALOG.length} models)\n`,
  );
}
