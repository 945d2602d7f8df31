import { writeFile } from 'node:fs/promises';
import { Invalid } from '../errors.js';
import { crosstabCsv, crosstabFor, crosstabView, matrixFor } from '../modules/evaluation/analysis/crosstab.js';
import type { ProtectedRow } from '../modules/evaluation/domain/disclosure.js';
import { loadEvaluation } from '../modules/evaluation/evaluations/service.js';
import { openProgramme } from '../modules/programmes/context.js';
import { type DatabaseOptions, cliActor, cliCaller, withDatabase } from './context.js';
import { writeXlsx as writeSheet } from '../spreadsheet/write.js';
import { print } from './output.js';

interface Common extends DatabaseOptions {
  programme: string;
  evaluation: string;
  phase?: string;
  place?: string;
  participantType?: string;
  output?: string;
}
interface CrosstabOptions extends Common {
  family: string;
  by?: string;
  format: 'csv' | 'xlsx' | 'json';
  includeSmallGroups?: boolean;
}
interface MatrixOptions extends Common {
  family?: string;
}

async function emit(text: string, output: string | undefined) {
  if (output) {
    await writeFile(output, text);
    process.stderr.write(`Wrote ${output}\n`);
  } else print(text);
}

/** The cross-tab as a sheet: the same columns as the CSV, counts and percents as numbers, blanks where suppressed. */
async function writeCrosstabXlsx(rows: readonly ProtectedRow[], file: string, note: string) {
  const bold = (value: string) => ({ value, fontWeight: 'bold' as const });
  const sheet = [
    ['group', 'n_group', 'code', 'n_code', 'percent'].map(bold),
    ...rows.map((r) => [r.group, r.nGroup ?? '', r.code, r.nCode ?? '', r.percent ?? '']),
    ...(note ? [[], [note]] : []),
  ];
  await writeSheet(file, sheet, {
    sheet: 'Crosstab',
    columns: [{ width: 30 }, { width: 10 }, { width: 40 }, { width: 10 }, { width: 10 }],
  });
}

/** `cairn analyse crosstab` and `cairn analyse matrix`. */
export async function analyseCrosstab(opts: CrosstabOptions) {
  if (opts.format === 'xlsx' && !opts.output) throw new Invalid('An .xlsx file needs --output <file.xlsx>.');
  await withDatabase(opts, 'cairn analyse crosstab', async (database) => {
    const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
    const include = Boolean(opts.includeSmallGroups);
    // Disclosure control is applied once, in crosstabFor: JSON, CSV and XLSX are all written from its table.
    const result = await crosstabFor(
      database.db,
      ctx,
      cliActor(),
      await loadEvaluation(database.db, ctx, opts.evaluation),
      {
        family: opts.family,
        by: opts.by,
        phase: opts.phase,
        place: opts.place,
        participantType: opts.participantType,
        includeSmallGroups: include,
      },
      { use: `as ${opts.format.toUpperCase()} from the command line` },
    );
    if (opts.format === 'json') return emit(`${JSON.stringify(crosstabView(result), null, 2)}\n`, opts.output);
    const { csv, suppressed } = crosstabCsv(result);
    // Group names only: a suppressed group's size is not given here either.
    const names = (reason: string) =>
      suppressed
        .filter((g) => g.reason === reason)
        .map((g) => g.group)
        .join(', ');
    const note = suppressed.length
      ? `Counts blanked for groups under ${result.threshold} respondents: ${names('small group')}${names('secondary') ? `; and, so that those cannot be worked out from the totals: ${names('secondary')}` : ''}.`
      : '';
    if (note) process.stderr.write(`${note} Use --include-small-groups to show them.\n`);
    if (result.table.overlapping)
      process.stderr.write(
        'Some respondents are in more than one group (a project with several themes), so group sizes add up to more than the total.\n',
      );
    if (opts.format === 'xlsx') {
      await writeCrosstabXlsx(result.table.rows, opts.output!, note);
      process.stderr.write(`Wrote ${opts.output}\n`);
      return;
    }
    return emit(csv, opts.output);
  });
}

export async function analyseMatrix(opts: MatrixOptions) {
  await withDatabase(opts, 'cairn analyse matrix', async (database) => {
    const ctx = await openProgramme(database.db, cliCaller(), opts.programme);
    const evaluation = await loadEvaluation(database.db, ctx, opts.evaluation, 'evaluator');
    const { csv } = await matrixFor(database.db, ctx, cliActor(), evaluation, {
      family: opts.family,
      phase: opts.phase,
      place: opts.place,
      participantType: opts.participantType,
    });
    await emit(csv, opts.output);
  });
}
