import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_SYNC_CONFIG } from '../../../shared/config/default-sync-config';
import { MODEL_CATALOG } from '../../../shared/config/model-catalog';
import { MODELS_DOC, renderModelsDoc } from '../../../scripts/docs-models';

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
    for (const { modelId } of DEFAULT_SYNC_CONFIG.models)
      expect(section).toMatch(new RegExp(`\\b${modelId.slice(modelId.indexOf('.') + 1)}\\b`));
  });
});
