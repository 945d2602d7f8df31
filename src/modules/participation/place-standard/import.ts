/**
 * Scores from a file (`cairn placestandard import`, issue 18 point 8): a CSV with the columns
 * `respondent,locality,wave,theme_1,…,theme_14`, a blank score meaning not answered. Every row is
 * checked (domain/place-standard.ts `readPlaceRows`, plus respondents already in the survey for that
 * wave) and every problem is named by row and column; one problem and nothing is written.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/database.js';
import { type FieldError, Invalid } from '../../../errors.js';
import { refuseControlCellsInGrid } from '../../../spreadsheet/control-cells.js';
import { csvGrid, detectKind, normaliseHeader } from '../../../spreadsheet/read.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import type { ProgrammeContext } from '../../programmes/context.js';
import { readPlaceRows } from '../domain/place-standard.js';
import { placeThemes } from '../domain/place-wording.js';
import { placeResponses } from './schema.js';
import { loadSurvey, requireRunner } from './service.js';

export const MAX_IMPORT_ROWS = 50_000;

export function placeColumns(themeCount: number): string[] {
  return ['respondent', 'locality', 'wave', ...Array.from({ length: themeCount }, (_, i) => `theme_${i + 1}`)];
}

/** The file's rows keyed by column, with the row number a spreadsheet shows for each. */
export function readScoresFile(bytes: Uint8Array, themeCount: number): { rows: Record<string, string>[]; rowNumbers: number[] } {
  if (detectKind(bytes) !== 'csv') throw new Invalid('Import the scores as a CSV file (save the spreadsheet as “CSV UTF-8”).');
  const grid = csvGrid(bytes, {
    maxRows: MAX_IMPORT_ROWS + 1,
    tooManyRows: () =>
      new Invalid(`The file has more than ${MAX_IMPORT_ROWS.toLocaleString('en-GB')} rows. Split it and import each part.`),
  });
  const headerIndex = grid.findIndex((r) => r.some((c) => c !== ''));
  if (headerIndex < 0) throw new Invalid('The file is empty. It needs a header row: respondent,locality,wave,theme_1,…,theme_14.');
  refuseControlCellsInGrid(grid, headerIndex);
  const headers = grid[headerIndex]!.map(normaliseHeader);
  const expected = placeColumns(themeCount);
  const missing = expected.filter((c) => !headers.includes(c));
  const unknown = grid[headerIndex]!.filter((h, i) => h !== '' && !expected.includes(headers[i]!));
  const errors: FieldError[] = [
    ...missing.map((c) => ({ path: ['columns', c], message: `The column ${c} is missing` })),
    ...unknown.map((h) => ({
      path: ['columns', h],
      message: `“${h}” is not a column Cairn knows: the columns are ${expected.join(', ')}`,
    })),
  ];
  const dupes = headers.filter((h, i) => h !== '' && headers.indexOf(h) !== i);
  for (const d of new Set(dupes)) errors.push({ path: ['columns', d], message: `The column ${d} appears twice` });
  if (errors.length) throw new Invalid(`The header row must be ${expected.join(',')}. ${errors[0]!.message}.`, errors);
  const rows: Record<string, string>[] = [];
  const rowNumbers: number[] = [];
  grid.forEach((cells, i) => {
    if (i <= headerIndex || cells.every((c) => c === '')) return;
    rows.push(Object.fromEntries(headers.map((h, j) => [h, cells[j] ?? ''])));
    rowNumbers.push(i + 1);
  });
  if (rows.length === 0) throw new Invalid('The file has a header row but no responses under it.');
  return { rows, rowNumbers };
}

export interface PlaceImportResult {
  survey: string;
  imported: number;
  /** Responses by locality and wave, as imported. */
  groups: { locality: string; wave: string; responses: number }[];
}

/** Imports every row, or nothing: a problem anywhere is a 422 listing each problem by row and column. */
export async function importScores(
  db: Db,
  ctx: ProgrammeContext,
  actor: Actor,
  slug: string,
  bytes: Uint8Array,
): Promise<PlaceImportResult> {
  requireRunner(ctx);
  return db.transaction(async (tx) => {
    const survey = await loadSurvey(tx, ctx, slug);
    const themeCount = placeThemes(survey.wording, survey.version).length;
    const { rows, rowNumbers } = readScoresFile(bytes, themeCount);
    const { responses, problems } = readPlaceRows(rows, themeCount, survey.scale);
    const rowOf = (r: number) => rowNumbers[r - 2] ?? r;
    const errors: FieldError[] = problems.map((p) => ({
      path: ['rows', rowOf(p.row), p.field],
      message: p.message.replace(/on row (\d+)/, (_, n) => `on row ${rowOf(Number(n))}`),
    }));
    if (!errors.length) {
      const refs = [...new Set(responses.map((r) => r.respondent.toLowerCase()))];
      const existing = new Set<string>();
      for (let i = 0; i < refs.length; i += 1000) {
        const found = await tx
          .select({ respondent: placeResponses.respondent, wave: placeResponses.wave })
          .from(placeResponses)
          .where(and(eq(placeResponses.surveyId, survey.id), inArray(sql`lower(${placeResponses.respondent})`, refs.slice(i, i + 1000))));
        for (const f of found) existing.add(`${f.respondent.toLowerCase()}\u0000${f.wave.toLowerCase()}`);
      }
      responses.forEach((r, i) => {
        if (existing.has(`${r.respondent.toLowerCase()}\u0000${r.wave.toLowerCase()}`))
          errors.push({
            path: ['rows', rowNumbers[i]!, 'respondent'],
            message: `Respondent ${r.respondent} already answered wave ${r.wave} in this survey`,
          });
      });
    }
    if (errors.length) {
      const [row, field] = errors[0]!.path.slice(1);
      const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
      throw new Invalid(`Nothing was imported. Row ${row}, ${field}: ${errors[0]!.message}${more}.`, errors.slice(0, 200));
    }
    const themes = placeThemes(survey.wording, survey.version);
    for (let i = 0; i < responses.length; i += 1000) {
      await tx.insert(placeResponses).values(
        responses.slice(i, i + 1000).map((r) => ({
          surveyId: survey.id,
          respondent: r.respondent,
          locality: r.locality,
          wave: r.wave,
          kind: 'individual' as const,
          source: 'import' as const,
          scores: [...r.scores],
          comments: themes.map(() => ({ good: '', better: '' })),
        })),
      );
    }
    const groups = new Map<string, { locality: string; wave: string; responses: number }>();
    for (const r of responses) {
      const k = `${r.locality.toLowerCase()}\u0000${r.wave.toLowerCase()}`;
      const g = groups.get(k) ?? groups.set(k, { locality: r.locality, wave: r.wave, responses: 0 }).get(k)!;
      g.responses++;
    }
    await recordAudit(tx, actor, {
      programmeId: ctx.programme.id,
      entityType: 'place-survey',
      entityId: survey.id,
      action: 'import',
      summary: `Imported ${responses.length} Place Standard responses into ${survey.title}`,
    });
    return { survey: survey.slug, imported: responses.length, groups: [...groups.values()] };
  });
}
