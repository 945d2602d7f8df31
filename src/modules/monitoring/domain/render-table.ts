/**
 * The portfolio table as text: CSV for spreadsheets and other tools (the plain table, and the table with
 * its notes), Markdown for reading. The plain CSV and Markdown print not-reported and missing cells as
 * `-`, as funders' published tables do; Markdown marks a partnership that sent no return.
 */
import { csvOf } from '../../../spreadsheet/write.js';
import type { PortfolioTable, ReturnState, TableCell, TotalCell } from './portfolio-table.js';

const NOT_REPORTED = '-';

/** A mean is rounded to 2 places; a reported figure or a sum is printed exactly as it is. */
function plain(total: TotalCell): string {
  if (total.value === null) return NOT_REPORTED;
  return total.basis === 'mean' ? String(Math.round(total.value * 100) / 100) : String(total.value);
}

/**
 * CSV: a header `partnership,<indicator keys…>`, a row per partnership, then the `Total` row, and
 * nothing else, so the file loads straight back into a spreadsheet or into `cairn monitoring import`.
 * Notes and reported-by counts are in the Markdown and the UI, not here.
 */
export function tableToCsv(table: PortfolioTable): string {
  const keys = table.indicators.map((i) => i.key);
  const cell = (c: TableCell) => (c.value === null ? NOT_REPORTED : String(c.value));
  return csvOf([
    ['partnership', ...keys],
    ...table.rows.map((r) => [r.name, ...keys.map((k) => cell(r.cells[k]!))]),
    ['Total', ...keys.map((k) => plain(table.totals[k]!))],
  ]);
}

const RETURN_WORDS: Record<ReturnState, string> = { 'on-time': 'on time', late: 'late', sent: 'sent', none: 'no return' };

/**
 * The table as people read it in a spreadsheet, notes and all: `partnership,return,<indicator keys…>,notes`.
 * `return` says whether the partnership's return came on time, late, sent (when is not known) or not at all
 * ("no return"); a cell is the figure, `-` where the return says the figure is not reported, and empty
 * where there is no figure at all (no return, or the return left it out). `notes` holds each note in
 * full with its marker, a note on figures after their indicators' keys. The Total row ends the file.
 */
export function tableWithNotesToCsv(table: PortfolioTable): string {
  const keys = table.indicators.map((i) => i.key);
  const noteOf = new Map(table.footnotes.map((f) => [f.marker, f.text]));
  const cell = (c: TableCell) => (c.status === 'reported' ? String(c.value) : c.status === 'not-reported' ? NOT_REPORTED : '');
  const notes = (r: PortfolioTable['rows'][number]) => {
    // The same note on several figures of a row is printed once, after the keys it is on.
    const keysOf = new Map<string, string[]>();
    for (const k of keys) for (const m of r.cells[k]!.markers) keysOf.set(m, [...(keysOf.get(m) ?? []), k]);
    return [
      ...r.markers.map((m) => `${m} ${noteOf.get(m) ?? ''}`),
      ...[...keysOf].map(([m, on]) => `${on.join(', ')}: ${m} ${noteOf.get(m) ?? ''}`),
    ].join('; ');
  };
  return csvOf([
    ['partnership', 'return', ...keys, 'notes'],
    ...table.rows.map((r) => [r.name, RETURN_WORDS[r.returnState], ...keys.map((k) => cell(r.cells[k]!)), notes(r)]),
    ['Total', '', ...keys.map((k) => plain(table.totals[k]!)), ''],
  ]);
}

/** Characters Markdown would read as formatting, and the table's column separator. */
const escapeMarkdown = (text: string): string => text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);

/** Asterisk markers are escaped so they show as asterisks; numbered ones are bracketed so 34 and note 1 do not read as 341. */
const markerText = (marker: string): string => (/^\*+$/.test(marker) ? escapeMarkdown(marker) : `[${marker}]`);

const grouped = (n: number): string => n.toLocaleString('en-GB', { maximumFractionDigits: 2 });

/**
 * Markdown: the indicator labels as headings, figures with thousands separators, footnote markers
 * after the partnership name (a note on the whole return) or after the figure (a note on one value),
 * a Total row, a "Reported by" row (N of M, and how many on time when timeliness is known), then the
 * footnotes.
 */
export function tableToMarkdown(table: PortfolioTable): string {
  const keys = table.indicators.map((i) => i.key);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const marked = (text: string, markers: string[]) => text + markers.map(markerText).join('');
  const cell = (c: TableCell) => marked(c.value === null ? NOT_REPORTED : grouped(c.value), c.markers);
  const total = (t: TotalCell) => {
    if (t.value === null) return NOT_REPORTED;
    return t.basis === 'mean' ? `**${grouped(t.value)}** (mean)` : `**${grouped(t.value)}**`;
  };
  const reportedBy = (key: string) => {
    const c = table.coverage[key]!;
    const base = `${c.reported} of ${c.partnerships}`;
    return table.onTimeKnown ? `${base} (${c.reportedOnTime} on time)` : base;
  };

  const lines = [
    line(['Partnership', ...table.indicators.map((i) => escapeMarkdown(i.label))]),
    line(['---', ...keys.map(() => '---:')]),
    ...table.rows.map((r) =>
      line([
        marked(escapeMarkdown(r.name), r.markers) + (r.returnState === 'none' ? ' (no return)' : ''),
        ...keys.map((k) => cell(r.cells[k]!)),
      ]),
    ),
    line(['**Total**', ...keys.map((k) => total(table.totals[k]!))]),
    line(['Reported by', ...keys.map(reportedBy)]),
  ];
  // A blank line between footnotes: Markdown would otherwise run them into one paragraph.
  const notes = table.footnotes.map((f) => `${markerText(f.marker)} ${escapeMarkdown(f.text)}`);
  return `${[lines.join('\n'), ...notes].join('\n\n')}\n`;
}
