import { writeFileSync } from 'node:fs';
import { Invalid } from '../errors.js';
import type { PortfolioTable } from '../modules/monitoring/domain/portfolio-table.js';
import { tableToCsv, tableToMarkdown, tableWithNotesToCsv } from '../modules/monitoring/domain/render-table.js';
import { portfolioFor } from '../modules/monitoring/portfolio/service.js';
import { openProgramme } from '../modules/programmes/context.js';
import { type DatabaseOptions, cliCaller, withDatabase } from './context.js';
import { writeXlsx as writeSheet } from '../spreadsheet/write.js';
import type { TableFormat } from './define.js';
import { print, table } from './output.js';

interface TableOptions extends DatabaseOptions {
  programme: string;
  period: string;
  format: TableFormat;
  output?: string;
}

const figure = (v: number | null) => (v === null ? '-' : v.toLocaleString('en-GB', { maximumFractionDigits: 2 }));

/** For a terminal: the figures padded into columns by indicator key, the Total, who reported, then the notes. */
function plainTable(t: PortfolioTable): string {
  type Line = { name: string; cells: string[] };
  const lines: Line[] = [
    ...t.rows.map((r) => ({
      name: r.name + r.markers.map((m) => (/^\*+$/.test(m) ? m : `[${m}]`)).join(''),
      cells: t.indicators.map(
        (i) => figure(r.cells[i.key]!.value) + r.cells[i.key]!.markers.map((m) => (/^\*+$/.test(m) ? m : `[${m}]`)).join(''),
      ),
    })),
    {
      name: 'Total',
      cells: t.indicators.map((i) => figure(t.totals[i.key]!.value) + (t.totals[i.key]!.basis === 'mean' ? ' (mean)' : '')),
    },
    {
      name: 'Reported by',
      cells: t.indicators.map((i) => {
        const c = t.coverage[i.key]!;
        return `${c.reported} of ${c.partnerships}${t.onTimeKnown ? ` (${c.reportedOnTime} on time)` : ''}`;
      }),
    },
  ];
  const out = table(lines, [
    { header: 'partnership', value: (l) => l.name },
    ...t.indicators.map((ind, j) => ({ header: ind.key, value: (l: Line) => l.cells[j] })),
  ]);
  return out + t.footnotes.map((f) => `${/^\*+$/.test(f.marker) ? f.marker : `[${f.marker}]`} ${f.text}\n`).join('');
}

/** The same rows as the CSV, figures as numbers so the sheet can add them up, and the notes below. */
async function writeXlsx(t: PortfolioTable, file: string) {
  const keys = t.indicators.map((i) => i.key);
  const num = (v: number | null) => (v === null ? '-' : v);
  const bold = (value: string | number) => ({ value, fontWeight: 'bold' as const });
  const sheet = [
    ['partnership', ...keys].map(bold),
    ...t.rows.map((r) => [r.name + r.markers.join(' '), ...keys.map((k) => num(r.cells[k]!.value))]),
    [bold('Total'), ...keys.map((k) => bold(num(t.totals[k]!.value)))],
    ['Reported by', ...keys.map((k) => `${t.coverage[k]!.reported} of ${t.coverage[k]!.partnerships}`)],
    ...(t.footnotes.length ? [[], ...t.footnotes.map((f) => [`${f.marker} ${f.text}`])] : []),
  ];
  await writeSheet(file, sheet, { sheet: 'Portfolio', columns: [{ width: 40 }, ...keys.map(() => ({ width: 16 }))] });
}

/** `cairn monitoring …`: another file may add subcommands to the same `monitoring` command, so find it first. */
export async function monitoringTable(opts: TableOptions) {
  if (opts.format === 'xlsx' && !opts.output) throw new Invalid('An .xlsx file cannot be printed: give --output <file.xlsx>.');
  const answer = await withDatabase(opts, 'cairn monitoring table', async (database) => {
    const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
    return portfolioFor(database.db, ctx, opts.period);
  });
  if (opts.format === 'xlsx') {
    await writeXlsx(answer.table, opts.output!);
    print(`Wrote the ${answer.period.label} table to ${opts.output}\n`);
    return;
  }
  const text =
    opts.format === 'csv'
      ? tableToCsv(answer.table)
      : opts.format === 'csv-with-notes'
        ? tableWithNotesToCsv(answer.table)
        : opts.format === 'md'
          ? tableToMarkdown(answer.table)
          : opts.format === 'json'
            ? `${JSON.stringify(answer, null, 2)}\n`
            : `${answer.period.label}: from ${answer.basis}\n\n${plainTable(answer.table)}`;
  if (opts.output) {
    writeFileSync(opts.output, text);
    print(`Wrote the ${answer.period.label} table to ${opts.output}\n`);
  } else print(text);
}
