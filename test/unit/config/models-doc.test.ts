import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_SYNC_CONFIG } from '../../../shared/config/default-sync-config';
import { MODEL_CATALOG } from '../../../shared/config/model-catalog';
import { MODELS_DOC, renderModelsDoc } from '../../../scripts/docs-models';

/** How the README names each tier's cadence. */
const TIER_LABELS: Record<number, string> = { 5: '5 min', 60: 'hourly', 240: '4 h', 1440: 'daily' };
const CATEGORY_OF: Record<string, string> = {
  HRIS: 'hris',
  ATS: 'ats',
  CRM: 'crm',
  Accounting: 'accounting',
  Ticketing: 'ticketing',
  'File storage': 'filestorage',
};

/**
 * The README's table of defaults as `<model id> (<cadence>)`: rows of `| Category | Default (tier) |
 * Why |`, a row with no category continuing the one above; a cell lists `A, B (tier)` groups,
 * joined by `,` or `+` (what is added to Merge's use case).
 */
function defaultsTable(section: string): string[] {
  let category = '';
  const shown: string[] = [];
  for (const line of section.split('\n').filter((l) => l.startsWith('| '))) {
    const [name, models] = line
      .split('|')
      .slice(1, 3)
      .map((c) => c.trim());
    if (name === 'Category' || /^-+$/.test(name ?? '')) continue;
    if (name) category = CATEGORY_OF[name] ?? `unknown category ${name}`;
    for (const [, names, tier] of (models ?? '').matchAll(/([A-Za-z, ]+) \(([^)]+)\)/g)) {
      const group = names!.split(',').map((n) => n.trim());
      shown.push(...group.filter(Boolean).map((model) => `${category}.${model} (${tier})`));
    }
  }
  return shown;
}

describe('docs/models.md', () => {
  it('is what `npm run docs:models` renders from the catalog (run it after changing the catalog)', () => {
    expect(readFileSync(MODELS_DOC, 'utf8')).toBe(renderModelsDoc());
  });

  it('has one row per catalog model', () => {
    const rows = renderModelsDoc()
      .split('\n')
      .filter((line) => /^\| `[a-z]+\.[A-Za-z]+` /.test(line));
    expect(rows).toHaveLength(MODEL_CATALOG.length);
    expect(rows.find((r) => r.startsWith('| `accounting.Invoice` '))).toMatch(/\| create, update +\|/);
    const details = renderModelsDoc()
      .split('\n')
      .find((line) => line.startsWith('- `accounting.Invoice`:'));
    expect(details).toMatch(
      /`line_items` → InvoiceLineItem\[\] \(inline\).*create `POST invoices`, update `PATCH invoices\/\{id\}`, bulk `POST invoices\/bulk`/,
    );
  });

  it("the README's summary matches the catalog and the default config", () => {
    const readme = readFileSync(path.join(__dirname, '../../../README.md'), 'utf8');
    const section = readme
      .slice(readme.indexOf('## What syncs'), readme.indexOf('## Deploy to AWS'))
      .replace(/\s+/g, ' ');
    const syncable = MODEL_CATALOG.filter((m) => !m.nested);
    expect(section).toContain(`(${syncable.length} of the ${MODEL_CATALOG.length} the catalog knows)`);
    const fullListing = syncable.filter((m) => !m.modifiedAfter).map((m) => m.modelName);
    expect(fullListing).toHaveLength(5);
    expect(section).toContain('Five accounting lists take no `modified_after`');
    for (const name of fullListing) expect(section).toContain(name);
    expect(MODEL_CATALOG.length - syncable.length).toBe(6);
    expect(section).toContain('Six lists exist only per parent');
    const defaults = renderModelsDoc()
      .split('\n')
      .filter((line) => /^\| `[a-z]+\.[A-Za-z]+` +\| \*\*/.test(line));
    expect(defaults).toHaveLength(DEFAULT_SYNC_CONFIG.models.length);
  });

  it("the README's table of defaults names every default model with its tier, and nothing else", () => {
    const readme = readFileSync(path.join(__dirname, '../../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## What syncs'), readme.indexOf('## Write back'));
    const shown = defaultsTable(section);
    const label = (tier: string) => {
      const minutes = DEFAULT_SYNC_CONFIG.tiers.find((t) => t.name === tier)!.everyMinutes;
      return TIER_LABELS[minutes] ?? `${minutes} min`;
    };
    const configured = DEFAULT_SYNC_CONFIG.models.map((m) => `${m.modelId} (${label(m.tier)})`);
    expect(shown.sort()).toEqual(configured.sort());
  });
});
