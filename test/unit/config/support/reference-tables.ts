import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The verbatim copy of the reference's tables (merge-common-models §1.1, §2, §5.2). */
export const REFERENCE_TABLES = path.join(
  __dirname,
  '../../../fixtures/reference/merge-common-models-tables.md',
);

/** One markdown table: the `###` heading above it and its rows keyed by header cell. */
export interface MarkdownTable {
  heading: string;
  rows: Record<string, string>[];
}

/** Splits a table line into cells (no cell of these tables contains a `|`). */
const cellsOf = (line: string): string[] =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());

export function parseTables(markdown: string): MarkdownTable[] {
  const tables: MarkdownTable[] = [];
  let heading = '';
  let header: string[] | undefined;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('#')) heading = line.replace(/^#+\s*/, '');
    if (!line.startsWith('|')) {
      header = undefined;
      continue;
    }
    const cells = cellsOf(line);
    if (!header) {
      header = cells;
      tables.push({ heading, rows: [] });
    } else if (!cells.every((c) => /^-+$/.test(c))) {
      const row = Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
      tables[tables.length - 1]!.rows.push(row);
    }
  }
  return tables;
}

export const readReferenceTables = (): MarkdownTable[] => parseTables(readFileSync(REFERENCE_TABLES, 'utf8'));

/** Splits on commas that are not inside parentheses. */
export function splitTopLevel(text: string, separator = ','): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === separator && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

/** Backticked code spans of a cell, in order. */
export const codeSpans = (text: string): string[] => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

/** One `expand` entry of a §2 row: the field, and the target type when the row names one. */
export interface ReferenceRelation {
  field: string;
  /** Target type name (`Employee`), undefined when the row gives none (a UUID-typed field). */
  target?: string;
  many: boolean;
}

export function parseExpand(cell: string): ReferenceRelation[] {
  if (cell === '—') return [];
  return splitTopLevel(cell).map((entry) => {
    const field = codeSpans(entry)[0]!;
    // `x`→Type, `x`→Type[], `x`→A or A[], `x` (nested, → Type), `x` (field typed as UUID list)
    const arrow = /→\s*([A-Za-z]+)(\[\])?(?:\s+or\s+[A-Za-z]+(\[\]))?/.exec(entry);
    if (!arrow) return { field, many: false };
    return { field, target: arrow[1], many: Boolean(arrow[2] ?? arrow[3]) };
  });
}

/** `POST \`path\`; PATCH \`path\`` → ['POST path', 'PATCH path']. */
export const parseWrites = (cell: string): string[] =>
  cell === '—'
    ? []
    : cell.split(';').map((w) => {
        const [method] = w.trim().split(/\s+/);
        return `${method} ${codeSpans(w)[0]}`;
      });

/** `patch/{id}, post` → ['patch', 'post']. */
export const parseMeta = (cell: string): string[] =>
  cell === '—' ? [] : cell.split(',').map((m) => (m.trim().startsWith('patch') ? 'patch' : 'post'));

/** `(`/api/hris/v1/`)` in a §2 heading → `hris`. */
export const categoryOfHeading = (heading: string): string | undefined =>
  /\/api\/([a-z]+)\/v1\//.exec(heading)?.[1];

/** §5.2 and §1.1 name categories as words. */
export const CATEGORY_WORDS: Record<string, string> = {
  HRIS: 'hris',
  ATS: 'ats',
  CRM: 'crm',
  Accounting: 'accounting',
  Ticketing: 'ticketing',
  'File Storage': 'filestorage',
};
