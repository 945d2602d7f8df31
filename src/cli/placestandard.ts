import { readFileSync } from 'node:fs';
import { Invalid } from '../errors.js';
import { csvOf } from '../spreadsheet/write.js';
import { importScores } from '../modules/participation/place-standard/import.js';
import { loadSurvey } from '../modules/participation/place-standard/service.js';
import { summaryCsv, surveySummary } from '../modules/participation/place-standard/summary.js';
import { placeSummaryRow } from '../modules/participation/domain/place-standard.js';
import { openProgramme } from '../modules/programmes/context.js';
import { type DatabaseOptions, cliActor, cliCaller, withDatabase } from './context.js';
import { type Format, print, table } from './output.js';

interface Options extends DatabaseOptions {
  programme: string;
  survey: string;
  format: Format;
}

function readFile(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new Invalid(code === 'ENOENT' ? `There is no file ${file}.` : `Cannot read ${file} (${code ?? 'unknown error'}).`);
  }
}

/** `cairn placestandard import <file.csv> --programme <slug> --survey <slug>` */
export async function placeStandardImport(file: string, opts: Options) {
  const bytes = readFile(file);
  const result = await withDatabase(opts, 'cairn placestandard import', async (database) => {
    const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
    return importScores(database.db, ctx, cliActor(), opts.survey, bytes);
  });
  if (opts.format === 'json') return print(`${JSON.stringify(result, null, 2)}\n`);
  if (opts.format === 'csv')
    return print(csvOf([['locality', 'wave', 'responses'], ...result.groups.map((g) => [g.locality, g.wave, String(g.responses)])]));

  print(
    `Imported ${result.imported} response${result.imported === 1 ? '' : 's'} into ${result.survey}:\n\n${table(result.groups, [
      { header: 'locality', value: (g) => g.locality },
      { header: 'wave', value: (g) => g.wave },
      { header: 'responses', value: (g) => g.responses },
    ])}`,
  );
}

/** `cairn placestandard summary --programme <slug> --survey <slug> --format csv|json` */
export async function placeStandardSummary(opts: Options) {
  const rows = await withDatabase(opts, 'cairn placestandard summary', async (database) => {
    const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
    return surveySummary(database.db, await loadSurvey(database.db, ctx, opts.survey));
  });
  if (opts.format === 'csv') return print(summaryCsv(rows));
  if (opts.format === 'json')
    return print(
      `${JSON.stringify(
        rows.map((r) => ({
          ...placeSummaryRow(r),
          responses: r.responses,
          theme: r.theme,
          median: r.median,
          mean: r.mean,
          respondents: r.respondents,
          suppressed: r.suppressed,
        })),
        null,
        2,
      )}\n`,
    );
  const cells = rows.map(placeSummaryRow);
  print(
    table(
      cells,
      ['locality', 'wave', 'theme', 'theme_name', 'responses', 'median', 'mean'].map((c) => ({
        header: c,
        value: (r: Record<string, string>) => r[c],
      })),
    ),
  );
}
