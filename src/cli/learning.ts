import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Invalid } from '../errors.js';
import { importCaseStudies } from '../modules/learning/case-studies/import.js';
import { exchangeCsv } from '../modules/learning/exchange/export.js';
import { searchExchange } from '../modules/learning/exchange/service.js';
import { openProgramme } from '../modules/programmes/context.js';
import { type DatabaseOptions, cliActor, cliCaller, withDatabase } from './context.js';
import { type Format, print, table } from './output.js';

interface Options extends DatabaseOptions {
  programme: string;
  format: Format;
}

/** `cairn casestudies import <file.csv> --programme <slug>` */
export async function caseStudiesImport(file: string, opts: Options) {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch {
    throw new Invalid(`Cannot read ${file}: check the file’s name and folder.`);
  }
  const result = await withDatabase(opts, 'cairn casestudies import', async (database) => {
    const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
    return importCaseStudies(database.db, ctx, cliActor(), bytes, basename(file));
  });
  if (opts.format === 'json') return print(`${JSON.stringify(result, null, 2)}\n`);
  const columns = [
    { header: 'row', value: (r: (typeof result.imported)[number]) => r.row },
    { header: 'title', value: (r: (typeof result.imported)[number]) => r.title },
    { header: 'status', value: (r: (typeof result.imported)[number]) => r.status },
    { header: 'themes', value: (r: (typeof result.imported)[number]) => r.themes.join('; ') },
    { header: 'place', value: (r: (typeof result.imported)[number]) => r.place },
    { header: 'organisation', value: (r: (typeof result.imported)[number]) => r.organisation },
  ];
  if (opts.format === 'csv') {
    const { csvOf } = await import('../spreadsheet/write.js');
    return print(csvOf([columns.map((c) => c.header), ...result.imported.map((r) => columns.map((c) => c.value(r)))]));
  }
  const lines = [`Imported ${result.imported.length} case stud${result.imported.length === 1 ? 'y' : 'ies'}.`];
  if (result.placesAdded.length)
    lines.push(`Added the place${result.placesAdded.length === 1 ? '' : 's'} ${result.placesAdded.join(', ')}.`);
  if (result.themesAdded.length)
    lines.push(`Added the programme theme${result.themesAdded.length === 1 ? '' : 's'} ${result.themesAdded.join(', ')}.`);
  print(`${lines.join('\n')}\n\n${table(result.imported, columns)}`);
}

/** `cairn exchange search "<query>" --programme <slug> --format csv|json` */
export async function exchangeSearch(query: string, opts: Options & { theme?: string; limit?: string }) {
  const limit = opts.limit === undefined ? 0 : Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 0) throw new Invalid('--limit must be a whole number, such as 20');
  const result = await withDatabase(opts, 'cairn exchange search', async (database) => {
    const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
    return searchExchange(database.db, ctx, { q: query, theme: opts.theme, page: 1, pageSize: limit });
  });
  if (opts.format === 'csv') return print(exchangeCsv(result));
  if (opts.format === 'json') {
    const rows = result.rows.map(({ position, score, snippet, caseStudy: c }) => ({
      rank: position,
      title: c.title,
      score,
      id: c.id,
      themes: c.themes,
      standards: c.standards,
      place: c.place?.name ?? null,
      nation: c.place?.nation ?? null,
      organisation: c.organisation.name,
      organisationType: c.organisation.type,
      partnership: c.partnership?.name ?? null,
      publishedAt: c.publishedAt,
      snippet: snippet.map((p) => p.text).join(''),
    }));
    return print(`${JSON.stringify(rows, null, 2)}\n`);
  }
  if (!result.rows.length) return print('No published case study matches.\n');
  print(
    table(result.rows, [
      { header: 'rank', value: (r) => r.position },
      { header: 'title', value: (r) => r.caseStudy.title },
      { header: 'score', value: (r) => r.score.toFixed(4) },
      { header: 'place', value: (r) => r.caseStudy.place?.name ?? '' },
      { header: 'themes', value: (r) => r.caseStudy.themes.join('; ') },
    ]),
  );
}
