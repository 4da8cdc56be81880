/**
 * Writes docs/models.md from the model catalog: `npm run docs:models`. A unit test fails when the
 * committed file differs from what this renders.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_SYNC_CONFIG } from '../shared/config/default-sync-config';
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
  const { post, patch, requiresRemoteUserId } = m.writes;
  const items = [...(post ? ['create'] : []), ...(patch ? ['update'] : [])];
  if (items.length === 0) return '—';
  return requiresRemoteUserId ? `${items.join(', ')} (${code('remote_user_id')})` : items.join(', ');
}

function writeEndpoints(m: ModelDefinition): string[] {
  const { post, patch, actions } = m.writes;
  return [
    ...(post ? [`create ${code(`POST ${post}`)}`] : []),
    ...(patch ? [`update ${code(`PATCH ${patch}`)}`] : []),
    ...actions.map((a) => `${a.kind} ${code(`${a.method} ${a.path}`)}`),
  ];
}

function notes(m: ModelDefinition): string[] {
  return [
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
}

/** The model's tier in the default config (shared/config/default-sync-config.ts), or why it has none. */
function byDefault(m: ModelDefinition): string {
  if (m.nested) return 'not syncable';
  const configured = DEFAULT_SYNC_CONFIG.models.find((c) => c.modelId === m.modelId);
  return configured ? `**${configured.tier}**` : '—';
}

function row(m: ModelDefinition): string[] {
  const webhook = code(m.webhookNames[0] ?? shortId(m.modelId));
  return [
    code(m.modelId),
    byDefault(m),
    listing(m),
    writes(m),
    m.webhookNameKnown ? webhook : `${webhook} *`,
  ];
}

/** The nested lists, each with why no sync reads it: they are left out, and the config refuses them. */
function leftOut(): string {
  const nested = MODEL_CATALOG.filter((m) => m.nested);
  return [
    '## Left out: lists per parent',
    "These lists need a parent's id in their path and take no `modified_after`, so keeping one " +
      'fresh would mean listing it under every parent on every sync (a request or more per job, ' +
      'custom object or collection, at each cadence). They are left out: a config naming one fails ' +
      'at start with the reason, and so does an `expand` that would store them through their parent ' +
      '(they would go stale: `modified_after` ignores changes inside expanded objects).',
    nested.map((m) => `- ${code(m.modelId)} (${code(`GET ${m.path}`)}): ${m.nested!.reason}`).join('\n'),
  ].join('\n\n');
}

/** One bullet per model: its list path, relations, write endpoints and notes (too long for a table). */
function details(m: ModelDefinition): string {
  const parts = [
    `${code(`GET ${m.path}`)}`,
    ...(m.expandable.length > 0 ? [`expand: ${relations(m)}`] : []),
    ...(writeEndpoints(m).length > 0 ? [`writes: ${writeEndpoints(m).join(', ')}`] : []),
    ...(m.webhookNames.length > 1
      ? [`webhook names also accepted: ${m.webhookNames.slice(1).map(code).join(', ')}`]
      : []),
    ...notes(m),
  ];
  return `- ${code(m.modelId)}: ${parts.join('; ')}`;
}

/** A markdown table padded the way prettier formats it, so `prettier --check` accepts the file. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, 3, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const HEADER = ['Model id', 'Default', 'Listing', 'Writes', 'Webhook name'];

export function renderModelsDoc(): string {
  const sections = CATEGORIES.map((category) => {
    const models = MODEL_CATALOG.filter((m) => m.category === category);
    return [
      `## ${TITLES[category]} (${code(`/api/${category}/v1/`)})`,
      table(HEADER, models.map(row)),
      models.map(details).join('\n'),
    ].join('\n\n');
  });
  const legend = [
    '- **Model id**: what the sync config (`models[].modelId`) and stored records use. Any model with a ' +
      'plain list can be enabled (docs/configuration.md).',
    '- **Default**: its cadence tier in the default config (`shared/config/default-sync-config.ts`); ' +
      '— : available, not enabled by default.',
    '- **Listing**: `modified_after` means each sync asks only for what Merge changed since the last ' +
      'one; a **full listing** is read whole on every fetch (the list has no `modified_after`), and ' +
      'stored records it no longer returns are tombstoned with a deleted event (mark and sweep); its ' +
      "tier is its cadence. A model listed **per parent** needs the parent's id in its path and is " +
      'left out (see the end of this page).',
    '- **Writes**: what Merge accepts (POST create, PATCH update); the endpoints are in the list under ' +
      'each table.',
    '- **expand**: `expand` values. A relation to a listed model is stored as a record ' +
      'of that model; an **(inline)** one is a sub-object kept inside its parent; **(unconfirmed)**: ' +
      'the SDK types the field as ids only.',
    '- **Webhook name**: the `{Model}` of `{Model}.added` / `.changed` / `.removed` / `.synced`, ' +
      'first the name the reference gives; marked * where no source names it (assumed).',
  ].join('\n');
  const intro =
    'Generated from `shared/config/catalog/` by `npm run docs:models`; do not edit by hand. The data ' +
    "follows the project's Merge reference (`merge-common-models.md`, compiled 2026-12-03), checked by " +
    '`test/unit/config/catalog-reference.test.ts`.';
  return `${['# Supported Common Models', intro, legend, ...sections, leftOut()].join('\n\n')}\n`;
}

if (require.main === module) {
  writeFileSync(MODELS_DOC, renderModelsDoc());
  process.stdout.write(
    `wrote ${path.relative(process.cwd(), MODELS_DOC)} (${MODEL_CATALOG.length} models)\n`,
  );
}
