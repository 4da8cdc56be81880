import { readFileSync } from 'node:fs';
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
});
